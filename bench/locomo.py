"""Recall on LoCoMo: evidence recall of search, its latency, and what recall costs a turn: ``python -m bench.locomo``.

Each conversation of ``../shared/data/locomo/`` (CC BY-NC 4.0: read here, never copied) is imported
through the API's use cases on moto, session by session at its own date: ``speaker_a`` is the user,
``speaker_b`` the assistant (a personality of that name), each turn's ``dia_id`` its ``external_id``,
a shared photo's caption appended as ``[photo: ...]``. The import is analysed as turns are (offline
extractor, in-process). Every question of categories 1-4 then goes through search:

- turn level, recall@k: the share of a question's evidence turns among the sources of the first k
  results (a result counts at most its first three sources), with ``limit`` k;
- session level, recall@k: the share of its evidence sessions among the first k distinct sessions of
  the ranking (read from a search with ``limit`` 50), as session retrieval is scored in the field.

Plain BM25 over the raw turns is scored the same way beside it. Then one user is given 500, then
5,000 stored messages (the conversations again, as further sessions), and at each size one turn is
metered (DynamoDB requests and read units on its request path) and every question is searched again
for latency.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench import report
from bench.locomo_data import CATEGORIES, DATA, BM25Baseline, Conversation, Turn, conversations, replayed, score
from bench.locomo_stack import DEPTH, TABLE, TENANT, Stack, memory_tokens, timed_searches

SIZES = (500, 5000)
SCALE_QUESTIONS = 120
BUDGET_TURN_RECALL = 0.70
BUDGET_SESSION_RECALL = 0.95
BUDGET_SEARCH_P95_MS = 100.0
BUDGET_REQUESTS = 4
BUDGET_RCU_RATIO = 2.0


def evaluate(stack: Stack, conversation: Conversation) -> dict[str, Any]:
    """Import one conversation, then score search and the baseline on its questions."""
    user_id = f"user-{conversation.name}"
    personality = stack.personality(conversation.speaker_b)
    started = time.perf_counter()
    stack.load(user_id, conversation.turns, personality)
    loaded = time.perf_counter() - started
    stack.clock.moment = conversation.turns[-1].at + timedelta(days=1)
    timed = timed_searches(stack, user_id, conversation.questions)
    baseline = BM25Baseline(conversation.turns)
    return {
        "turns": len(conversation.turns), "sessions": len({t.session for t in conversation.turns}),
        "import_seconds": round(loaded, 1), "ours": score(conversation.questions, timed.ranked),
        "bm25": score(conversation.questions, [baseline.search(q.text, DEPTH) for q in conversation.questions]),
        "search_ms": timed.figures(),
        "memory_tokens": memory_tokens(stack, user_id, personality, conversation.questions),
    }


def at_scale(boto3: Any, convs: Sequence[Conversation]) -> dict[str, Any]:
    """One user at 500, then 5,000 stored messages: a metered turn and every question's search at each.

    The history comes as long sessions of 200 messages, each analysed in one batch (moto's Queries cost
    grows with the partition; the index built is the same); the metered turn is a live one, analysed as
    usual. Latency is taken over `SCALE_QUESTIONS` questions spread over the conversations.
    """
    from bench.turn_cost import _watch_after_turn
    from chalicelib.models import TurnInput

    stack = Stack(boto3, f"{TABLE}-scale", batch=200)
    _watch_after_turn(stack.services.conversation, stack.meter)
    user_id, personality = "user-scale", stack.personality("Scale")
    questions = [q for c in convs for q in c.questions]
    questions = questions[:: max(1, len(questions) // SCALE_QUESTIONS)]
    figures: dict[str, Any] = {}
    stored, lap = 0, 0
    stream = replayed(convs)
    for size in SIZES:
        batch: list[Turn] = []
        while stored + len(batch) < size - 2:  # the metered turn adds two
            turn = next(stream)
            batch.append(replace(turn, session=(stored + len(batch)) // 200))
        with stack.unmetered():
            stack.load(user_id, batch, personality, prefix=f"x{lap}-")
        stored, lap = stored + len(batch), lap + 1
        stack.clock.moment = batch[-1].at + timedelta(minutes=5)
        stack.meter.drain()
        with stack.meter.phase_of("request"):
            stack.services.conversation.take_turn(TurnInput(TENANT, user_id, f"now-{size}", questions[0].text,
                                                            personality))
        calls = stack.meter.drain()
        # The tenant's limit counters are read at most every few seconds per container (the clock moved on
        # 5 minutes, so this turn reads them): counted apart, since a turn does not make them.
        tenant_reads = [c for c in calls if c.phase == "request" and c.operation == "BatchGetItem"]
        path = [c for c in calls if c.phase == "request" and c not in tenant_reads]
        stored += 2
        timed = timed_searches(stack, user_id, questions)
        figures[str(size)] = {"stored_messages": stored, "requests": len(path), "tenant_reads": len(tenant_reads),
                              "operations": [c.operation for c in path], "rcu": sum(c.rcu for c in path),
                              "bytes_read": sum(c.read_bytes for c in path),
                              "analysis_requests": sum(1 for c in calls if c.phase == "after_turn"),
                              "search_ms": timed.figures()}
        report.progress(f"locomo: {stored} stored messages, turn {figures[str(size)]['rcu']} RCU, "
                        f"search p95 {figures[str(size)]['search_ms']['p95']} ms")
    return figures


def run(folder: Path = DATA, scale: bool = True) -> dict[str, Any]:
    convs = conversations(folder)
    if not convs:
        return {"skipped": f"no LoCoMo conversations in {folder} (see its README.md): nothing measured"}
    report.offline_aws()
    import boto3
    from moto import mock_aws

    from bench.motofast import one_snapshot_per_transaction, partition_queries, plain_json_results

    one_snapshot_per_transaction()
    with mock_aws(), partition_queries(), plain_json_results():
        stack = Stack(boto3)
        per = {}
        for conv in convs:
            per[conv.name] = evaluate(stack, conv)
            report.progress(f"locomo: conversation {conv.name}: turn@10 {per[conv.name]['ours']['all']['turn@10']}")
        figures: dict[str, Any] = {"conversations": per, "overall": _overall(per, "ours"),
                                   "bm25_overall": _overall(per, "bm25")}
        if scale:
            figures["scale"] = at_scale(boto3, convs)
    figures["budgets"] = budgets(figures)
    return figures


def _overall(per: dict[str, Any], which: str) -> dict[str, float]:
    """Each figure over all questions of all conversations (weighted by their number)."""
    total = sum(c[which]["all"]["questions"] for c in per.values())
    keys = [k for k in next(iter(per.values()))[which]["all"] if k != "questions"]
    return {k: round(sum(c[which]["all"][k] * c[which]["all"]["questions"] for c in per.values()) / total, 4)
            for k in keys}


def budgets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The recall rows of DESIGN.md's budgets, with what was measured."""
    ours = figures["overall"]
    rows = [
        _row("LoCoMo turn-level evidence recall@10 (dev)", f">= {BUDGET_TURN_RECALL}", ours["turn@10"],
             ours["turn@10"] >= BUDGET_TURN_RECALL, f"BM25 {figures['bm25_overall']['turn@10']}"),
        _row("LoCoMo session-level evidence recall@10 (dev)", f">= {BUDGET_SESSION_RECALL}", ours["session@10"],
             ours["session@10"] >= BUDGET_SESSION_RECALL, f"BM25 {figures['bm25_overall']['session@10']}"),
    ]
    scale = figures.get("scale")
    if scale:
        small, large = scale[str(SIZES[0])], scale[str(SIZES[-1])]
        ratio = round(large["rcu"] / small["rcu"], 3) if small["rcu"] else None
        rows += [
            _row(f"search p95 in-process, {large['stored_messages']:,} stored messages",
                 f"<= {BUDGET_SEARCH_P95_MS:g} ms", f"{large['search_ms']['p95']} ms",
                 large["search_ms"]["p95"] <= BUDGET_SEARCH_P95_MS,
                 f"CPU, moto; wall clock {large['search_ms']['wall_p95']} ms"),
            _row("DynamoDB requests per turn with recall", f"<= {BUDGET_REQUESTS}, same at 500 and 5,000",
                 f"{small['requests']} / {large['requests']} (+{large.get('tenant_reads', 0)} read of the tenant's"
                 " limit counters, at most every 5 s per container)",
                 large["requests"] <= BUDGET_REQUESTS and small["requests"] == large["requests"], ""),
            _row("read units per turn, 5,000 vs 500 stored messages", f"<= {BUDGET_RCU_RATIO:g}x",
                 f"{large['rcu']:g} vs {small['rcu']:g} RCU ({ratio}x)",
                 ratio is not None and ratio <= BUDGET_RCU_RATIO, ""),
        ]
    return rows


