"""The offline extractor's recall on everyday statements, and the facts it invents: ``python -m bench.recall``.

Each statement of ``tests/data/extraction/<set>.json`` lists the facts it states, as a category and part of
the value; each neutral sentence (someone else's fact, a hypothesis, a question) states none. Recall is the
share of stated facts found; a false fact is any fact found that the sentence does not state.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import report
from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.models import FactCandidate, Message

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "extraction"


@dataclass
class Score:
    """What one set scored."""

    stated: int = 0
    found: int = 0
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.stated if self.stated else 1.0


def facts_in(text: str) -> list[FactCandidate]:
    message = Message("m1", "s1", "user", text, "2000-01-01T00:00:00Z", seq=0)
    return list(RuleBasedExtractor().extract([message], []).facts)


def score(name: str) -> Score:
    data: dict[str, Any] = json.loads((SETS / f"{name}.json").read_text(encoding="utf-8"))
    return score_lines(data["statements"], data["neutral"])


def score_lines(statements: list[dict[str, Any]], neutral: list[str]) -> Score:
    """Recall over ``statements`` (each a text and its ``facts``) and the facts invented on all lines."""
    result = Score()
    for statement in statements:
        found = facts_in(statement["text"])
        used: set[int] = set()
        for category, part in statement["facts"]:
            result.stated += 1
            hit = next((i for i, f in enumerate(found) if i not in used and f.category == category
                        and part.lower() in f.value.lower()), None)
            if hit is None:
                result.missed.append(f"{statement['text']} → {category}: {part}")
            else:
                used.add(hit)
                result.found += 1
        result.false.extend(f"{statement['text']} → {f.category}/{f.key}: {f.value}"
                            for i, f in enumerate(found) if i not in used)
    for text in neutral:
        result.false.extend(f"{text} → {f.category}/{f.key}: {f.value}" for f in facts_in(text))
    return result


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sets", nargs="*", default=["dev", "heldout"])
    parser.add_argument("--verbose", action="store_true", help="list the missed and false facts")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {}
    rows = []
    for name in args.sets:
        result = score(name)
        figures[name] = {"stated": result.stated, "found": result.found, "recall": round(result.recall, 3),
                         "false_facts": len(result.false)}
        rows.append([name, str(result.stated), str(result.found), f"{result.recall:.3f}", str(len(result.false))])
        if args.verbose:
            for line in [*(f"missed  {m}" for m in result.missed), *(f"false   {f}" for f in result.false)]:
                print(f"{name}: {line}")
    report.emit("offline extractor recall", report.table(["set", "stated", "found", "recall", "false facts"], rows),
                figures)
    return figures


if __name__ == "__main__":
    main()
