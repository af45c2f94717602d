from __future__ import annotations

import pytest

from chalicelib.engine import affinity


@pytest.mark.parametrize(
    ("points", "level"),
    [(0, "stranger"), (20, "stranger"), (21, "acquaintance"), (40, "acquaintance"), (41, "friend"),
     (61, "close_friend"), (80, "close_friend"), (81, "soulmate"), (100, "soulmate")],
)
def test_levels_follow_the_core_table(points: int, level: str) -> None:
    assert affinity.level_for(points) == level


def test_points_are_clamped_to_zero_and_one_hundred() -> None:
    assert affinity.clamp_points(-7) == 0
    assert affinity.clamp_points(130) == 100


@pytest.mark.parametrize(
    ("sentiment", "delta"),
    [("very_positive", 5), ("positive", 2), ("neutral", 1), ("negative", -2), ("very_negative", -5)],
)
def test_sentiment_sets_the_turn_delta(sentiment: str, delta: int) -> None:
    assert affinity.turn_delta(sentiment, "short") == delta


def test_a_long_message_earns_one_more_point() -> None:
    assert affinity.turn_delta("positive", "x" * 101) == 3
    assert affinity.turn_delta("positive", "x" * 100) == 2
