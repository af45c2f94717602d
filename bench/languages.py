"""Sentiment and offline extraction in every listed language: ``python -m bench.languages``.

Scores a development set shaped as ``../shared/data/languages/dev.json``: ``sentiment`` lines (text, lang,
label positive/neutral/negative), ``facts`` lines (text, lang, facts as category and part of the value)
and ``neutral_facts`` lines that state nothing about the user. Sentiment is the request path's quick
analysis with no hint of the language; extraction is the rule-based extractor. Without the file the
bench says so and measures nothing.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench import report
from bench.recall import Score, score_lines

ROOT = Path(__file__).resolve().parent.parent
# The shared data sit beside the main checkout; a worktree one level further down finds them too.
CANDIDATES = (ROOT.parent / "shared" / "data" / "languages" / "dev.json",
              ROOT.parent.parent / "shared" / "data" / "languages" / "dev.json")
ACCURACY_OVERALL = 0.85
ACCURACY_PER_LANGUAGE = 0.75
RECALL_OUTSIDE_ENGLISH = 0.8
FALSE_FACTS_PER_LANGUAGE = 1


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="the development set (default: ../shared/data/languages/dev.json)")
    parser.add_argument("--verbose", action="store_true", help="list the wrong labels, missed and false facts")
    args = parser.parse_args(argv)
    path = args.data or next((p for p in CANDIDATES if p.exists()), CANDIDATES[0])
    if not path.exists():
        figures: dict[str, Any] = {"skipped": f"no development set at {path}"}
        report.emit("languages", f"skipped: {figures['skipped']}", figures)
        return figures
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    figures = {"data": str(path), "sentiment": sentiment_scores(data["sentiment"], args.verbose),
               "extraction": extraction_scores(data["facts"], data["neutral_facts"], args.verbose)}
    figures["met"] = met(figures)
    report.emit("languages: sentiment accuracy, offline extractor recall and false facts", _table(figures), figures)
    return figures


def label_of(text: str) -> str:
    """The request path's sentiment of ``text``, folded to positive / neutral / negative."""
    from chalicelib.engine import feeling

    found = feeling.sentiment(text)
    return "positive" if found.positive else "negative" if found.negative else "neutral"


def sentiment_scores(lines: list[dict[str, str]], verbose: bool = False) -> dict[str, Any]:
    """Accuracy per language and overall."""
    right: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    for line in lines:
        got = label_of(line["text"])
        seen[line["lang"]] += 1
        right[line["lang"]] += got == line["label"]
        if verbose and got != line["label"]:
            print(f"sentiment {line['lang']}: {line['text']} → {got}, labelled {line['label']}")
    per = {lang: round(right[lang] / seen[lang], 3) for lang in sorted(seen)}
    total = sum(seen.values())
    return {"lines": total, "accuracy": round(sum(right.values()) / total, 3) if total else None, "by_language": per}


def extraction_scores(statements: list[dict[str, Any]], neutral: list[dict[str, str]],
                      verbose: bool = False) -> dict[str, Any]:
    """Recall and false facts per language, and recall over every language but English."""
    languages = sorted({s["lang"] for s in statements} | {n["lang"] for n in neutral})
    per: dict[str, dict[str, Any]] = {}
    outside = Score()
    for lang in languages:
        result = score_lines([s for s in statements if s["lang"] == lang],
                             [n["text"] for n in neutral if n["lang"] == lang])
        per[lang] = {"stated": result.stated, "found": result.found, "recall": round(result.recall, 3),
                     "false_facts": len(result.false)}
        if lang != "en":
            outside.stated += result.stated
            outside.found += result.found
        if verbose:
            for line in [*(f"missed  {m}" for m in result.missed), *(f"false   {f}" for f in result.false)]:
                print(f"extraction {lang}: {line}")
    return {"by_language": per, "recall_outside_english": round(outside.recall, 3),
            "max_false_facts": max((p["false_facts"] for p in per.values()), default=0)}


def met(figures: dict[str, Any]) -> dict[str, bool]:
    """Each budget of DESIGN.md the figures meet."""
    sentiment, extraction = figures["sentiment"], figures["extraction"]
    return {
        "sentiment_overall": (sentiment["accuracy"] or 0.0) >= ACCURACY_OVERALL,
        "sentiment_per_language": all(v >= ACCURACY_PER_LANGUAGE for v in sentiment["by_language"].values()),
        "recall_outside_english": extraction["recall_outside_english"] >= RECALL_OUTSIDE_ENGLISH,
        "false_facts_per_language": extraction["max_false_facts"] <= FALSE_FACTS_PER_LANGUAGE,
    }


def _table(figures: dict[str, Any]) -> str:
    sentiment, extraction = figures["sentiment"], figures["extraction"]["by_language"]
    rows = []
    for lang in sorted(set(sentiment["by_language"]) | set(extraction)):
        facts = extraction.get(lang, {})
        rows.append([lang, sentiment["by_language"].get(lang), facts.get("stated"), facts.get("found"),
                     facts.get("recall"), facts.get("false_facts")])
    rows.append(["all", sentiment["accuracy"], sum(f["stated"] for f in extraction.values()),
                 sum(f["found"] for f in extraction.values()),
                 f"{figures['extraction']['recall_outside_english']} (not en)",
                 sum(f["false_facts"] for f in extraction.values())])
    text = report.table(["lang", "sentiment accuracy", "stated", "found", "recall", "false facts"], rows)
    return text + (f"\nbudgets: accuracy >= {ACCURACY_OVERALL} overall, >= {ACCURACY_PER_LANGUAGE} per language; "
                   f"recall >= {RECALL_OUTSIDE_ENGLISH} outside English; <= {FALSE_FACTS_PER_LANGUAGE} false fact "
                   f"per language")


if __name__ == "__main__":
    main()
