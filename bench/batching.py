"""What the stream's batching does to the deep analysis: calls and cost per 1,000 turns.

    python -m bench.batching [--turns 96] [--bursts 1 2 4]

In AWS the table's stream hands the `analyze` function new messages in batches, waiting up to the
batching window (5 s, app.py) to fill one, and the function analyses each session of a batch once: the
turns of a session that arrive within one window cost one analysis, which reads them all. How many do
depends on how closely a session's turns follow each other, so the bench plays `bench.turn_cost`'s
conversation once per burst size, on moto, with the real LLM extractor's requests: a burst of 1 is
turns further apart than the window (one analysis per turn, what an invocation after each turn cost);
2 and 4 are turns 2.5 s and 1.25 s apart, or an app replaying a history. The analysis runs after the
last turn of each burst, through `Memory.analyze_sessions` as the stream's handler calls it, and each
play is priced with `bench.cost`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from bench import cost, report
from bench.chat import CountingChatModel, ExtractionEcho
from bench.meter import DynamoMeter
from bench.script import messages
from bench.turn_cost import _turn, _use

BURSTS = (1, 2, 4)


def run(turns: int = 96, bursts: Sequence[int] = BURSTS) -> dict[str, Any]:
    """Play ``turns`` turns once per burst size; return the analysis calls and costs of each."""
    report.offline_aws()
    import boto3
    from moto import mock_aws

    from bench.motofast import one_snapshot_per_transaction, partition_queries, plain_json_results

    one_snapshot_per_transaction()
    with mock_aws(), partition_queries(), plain_json_results():
        plays = {burst: _play(boto3, turns, burst) for burst in bursts}
    way = cost.luminora_way()
    rows = {str(burst): _priced(uses, way) for burst, uses in plays.items()}
    unbatched = rows[str(min(bursts))]
    for row in rows.values():
        row["analysis_cost_share"] = round(row["analysis_usd"] / unbatched["analysis_usd"], 3)
    return {"turns": turns, "per_turns": cost.TURNS, "window_seconds": 5, "by_burst": rows}


def _play(boto3: Any, turns: int, burst: int) -> list[cost.TurnUse]:
    from bench.motofast import DirectReads
    from chalicelib.bootstrap import build_services
    from chalicelib.config import Settings
    from chalicelib.engine.memory.llm_extraction import LLMExtractor
    from chalicelib.engine.offline import OfflineChatModel
    from chalicelib.models import TurnInput
    from scripts.table import create_table

    table = f"luminora-bench-burst-{burst}"
    client = boto3.session.Session(region_name="us-east-1").client("dynamodb")
    meter = DynamoMeter(shadow=DirectReads(boto3.session.Session(region_name="us-east-1").client("dynamodb")))
    meter.attach(client.meta.events)
    create_table(client, table)
    chat = CountingChatModel(ExtractionEcho(OfflineChatModel()), phase=lambda: meter.phase)
    # the turn leaves analysis to the stream
    settings = report.unrefused(Settings(table_name=table, demo_mode=True, analysis_mode="stream"))
    services = build_services(settings, dynamodb_client=client, chat_model=chat, extractor=LLMExtractor(chat))
    meter.drain()
    uses = []
    for number, text in enumerate(messages(turns), start=1):
        with meter.phase_of("request"):
            services.conversation.take_turn(TurnInput(tenant="bench", user_id="user-1", session_id="s1", message=text))
        if number % burst == 0 or number == turns:
            with meter.phase_of("after_turn"):
                services.memory.analyze_sessions([("bench", "user-1", "s1")])
        completions = chat.drain()
        uses.append(_use(_turn(number, 0.0, meter.drain(), completions), completions))
    report.progress(f"batching: {turns} turns in bursts of {burst}")
    return uses


def _priced(uses: Sequence[cost.TurnUse], way: cost.Way) -> dict[str, float]:
    scale = cost.TURNS / len(uses)
    calls = [c for u in uses for c in u.analysis_llm]
    return {
        "analysis_calls": sum(u.analysis_invocations for u in uses) * scale,
        "analysis_prompt_tokens": sum(c.prompt_tokens for c in calls) * scale,
        "analysis_cached_tokens": sum(c.cached_tokens for c in calls) * scale,
        "analysis_completion_tokens": sum(c.completion_tokens for c in calls) * scale,
        "analysis_usd": cost.analysis_cost(uses, way),
    }


def render(figures: dict[str, Any]) -> str:
    per = f"{figures['per_turns']:,}"
    headers = ["turns per batch", "analyses", "prompt tok", "of them cached", "completion tok", "analysis USD",
               "vs 1 per turn"]
    rows = [[burst, f"{r['analysis_calls']:,.0f}", f"{r['analysis_prompt_tokens']:,.0f}",
             f"{r['analysis_cached_tokens']:,.0f}", f"{r['analysis_completion_tokens']:,.0f}",
             f"{r['analysis_usd']:.5f}", f"{r['analysis_cost_share']:.0%}"] for burst, r in figures["by_burst"].items()]
    return (report.table(headers, rows) + f"\nper {per} turns, from {figures['turns']} turns of one session; what "
            "the analysis adds to the bill (DeepSeek, DynamoDB, Lambda; bench.cost). Each message is sent to the "
            "analysis once either way: a batch saves the calls' shared prefix, output, requests and time")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=96)
    parser.add_argument("--bursts", type=int, nargs="+", default=list(BURSTS))
    args = parser.parse_args(argv)
    figures = run(args.turns, args.bursts)
    report.emit(f"stream batching ({figures['turns']} turns, one session, moto in-process)", render(figures), figures)
    return figures


if __name__ == "__main__":
    main()
