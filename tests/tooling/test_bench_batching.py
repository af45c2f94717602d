"""The batching bench: bursts of turns that share a stream batch cost fewer analyses than one per turn."""

from __future__ import annotations

from bench import batching


def test_bursts_of_turns_cost_one_analysis_each_and_less_than_one_per_turn() -> None:
    figures = batching.run(turns=8, bursts=(1, 4))
    single, burst = figures["by_burst"]["1"], figures["by_burst"]["4"]
    assert (single["analysis_calls"], burst["analysis_calls"]) == (1000, 250)
    assert burst["analysis_completion_tokens"] < single["analysis_completion_tokens"]
    assert 0 < burst["analysis_usd"] < single["analysis_usd"]
    assert burst["analysis_cached_tokens"] < single["analysis_cached_tokens"]  # fewer calls share a prefix
    assert single["analysis_cost_share"] == 1 and burst["analysis_cost_share"] < 1
    assert "250" in batching.render(figures)
