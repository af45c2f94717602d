"""How bench.locomo scores evidence recall (on made-up ids: the LoCoMo data never enters the repository)."""

from __future__ import annotations

from pathlib import Path

from bench import locomo
from bench.locomo_data import BM25Baseline, Turn, session_recall, turn_recall
from tests.fakes import FakeClock


def test_turn_recall_counts_at_most_three_sources_per_result_within_k() -> None:
    results = [["D1:1", "D1:2", "D1:3", "D1:4"], ["D2:5"], ["D3:1"]]
    assert turn_recall(["D1:4", "D2:5"], results, 10) == 0.5
    assert turn_recall(["D3:1"], results, 2) == 0.0
    assert turn_recall([], results, 10) == 0.0


def test_session_recall_walks_the_ranking_to_its_first_k_distinct_sessions() -> None:
    results = [["D1:1"], ["D1:9"], ["D2:3"], ["D4:2"], ["D5:1"]]
    assert session_recall(["D2:1", "D5:7"], results, 3) == 0.5
    assert session_recall(["D2:1", "D5:7"], results, 4) == 1.0


def test_the_baseline_is_plain_bm25_over_raw_words() -> None:
    at = FakeClock().now()
    turns = [Turn(1, "D1:1", "user", "I adopted a puppy", at), Turn(1, "D1:2", "assistant", "Puppies are fun", at),
             Turn(2, "D2:1", "user", "The puppy chewed my shoes", at)]
    assert BM25Baseline(turns).search("puppy", 10) == [["D1:1"], ["D2:1"]], "no stemming: 'Puppies' is missed"


def test_without_the_data_the_bench_says_so_and_measures_nothing(tmp_path: Path) -> None:
    figures = locomo.run(tmp_path / "absent")
    assert "no LoCoMo conversations" in figures["skipped"] and locomo.missed(figures) == []
    assert "no LoCoMo conversations" in locomo.render(figures)
