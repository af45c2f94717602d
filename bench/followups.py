"""Follow-up detection against a labelled set: ``python -m bench.followups [path.json ...]``.

Each case is a line a user wrote at a local wall-clock time in a time zone, with the local date its event
falls due and a word the follow-up must name; each no-event line (a past event, an outcome, a hypothesis, a
habit) must create none. The lines go through the deep analysis's own planning, with ``created_at`` the UTC
instant of ``said_at`` in the case's zone, so the time-zone arithmetic is measured with the parsing.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench import report
from chalicelib.engine.memory.followups import Found, plan
from chalicelib.models import Message, iso

DUE_RIGHT_BUDGET = 0.9
FALSE_BUDGET = 0.10
_WHERE = Path("shared") / "data" / "followups"


def default_sets() -> list[Path]:
    """``dev.json`` in the first ``shared/data/followups`` above the repository; none when absent."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / _WHERE / "dev.json"
        if candidate.is_file():
            return [candidate]
    return []


def found_in(text: str, said_at: str, zone: str) -> list[Found]:
    """The new follow-ups the analysis plans for ``text`` written at local ``said_at`` in ``zone``."""
    local = datetime.fromisoformat(said_at).replace(tzinfo=ZoneInfo(zone))
    message = Message("m1", "s1", "user", text, iso(local.astimezone(UTC)))
    return list(plan([message], [], zone).new)


def score(path: Path, verbose: bool = False) -> dict[str, Any]:
    """Due-date accuracy over the cases and the false follow-up rate over the no-event lines."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    right: dict[str, list[bool]] = defaultdict(list)
    for case in data["cases"]:
        found = found_in(case["text"], case["said_at"], case["timezone"])
        hit = any(f.due is not None and f.due.isoformat() == case["due"] and case["event"].lower() in f.what.lower()
                  for f in found)
        right[case["lang"]].append(hit)
        if verbose and not hit:
            print(f"missed  {case['lang']} {case['text']!r}: want {case['due']}, got {[tuple(f) for f in found]}")
    false: dict[str, list[bool]] = defaultdict(list)
    for line in data["no_event"]:
        found = found_in(line["text"], line["said_at"], line["timezone"])
        false[line["lang"]].append(bool(found))
        if verbose and found:
            print(f"false   {line['lang']} {line['text']!r}: {[tuple(f) for f in found]}")
    return _figures(right, false)


def _figures(right: dict[str, list[bool]], false: dict[str, list[bool]]) -> dict[str, Any]:
    cases = [hit for hits in right.values() for hit in hits]
    lines = [flag for flags in false.values() for flag in flags]
    due_right = sum(cases) / len(cases) if cases else 0.0
    false_rate = sum(lines) / len(lines) if lines else 0.0
    return {
        "cases": len(cases), "due_right": round(due_right, 3),
        "no_event": len(lines), "false_rate": round(false_rate, 3),
        "by_language": {lang: {"due_right": round(sum(hits) / len(hits), 3), "false": sum(false.get(lang, []))}
                        for lang, hits in sorted(right.items())},
        "met": bool(cases) and due_right >= DUE_RIGHT_BUDGET and false_rate <= FALSE_BUDGET,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sets", nargs="*", type=Path, help="labelled sets (default: shared/data/followups/dev.json)")
    parser.add_argument("--verbose", action="store_true", help="list the missed and false follow-ups")
    args = parser.parse_args(argv)
    sets = args.sets or default_sets()
    if not sets:
        print("bench.followups: no shared/data/followups/dev.json above the repository; skipped")
        return {"skipped": "no follow-up set found"}
    figures: dict[str, Any] = {}
    rows = []
    for path in sets:
        result = score(path, args.verbose)
        figures[path.stem] = result
        rows.append([path.stem, result["cases"], f"{result['due_right']:.3f}", f">= {DUE_RIGHT_BUDGET}",
                     result["no_event"], f"{result['false_rate']:.1%}", f"<= {FALSE_BUDGET:.0%}",
                     "met" if result["met"] else "MISSED"])
        rows.extend([f"  {lang}", "", f"{v['due_right']:.2f}", "", "", f"{v['false']} false", "", ""]
                    for lang, v in result["by_language"].items())
    headers = ["set", "cases", "due right", "budget", "no-event", "false", "budget", "verdict"]
    report.emit("follow-ups", report.table(headers, rows), figures)
    return figures


if __name__ == "__main__":
    main()
