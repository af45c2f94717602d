"""Cold start: Luminora's first `POST /message` in a fresh process, beside bare Chalice apps' GetItem.

    python -m bench.cold_start [--runs 7]

Each run is a new Python process (`bench.cold_child`) that imports the app and serves one request
through the Lambda handler (`app.app(event, context)`), against moto's DynamoDB server on 127.0.0.1.
The clock runs inside the child from before the import to the end of the first request: it includes
importing Chalice, boto3 and our code, building the services and the DynamoDB client, and the
request's DynamoDB round trips; it leaves out the interpreter's own start (reported apart, measured
by the parent) and the Lambda runtime's. As in the deployed stages, the turn leaves its deep analysis
to the table's stream (``LUMINORA_ANALYSIS_MODE=stream``): nothing runs after its write. moto runs in
the parent, not in the child: in-process moto would import requests, werkzeug and cryptography before
the clock starts and hide part of the cost. Its transactions roll back their own items rather than a copy of the table
per action (`bench.motofast`), so that its time does not grow with the table (DynamoDB's does not).

The budget (DESIGN.md) holds Luminora's time against the bare app that also validates its body with one
pydantic model (`bench.bare_pydantic_app`): what the mandated stack (Chalice, boto3, pydantic) costs by
itself. Three more yardsticks are printed beside it: the bare app alone (`bench.bare_app`); the bare app
replaying the DynamoDB requests of Luminora's first turn, recorded here before the runs
(`bench.turn_io_app`), shows what the design's storage costs on moto by itself; the bare app starting as
Luminora does, with the garbage collector paused while it builds its client (`bench.bare_frozen_app`),
shows what that saves any app, and so what Luminora's own code costs beside an app that starts the same
way. Luminora's and the yardsticks' modules are compiled to bytecode before the runs, as the deployment
zip carries them (`scripts.bytecode`) and as installed packages already are compiled; the apps then run
in turn, after one untimed warm-up each.
"""

from __future__ import annotations

import argparse
import compileall
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import report

ROOT = Path(__file__).resolve().parent.parent
TABLE = "bench-cold"
BUDGET_RATIO = 1.3


def run(runs: int = 11) -> dict[str, Any]:
    """Start moto's server, time ``runs`` cold starts of each app, return the figures."""
    report.offline_aws()
    import boto3
    from moto.server import ThreadedMotoServer

    from bench.motofast import one_snapshot_per_transaction
    from scripts.table import create_table

    # moto copies the whole table for each action of a TransactWriteItems: a stand-in's cost that grows
    # with the table and that DynamoDB does not have. The turn's transaction rolls back its own items.
    one_snapshot_per_transaction()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    cpus = _cpus()
    if len(cpus) > 1:  # moto's server, started here, keeps to the first CPU; the apps run on the last
        os.sched_setaffinity(0, {cpus[0]})
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        client = boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1")
        create_table(client, TABLE)
        for i in range(runs + 1):
            client.put_item(TableName=TABLE, Item={"PK": {"S": f"ITEM#bare-{i}"}, "SK": {"S": "ITEM"},
                                                   "value": {"S": "a small item"}})
        _compile()
        with tempfile.TemporaryDirectory(prefix="luminora-cold-") as tmp:
            recorded = Path(tmp) / "turn-requests.json"
            recorded.write_text(json.dumps(_record_turn(client)), encoding="utf-8")
            return _measure(url, runs, recorded, cpus[-1] if len(cpus) > 1 else None)
    finally:
        server.stop()
        if len(cpus) > 1:
            os.sched_setaffinity(0, set(cpus))


def _compile() -> None:
    """Bytecode for our own modules, which a machine with PYTHONDONTWRITEBYTECODE would never cache."""
    compileall.compile_file(ROOT / "app.py", quiet=2)
    for folder in ("chalicelib", "bench"):
        compileall.compile_dir(ROOT / folder, quiet=2)


def _record_turn(client: Any) -> list[dict[str, Any]]:
    """The DynamoDB requests of Luminora's first turn for a new user, as the code makes them."""
    from bench.lambda_event import FIRST_MESSAGE, RECORDED_USER
    from chalicelib.bootstrap import build_services
    from chalicelib.config import Settings
    from chalicelib.models import DEFAULT_PERSONALITY, TurnInput

    calls: list[dict[str, Any]] = []

    def keep(params: dict[str, Any], model: Any, **_: Any) -> None:
        calls.append({"operation": model.name, "params": json.loads(json.dumps(params))})

    client.meta.events.register("provide-client-params.dynamodb", keep)
    try:
        services = build_services(Settings(table_name=TABLE, demo_mode=True, analysis_mode="off"),
                                  dynamodb_client=client)
        turn = TurnInput("bench", RECORDED_USER, f"{RECORDED_USER}-s1", FIRST_MESSAGE, DEFAULT_PERSONALITY)
        services.conversation.take_turn(turn)
    finally:
        client.meta.events.unregister("provide-client-params.dynamodb", keep)
    return calls


