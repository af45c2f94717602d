"""Throughput: turns per second in-process with the offline responder, on one core.

    python -m bench.throughput [--turns 80]

The process is pinned to one CPU. Three set-ups, each after a few untimed warm-up turns:
``moto``: the real services on moto in-process (moto's own request handling, which is slow, is
most of this figure; `bench.motofast` keeps its transactions linear); ``in-memory``: the same
services with the in-memory store of `tests/fakes.py`, which isolates Luminora's own work per
turn; ``handler``: the full route, the Chalice Lambda handler called with API Gateway events, on
moto. Several users take turns in rotation, each in a session of their own. No meter is attached.
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench import report
from bench.script import messages

TABLE = "luminora-throughput"
USERS = 4
WARMUP = 8


def run(turns: int = 80) -> dict[str, Any]:
    report.offline_aws()
    cpu = _pin_one_cpu()
    import boto3
    from moto import mock_aws

    from bench.motofast import one_snapshot_per_transaction

    one_snapshot_per_transaction()
    results = {}
    for name, setup in (("moto", _moto_turns), ("in-memory", _memory_turns), ("handler", _handler_turns)):
        with mock_aws():
            results[name] = _time(setup(boto3), turns)
        report.progress(f"throughput: {name} {results[name]['turns_per_second']} turns/s")
    return {"turns": turns, "users": USERS, "cpu": cpu, "setups": results,
            "chat_model": "OfflineChatModel (the demo-mode responder)"}


def _pin_one_cpu() -> int | None:
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def _script() -> Iterator[tuple[str, str]]:
    texts = messages(10_000, seed=3)
    while True:
        for user in range(USERS):
            yield f"user-{user}", next(texts)


def _services(boto3: Any, store: Any = None) -> Any:
    from chalicelib.bootstrap import build_services
    from chalicelib.config import Settings
    from scripts.table import create_table

    client = boto3.session.Session(region_name="us-east-1").client("dynamodb")
    create_table(client, TABLE)
    settings = report.unrefused(Settings(table_name=TABLE, demo_mode=True, api_keys="bench-key=bench"))
    return build_services(settings, dynamodb_client=client, store=store)


def _service_turns(services: Any) -> Callable[[], None]:
    from chalicelib.models import TurnInput

    script = _script()

    def turn() -> None:
        user, text = next(script)
        services.conversation.take_turn(TurnInput(tenant="bench", user_id=user, session_id=f"{user}-s", message=text))

    return turn


def _moto_turns(boto3: Any) -> Callable[[], None]:
    return _service_turns(_services(boto3))


def _memory_turns(boto3: Any) -> Callable[[], None]:
    from tests.fakes import InMemoryConversationStore

    return _service_turns(_services(boto3, store=InMemoryConversationStore()))


def _handler_turns(boto3: Any) -> Callable[[], None]:
    import app as app_module
    from bench.lambda_event import LambdaContext, message_event

    app_module.app.log.setLevel(logging.WARNING)  # one INFO line per turn is noise here
    app_module.set_services(_services(boto3))
    script = _script()
    context = LambdaContext()

    def turn() -> None:
        user, text = next(script)
        answer = app_module.app(message_event(user, f"{user}-s", text), context)
        if answer["statusCode"] != 200:
            raise RuntimeError(f"POST /message answered {answer['statusCode']}: {answer['body']}")

    return turn


def _time(turn: Callable[[], None], turns: int) -> dict[str, Any]:
    for _ in range(WARMUP):
        turn()
    latencies = []
    started = time.perf_counter()
    for _ in range(turns):
        begun = time.perf_counter()
        turn()
        latencies.append((time.perf_counter() - begun) * 1000)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "turns_per_second": round(turns / elapsed, 1),
        "ms_p50": round(latencies[len(latencies) // 2], 2),
        "ms_p95": round(latencies[int(len(latencies) * 0.95) - 1], 2),
    }


def render(figures: dict[str, Any]) -> str:
    rows = [[name, r["turns_per_second"], r["ms_p50"], r["ms_p95"]] for name, r in figures["setups"].items()]
    return report.table(["set-up", "turns/s", "p50 ms", "p95 ms"], rows)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=80)
    args = parser.parse_args(argv)
    figures = run(args.turns)
    report.emit(f"throughput (one core, {figures['turns']} turns per set-up)", render(figures), figures)
    return figures


if __name__ == "__main__":
    main()
