"""Affinity: points, levels and how one turn moves them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

MIN_POINTS = 0
MAX_POINTS = 100
MAX_TURN_DELTA = 10
LONG_MESSAGE_CHARS = 100

SENTIMENT_POINTS: dict[str, int] = {
    "very_positive": 5,
    "positive": 2,
    "neutral": 1,
    "negative": -2,
    "very_negative": -5,
}


class Level(NamedTuple):
    """One relationship level and its inclusive range of points."""

    name: str
    low: int
    high: int


DEFAULT_LEVELS: tuple[Level, ...] = (
    Level("stranger", 0, 20),
    Level("acquaintance", 21, 40),
    Level("friend", 41, 60),
    Level("close_friend", 61, 80),
    Level("soulmate", 81, 100),
)


def clamp_points(points: int) -> int:
    """Keep points inside 0–100."""
    return max(MIN_POINTS, min(MAX_POINTS, points))


def level_for(points: int, levels: tuple[Level, ...] = DEFAULT_LEVELS) -> str:
    """Name the level whose range holds ``points``; the nearest one below when ranges leave a gap."""
    ordered = sorted(levels, key=lambda lv: lv.low)
    chosen = ordered[0].name
    for level in ordered:
        if points >= level.low:
            chosen = level.name
    return chosen


def turn_delta(sentiment: str, message: str, points: Mapping[str, int] = SENTIMENT_POINTS, extra: int = 0) -> int:
    """Points one user message earns: by sentiment, plus ``extra``, +1 when long, clamped to ±10."""
    delta = points.get(sentiment, points.get("neutral", SENTIMENT_POINTS["neutral"])) + extra
    if len(message) > LONG_MESSAGE_CHARS:
        delta += 1
    return max(-MAX_TURN_DELTA, min(MAX_TURN_DELTA, delta))