def _measure(url: str, runs: int, recorded: Path, cpu: int | None) -> dict[str, Any]:
    env = {**os.environ, **report.OFFLINE_AWS, "AWS_ENDPOINT_URL_DYNAMODB": url, "DYNAMODB_TABLE_NAME": TABLE,
           "BENCH_TURN_REQUESTS": str(recorded),
           "LUMINORA_DEMO_MODE": "true", "LUMINORA_ANALYSIS_MODE": "stream"}
    env.pop("DEEPSEEK_API_KEY", None)
    samples: dict[str, list[dict[str, float]]] = {
        "luminora": [], "bare": [], "bare+pydantic": [], "turn-io": [], "bare-frozen": []}
    kinds = list(samples)
    for i in range(runs + 1):
        # Each round starts with the next app, so that no app always runs first, or after the same one.
        for kind in kinds[i % len(kinds):] + kinds[:i % len(kinds)]:
            sample = _child(kind, f"{kind}-{i}", env, cpu)
            if i:  # the first round is the warm-up
                samples[kind].append(sample)
    return _figures(samples)


def _cpus() -> list[int]:
    return sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


def _child(kind: str, user: str, env: dict[str, str], cpu: int | None) -> dict[str, float]:
    """One cold start of ``kind``, on ``cpu`` when given (away from moto's server)."""
    pin = None if cpu is None else (lambda: os.sched_setaffinity(0, {cpu}))
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.cold_child", kind, user],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False, preexec_fn=pin,
    )
    wall = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"cold start of {kind} failed: {done.stderr.strip()[-2000:]}")
    sample: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    sample["process_wall_ms"] = wall
    return sample


def _figures(samples: dict[str, list[dict[str, float]]]) -> dict[str, Any]:
    medians = {
        kind: {key: round(report.median([s[key] for s in runs]), 1)
               for key in ("import_ms", "first_request_ms", "total_ms", "process_wall_ms", "modules")}
        for kind, runs in samples.items()
    }
    yardstick = medians["bare+pydantic"]
    return {
        "ratio_to_bare_with_pydantic": round(medians["luminora"]["total_ms"] / yardstick["total_ms"], 3),
        "ratio_to_bare": round(medians["luminora"]["total_ms"] / medians["bare"]["total_ms"], 3),
        "pydantic_share_of_bare": round(medians["bare+pydantic"]["total_ms"] / medians["bare"]["total_ms"], 3),
        "turn_io_share_of_bare": round(medians["turn-io"]["total_ms"] / medians["bare"]["total_ms"], 3),
        "frozen_share_of_bare": round(medians["bare-frozen"]["total_ms"] / medians["bare"]["total_ms"], 3),
        "ratio_to_bare_frozen": round(medians["luminora"]["total_ms"] / medians["bare-frozen"]["total_ms"], 3),
        "runs": len(samples["luminora"]),
        "median": medians,
        "samples_total_ms": {k: [round(s["total_ms"], 1) for s in v] for k, v in samples.items()},
        "ratio_process_wall": round(medians["luminora"]["process_wall_ms"] / yardstick["process_wall_ms"], 3),
        "budget_ratio": BUDGET_RATIO,
        "timed": "in the child: import of the app + first request through the Lambda handler, moto server on "
                 "127.0.0.1; process_wall_ms adds interpreter start and exit, seen from the parent",
    }


def render(figures: dict[str, Any]) -> str:
    rows = [[kind, m["import_ms"], m["first_request_ms"], m["total_ms"], m["process_wall_ms"], int(m["modules"])]
            for kind, m in figures["median"].items()]
    text = report.table(["app", "import ms", "first request ms", "total ms", "process ms", "modules"], rows)
    return text + (f"\nratio luminora/(bare + one pydantic validation) (total, median of {figures['runs']}): "
                   f"{figures['ratio_to_bare_with_pydantic']} (budget <= {figures['budget_ratio']}); whole process: "
                   f"{figures['ratio_process_wall']}; luminora/bare: {figures['ratio_to_bare']}; bare + pydantic "
                   f"is itself {figures['pydantic_share_of_bare']}x the bare app; the bare app making a "
                   f"turn's DynamoDB requests (replayed): {figures['turn_io_share_of_bare']}x; the bare app "
                   f"starting with the collector paused: {figures['frozen_share_of_bare']}x, and luminora / it: "
                   f"{figures['ratio_to_bare_frozen']}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args(argv)
    figures = run(args.runs)
    report.emit("cold start (fresh processes, medians)", render(figures), figures)
    return figures


if __name__ == "__main__":
    main()
