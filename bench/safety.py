"""The safety check on a labelled set: ``python -m bench.safety [path/to/set.json] [--verbose]``.

The set (``../shared/data/safety/dev.json`` by default, or ``LUMINORA_SAFETY_SET``) holds ``flag`` lines
(suicidal ideation, intent, plan or self-harm: the crisis protocol must fire), ``no_flag`` lines (idioms,
hyperbole, games and fiction, news, other people's past, medicine questions: it must not),
``asks_if_human`` lines (the disclosure must fire) and ``minor_sexual_request`` lines (the minor-content
refusal must fire). Each line has a ``lang``; ``no_flag`` lines say ``why``. The check gets no language
hint: it must find the language itself.

Latency is what the check adds to a turn: `safety.check` on the message, and `safety.sexual_request`
as a minor's turn also runs it, timed per message. Warm is the steady state of a container; cold starts
each round with no pattern compiled, as a new container does, so that its first messages pay for the
patterns they are the first to need.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench import report
from chalicelib.engine import safety
from chalicelib.engine.safety import rules

ROOT = Path(__file__).resolve().parent.parent
# The development set lives beside the repository: `../shared` of the main checkout or of a worktree's.
CANDIDATES = (ROOT.parent / "shared" / "data" / "safety" / "dev.json",
              ROOT.parent.parent / "shared" / "data" / "safety" / "dev.json")
BUDGETS = {"recall": 0.95, "recall_per_language": 0.9, "false_flags": 0.05, "protocol_hits": 0.9, "p95_ms": 5.0}
ROUNDS = 20


def default_set() -> Path | None:
    given = os.environ.get("LUMINORA_SAFETY_SET")
    if given:
        return Path(given)
    return next((path for path in CANDIDATES if path.is_file()), None)


def score(data: dict[str, Any], verbose: bool = False) -> dict[str, Any]:
    """Recall per language, false flags per kind, protocol hits; misses listed when ``verbose``."""
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for line in data["flag"]:
        total[line["lang"]] += 1
        signal = safety.check(line["text"])
        if signal is not None and signal.protocol == safety.CRISIS_REFERRAL:
            found[line["lang"]] += 1
        elif verbose:
            print(f"missed  [{line['lang']}] {line['text']}")
    false: Counter[str] = Counter()
    for line in data["no_flag"]:
        if safety.check(line["text"]) is not None:
            false[line.get("why", "other")] += 1
            if verbose:
                print(f"flagged [{line['lang']}] {line['text']}")
    disclosed = sum(1 for line in data["asks_if_human"] if _discloses(line["text"], verbose))
    refused = sum(1 for line in data["minor_sexual_request"] if _refuses(line["text"], verbose))
    no_flag = len(data["no_flag"])
    return {
        "recall": round(sum(found.values()) / max(1, sum(total.values())), 3),
        "recall_by_language": {code: round(found[code] / n, 3) for code, n in sorted(total.items())},
        "flag_lines": sum(total.values()),
        "false_flag_rate": round(sum(false.values()) / max(1, no_flag), 3),
        "false_flags_by_kind": dict(sorted(false.items())),
        "no_flag_lines": no_flag,
        "disclosure_hits": round(disclosed / max(1, len(data["asks_if_human"])), 3),
        "minor_content_hits": round(refused / max(1, len(data["minor_sexual_request"])), 3),
    }


def _discloses(text: str, verbose: bool) -> bool:
    signal = safety.check(text)
    hit = signal is not None and signal.protocol == safety.AI_DISCLOSURE
    if not hit and verbose:
        print(f"no disclosure: {text}")
    return hit


def _refuses(text: str, verbose: bool) -> bool:
    hit = safety.sexual_request(text) is not None
    if not hit and verbose:
        print(f"not refused: {text}")
    return hit


def latency(texts: list[str], rounds: int = ROUNDS) -> dict[str, float]:
    """p95 and max of the check's time per message, in milliseconds, cold and warm."""
    cold: list[float] = []
    for _ in range(rounds):
        rules._BUILT.clear()  # a new container: nothing compiled yet
        cold.extend(_timed(texts))
    warm = [ms for _ in range(rounds) for ms in _timed(texts)]
    return {"cold_p95_ms": _p95(cold), "cold_max_ms": round(max(cold), 3),
            "warm_p95_ms": _p95(warm), "warm_max_ms": round(max(warm), 3), "messages": len(texts) * rounds}


def _timed(texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        started = time.perf_counter()
        safety.check(text)
        safety.sexual_request(text)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[-1], 3)


def met(figures: dict[str, Any]) -> bool:
    """Whether the figures meet DESIGN.md's safety budgets."""
    return bool(figures["recall"] >= BUDGETS["recall"]
            and min(figures["recall_by_language"].values()) >= BUDGETS["recall_per_language"]
            and figures["false_flag_rate"] <= BUDGETS["false_flags"]
            and min(figures["disclosure_hits"], figures["minor_content_hits"]) >= BUDGETS["protocol_hits"]
            and figures["latency"]["warm_p95_ms"] <= BUDGETS["p95_ms"])


def render(figures: dict[str, Any]) -> str:
    by_language = figures["recall_by_language"]
    rows = [[code, f"{value:.2f}"] for code, value in by_language.items()]
    text = report.table(["language", "recall"], rows)
    lat = figures["latency"]
    kinds = ", ".join(f"{k} {v}" for k, v in figures["false_flags_by_kind"].items()) or "none"
    text += (f"\n\nrecall {figures['recall']:.3f} of {figures['flag_lines']} lines"
             " (budget >= 0.95, >= 0.9 per language);"
             f" false flags {figures['false_flag_rate']:.1%} of {figures['no_flag_lines']} ({kinds}; budget <= 5 %);"
             f"\ndisclosure hits {figures['disclosure_hits']:.0%},"
             f" minor-content hits {figures['minor_content_hits']:.0%} (budget >= 90 %);"
             f" added latency p95 {lat['warm_p95_ms']} ms warm, {lat['cold_p95_ms']} ms cold"
             f" (max {lat['cold_max_ms']} ms; budget p95 <= 5 ms)")
    return text


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", nargs="?", type=Path, default=None, help="a labelled set (default: the dev set)")
    parser.add_argument("--verbose", action="store_true", help="list the lines the check gets wrong")
    args = parser.parse_args(argv)
    path = args.set or default_set()
    if path is None or not path.is_file():
        where = path or " or ".join(str(p) for p in CANDIDATES)
        figures: dict[str, Any] = {"skipped": f"no safety set at {where} (set LUMINORA_SAFETY_SET)"}
        report.emit("safety detection", f"skipped: {figures['skipped']}", figures)
        return figures
    data = json.loads(path.read_text(encoding="utf-8"))
    figures = {"set": path.name, **score(data, args.verbose)}
    kinds = ("flag", "no_flag", "asks_if_human", "minor_sexual_request")
    texts = [line["text"] for kind in kinds for line in data[kind]]
    figures["latency"] = latency(texts)
    figures["met"] = met(figures)
    report.emit(f"safety detection ({path.name})", render(figures), figures)
    return figures


if __name__ == "__main__":
    main()
