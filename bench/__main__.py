"""Run every benchmark and set the figures beside the budgets of DESIGN.md: ``python -m bench``.

Each benchmark prints its own table and JSON line; at the end come the budget table and one JSON
object with everything (also written to ``build/bench/results.json``). The exit status is 1 when a
budget is missed, so a regression fails ``make bench``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import batching, cold_start, followups, languages, locomo, package, report, safety, throughput, turn_cost

RESULTS = Path(__file__).resolve().parent.parent / "build" / "bench" / "results.json"
BUDGET_SECONDS = 300


def main() -> dict[str, Any]:
    started = time.perf_counter()
    figures: dict[str, Any] = {"machine": report.machine(), "seconds_by_part": {}}
    parts = (("package", package), ("cold_start", cold_start), ("turn_cost", turn_cost), ("batching", batching))
    for name, part in parts:
        figures[name] = _timed(name, part.main, figures["seconds_by_part"])
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    figures["throughput"] = _timed("throughput", throughput.main, figures["seconds_by_part"])
    if affinity is not None:
        os.sched_setaffinity(0, affinity)
    figures["followups"] = _timed("followups", followups.main, figures["seconds_by_part"])
    figures["languages"] = _timed("languages", languages.main, figures["seconds_by_part"])
    figures["safety"] = _timed("safety", safety.main, figures["seconds_by_part"])
    figures["locomo"] = _timed("locomo", locomo.main, figures["seconds_by_part"])
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["budgets"] = budgets(figures)
    rows = [[b["what"], b["budget"], b["measured"], b["verdict"]] for b in figures["budgets"]]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=1, sort_keys=True), encoding="utf-8")
    text = report.table(["what", "budget", "measured", "verdict"], rows)
    text += f"\n{figures['machine']['when']}, {figures['machine']['cpus']} CPUs, {figures['seconds']} s; "
    text += f"all figures in {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}"
    report.emit("budgets (DESIGN.md)", text, figures)
    return figures


def _timed(name: str, run: Callable[[list[str]], dict[str, Any]], seconds: dict[str, float]) -> dict[str, Any]:
    """Run one benchmark with its defaults, noting its wall time in ``seconds``."""
    report.progress(f"bench: {name.replace('_', ' ')} ...")
    started = time.perf_counter()
    figures = run([])
    seconds[name] = round(time.perf_counter() - started, 1)
    report.progress(f"bench: {name.replace('_', ' ')} took {seconds[name]} s")
    return figures


def budgets(figures: dict[str, Any]) -> list[dict[str, str]]:
    """One row per budget of DESIGN.md: what was measured, and whether it is met."""
    rows = _turn_rows(figures["turn_cost"])
    cold = figures["cold_start"]
    ratio = cold["ratio_to_bare_with_pydantic"]
    rows.append(_row("cold start, Luminora / bare Chalice + one pydantic validation + GetItem", "<= 1.3x",
                     f"{ratio}x ({cold['median']['luminora']['total_ms']:.0f} / "
                     f"{cold['median']['bare+pydantic']['total_ms']:.0f} ms); beside the bare app: Luminora "
                     f"{cold['ratio_to_bare']}x, bare + pydantic {cold['pydantic_share_of_bare']}x, "
                     f"bare replaying the turn's requests "
                     f"{cold['turn_io_share_of_bare']}x, bare started with the collector paused "
                     f"{cold['frozen_share_of_bare']}x (Luminora / it: {cold['ratio_to_bare_frozen']}x)",
                     ratio <= cold_start.BUDGET_RATIO))
    pack = figures["package"]
    if "error" in pack:
        rows.append({"what": "chalice package zip", "budget": "<= 10 MB", "measured": pack["error"][:80],
                     "verdict": "not measured"})
    else:
        met = pack["zip_mb"] <= package.BUDGET_MB
        rows.append(_row("chalice package zip", "<= 10 MB", f"{pack['zip_mb']} MB", met))
    rows.extend(_language_rows(figures["languages"]))
    rows.extend(_safety_rows(figures["safety"]))
    recall = figures.get("locomo", {})
    if "skipped" in recall:
        rows.append({"what": "LoCoMo recall, search latency, turn reads", "budget": "see DESIGN.md",
                     "measured": recall["skipped"][:80], "verdict": "not measured"})
    else:
        rows.extend(recall.get("budgets", []))
    best = figures["throughput"]["setups"]
    rows.append({"what": "throughput, one core", "budget": "-", "verdict": "-",
                 "measured": ", ".join(f"{k} {v['turns_per_second']}/s" for k, v in best.items())})
    rows.append(_followup_row(figures.get("followups", {})))
    parts = ", ".join(f"{name.replace('_', ' ')} {s:g}" for name, s in figures.get("seconds_by_part", {}).items())
    took = f"{figures['seconds']} s" + (f" ({parts})" if parts else "")
    rows.append(_row("make bench", f"< {BUDGET_SECONDS} s", took, figures["seconds"] < BUDGET_SECONDS))
    return rows


def _turn_rows(cost: dict[str, Any]) -> list[dict[str, str]]:
    at = cost["at_turn"]
    first, last = min(at, key=int), max(at, key=int)
    requests = {n: at[n]["request_path"]["requests"] for n in at}
    rcu = {n: at[n]["request_path"]["rcu"] for n in at}
    ratio = cost["rcu_ratio_last_to_plateau"]
    plateau = str(cost["rcu_plateau_from"])
    budget = cost["prompt_token_budget"]
    return [
        _row("DynamoDB requests per turn", f"<= 4, same at turn {first} and {last}",
             " / ".join(f"{v} (turn {n})" for n, v in requests.items()),
             max(requests.values()) <= 4 and requests[first] == requests[last]),
        # DESIGN.md's bound (5,000 vs 500 stored messages) is measured by bench.locomo; this is the same
        # turn over a shorter history, while the recall index's newest shards still fill up.
        {"what": f"read capacity per turn, turn {last} vs {plateau}", "budget": "- (see 5,000 vs 500 below)",
         "measured": f"{rcu[last]:g} vs {rcu[plateau]:g} RCU ({ratio}x); turn {first}: {rcu[first]:g}",
         "verdict": "-"},
        _row("LLM calls on the request path", "1", f"{cost['llm_calls_request_path_seen']} (every turn)",
             cost["llm_calls_request_path_seen"] == [1]),
        {"what": "prompt tokens per turn", "budget": f"under the configured budget ({budget or 'none configured'})",
         "measured": f"max {cost['prompt_tokens_max']} (estimated)",
         "verdict": "-" if budget is None else ("met" if cost["prompt_tokens_max"] <= budget else "MISSED")},
        _row("prompt prefix reused between turns", ">= 80 %",
             f"{cost['prefix_share_weighted']:.0%} of prompt chars (mean {cost['prefix_share_mean']:.0%}); "
             f"{cost['turns_below_prefix_budget']} of {cost['turns'] - 1} turns under 80 %, "
             f"{cost['turns_below_half_prefix']} under 50 %",
             cost["prefix_share_weighted"] is not None and cost["prefix_share_weighted"] >= 0.8),
        _cost_row(cost["cost"]),
    ]


def _language_rows(found: dict[str, Any]) -> list[dict[str, str]]:
    if "skipped" in found:
        return [{"what": "sentiment accuracy and offline extractor recall (bench.languages)", "budget": "-",
                 "measured": found["skipped"], "verdict": "not measured"}]
    sentiment, extraction, met = found["sentiment"], found["extraction"], found["met"]
    worst = min(sentiment["by_language"].items(), key=lambda item: item[1])
    false = max(extraction["by_language"].items(), key=lambda item: item[1]["false_facts"])
    return [
        _row("sentiment accuracy (bench.languages)",
             f">= {languages.ACCURACY_OVERALL} overall, >= {languages.ACCURACY_PER_LANGUAGE} per language",
             f"{sentiment['accuracy']} overall, lowest {worst[1]} ({worst[0]})",
             met["sentiment_overall"] and met["sentiment_per_language"]),
        _row("offline extractor, languages other than English",
             f"recall >= {languages.RECALL_OUTSIDE_ENGLISH}, <= {languages.FALSE_FACTS_PER_LANGUAGE} false fact "
             "per language",
             f"recall {extraction['recall_outside_english']}, most false facts {false[1]['false_facts']} ({false[0]})",
             met["recall_outside_english"] and met["false_facts_per_language"]),
    ]


def _safety_rows(found: dict[str, Any]) -> list[dict[str, str]]:
    what = "safety detection (bench.safety)"
    if "skipped" in found:
        skipped = found["skipped"][:80]
        return [{"what": what, "budget": "recall >= 0.95", "measured": skipped, "verdict": "not measured"}]
    budgets = safety.BUDGETS
    worst = min(found["recall_by_language"].items(), key=lambda item: item[1])
    latency = found["latency"]
    return [
        _row(f"{what}: recall", ">= 0.95, >= 0.9 per language",
             f"{found['recall']:.2f} of {found['flag_lines']} lines; lowest {worst[0]} {worst[1]:.2f}",
             found["recall"] >= budgets["recall"] and worst[1] >= budgets["recall_per_language"]),
        _row(f"{what}: false flags", "<= 5 %", f"{found['false_flag_rate']:.1%} of {found['no_flag_lines']} lines",
             found["false_flag_rate"] <= budgets["false_flags"]),
        _row(f"{what}: disclosure and minor-content hits", ">= 90 %",
             f"{found['disclosure_hits']:.0%} and {found['minor_content_hits']:.0%}",
             min(found["disclosure_hits"], found["minor_content_hits"]) >= budgets["protocol_hits"]),
        _row(f"{what}: added latency per message", "p95 <= 5 ms",
             f"{latency['warm_p95_ms']} ms warm; {latency['cold_p95_ms']} ms with no pattern compiled yet",
             latency["warm_p95_ms"] <= budgets["p95_ms"]),
    ]


def _cost_row(bills: dict[str, Any]) -> dict[str, str]:
    ours, theirs = bills["luminora"]["total"], bills["luminoracore"]["total"]
    return _row(f"cost of {bills['per_turns']:,} turns vs LuminoraCore's way", f"< {bills['budget_share']:.0%}",
                f"${ours:.3f} vs ${theirs:.3f} ({bills['share']:.0%})", bills["met"])


def _followup_row(found: dict[str, Any]) -> dict[str, str]:
    what, budget = "follow-ups: due date right; false follow-ups", (
        f">= {followups.DUE_RIGHT_BUDGET}; <= {followups.FALSE_BUDGET:.0%}")
    dev = found.get("dev")
    if dev is None:
        return {"what": what, "budget": budget, "measured": found.get("skipped", "no set"), "verdict": "not measured"}
    measured = f"{dev['due_right']:.3f} of {dev['cases']}; {dev['false_rate']:.1%} of {dev['no_event']} (dev)"
    return _row(what, budget, measured, dev["met"])


def _row(what: str, budget: str, measured: str, met: bool) -> dict[str, str]:
    return {"what": what, "budget": budget, "measured": measured, "verdict": "met" if met else "MISSED"}


def missed(figures: dict[str, Any]) -> list[str]:
    """The budgets ``figures`` miss."""
    return [b["what"] for b in figures["budgets"] if b["verdict"] == "MISSED"]


if __name__ == "__main__":
    failed = missed(main())
    if failed:
        print("budgets missed: " + "; ".join(failed), file=sys.stderr)
    sys.exit(1 if failed else 0)