def _row(what: str, budget: str, measured: Any, met: bool, note: str) -> dict[str, Any]:
    return {"what": what, "budget": budget, "measured": f"{measured}" + (f" ({note})" if note else ""),
            "verdict": "met" if met else "MISSED"}


def render(figures: dict[str, Any]) -> str:
    if "skipped" in figures:
        return str(figures["skipped"])
    head = ["conversation", "turns", "questions", "turn@5", "turn@10", "session@5", "session@10", "BM25 turn@10",
            "BM25 session@10", "search p50/p95 ms", "memory tokens mean/max"]
    rows = [[name, c["turns"], c["ours"]["all"]["questions"], c["ours"]["all"]["turn@5"], c["ours"]["all"]["turn@10"],
             c["ours"]["all"]["session@5"], c["ours"]["all"]["session@10"], c["bm25"]["all"]["turn@10"],
             c["bm25"]["all"]["session@10"], f"{c['search_ms']['p50']}/{c['search_ms']['p95']}",
             f"{c['memory_tokens']['mean']}/{c['memory_tokens']['max']}"]
            for name, c in figures["conversations"].items()]
    o, b = figures["overall"], figures["bm25_overall"]
    rows.append(["all", "", "", o["turn@5"], o["turn@10"], o["session@5"], o["session@10"], b["turn@10"],
                 b["session@10"], "", ""])
    cats = [[c, *(_cat(figures, c, k) for k in ("turn@10", "session@10"))] for c in CATEGORIES]
    text = report.table(head, rows) + "\n\n" + report.table(["category", "turn@10", "session@10"], cats)
    if "scale" in figures:
        scale = [[f"{s['stored_messages']:,}", s["requests"], "+".join(s["operations"]), s["rcu"], s["bytes_read"],
                  f"{s['search_ms']['p50']}/{s['search_ms']['p95']}"] for s in figures["scale"].values()]
        text += "\n\n" + report.table(["stored messages", "turn requests", "operations", "turn RCU", "bytes read",
                                       "search p50/p95 ms"], scale)
    rows = [[r["what"], r["budget"], r["measured"], r["verdict"]] for r in figures["budgets"]]
    return text + "\n\n" + report.table(["what", "budget", "measured", "verdict"], rows)


def _cat(figures: dict[str, Any], category: int, key: str) -> float:
    per = figures["conversations"].values()
    chosen = [(c["ours"][f"category {category}"][key], c["ours"][f"category {category}"]["questions"]) for c in per]
    total = sum(n for _, n in chosen)
    return round(sum(v * n for v, n in chosen) / total, 4) if total else 0.0


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-scale", action="store_true", help="skip the 500 / 5,000 message measurements")
    args = parser.parse_args(argv)
    figures = run(args.data, scale=not args.no_scale)
    report.emit("LoCoMo recall (development conversations, categories 1-4)", render(figures), figures)
    return figures


def missed(figures: dict[str, Any]) -> list[str]:
    return [b["what"] for b in figures.get("budgets", []) if b["verdict"] == "MISSED"]


if __name__ == "__main__":
    import sys

    failed = missed(main())
    if failed:
        print("budgets missed: " + "; ".join(failed), file=sys.stderr)
    sys.exit(1 if failed else 0)
