"""Quick analysis of a user message on the request path: sentiment, with no LLM."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from chalicelib.engine import cues
from chalicelib.engine.personality.domain import Personality
from chalicelib.engine.sentiment import polarity


class Sentiment(NamedTuple):
    """A message's sentiment: a compound score as VADER's, in any listed language, and its five-step label."""

    score: float
    label: str

    @property
    def positive(self) -> bool:
        return self.label in ("positive", "very_positive")

    @property
    def negative(self) -> bool:
        return self.label in ("negative", "very_negative")


def label_for(score: float) -> str:
    """Map a compound score in [-1, 1] to a sentiment label."""
    if score >= 0.6:
        return "very_positive"
    if score >= 0.05:
        return "positive"
    if score > -0.05:
        return "neutral"
    if score > -0.6:
        return "negative"
    return "very_negative"


def sentiment(text: str, language: str | None = None) -> Sentiment:
    """Score ``text`` in its own language (VADER for English); ``language`` is a hint, see `polarity`."""
    score = polarity(text, language)
    return Sentiment(score=score, label=label_for(score))


NEUTRAL = "neutral"
# Below this intensity a mood has faded back to neutral.
_FADED = 0.05
# Mood names a sentiment maps to, best first; a personality's `mood_config` picks among them.
_MOODS_BY_LABEL: dict[str, tuple[str, ...]] = {
    "very_positive": ("happy", "joyful", "excited", "cheerful", "enthusiastic", "playful", "content"),
    "positive": ("content", "pleased", "cheerful", "warm", "happy", "calm", "playful"),
    "negative": ("concerned", "worried", "thoughtful", "empathetic", "serious", "sad"),
    "very_negative": ("sad", "concerned", "worried", "melancholic", "upset", "serious"),
}


class Mood(NamedTuple):
    """A personality's mood towards one user and how strongly it feels it (0–1)."""

    name: str = NEUTRAL
    intensity: float = 0.0


def personality_moods(personality: Personality) -> tuple[str, ...]:
    """The mood names a personality's `mood_config` declares; empty when it has none or it is off."""
    config = personality.definition.mood_config
    if config is None or not config.enabled:
        return ()
    return tuple(config.moods)


def mood_signal(current: Sentiment, moods: Sequence[str] = ()) -> Mood:
    """The mood one message pushes towards, named from ``moods`` when the personality has them."""
    if current.label == "neutral":
        return Mood()
    candidates = _MOODS_BY_LABEL[current.label]
    name = next((m for m in candidates if m in moods), candidates[0]) if moods else candidates[0]
    if moods and name not in moods:
        name = NEUTRAL
    return Mood(name, 0.0 if name == NEUTRAL else min(1.0, abs(current.score)))


def detect_mood(personality: Personality, current: Sentiment, message: str) -> Mood:
    """The mood one message pushes ``personality`` towards, as its `mood_config` says.

    ``mood_triggers`` come first: the first mood (in file order) one of whose triggers the message shows
    (`cues.recognised`) wins, at least half strength. Otherwise the sentiment picks among the moods. With
    ``mood_detection.method`` ``manual`` nothing is detected, and a signal weaker than its
    ``confidence_threshold`` changes nothing.
    """
    config = personality.definition.mood_config
    if not config.enabled:
        return mood_signal(current)
    detection = config.mood_detection
    if detection.method == "manual":
        return Mood()
    said = cues.Said(message, current.label)
    triggered = next((name for name, triggers in config.mood_triggers.items()
                      if any(cues.recognised(t, said) for t in triggers)), None)
    if triggered is not None:
        signal = Mood(triggered, round(max(0.5, abs(current.score)), 3))
    else:
        signal = mood_signal(current, tuple(config.moods))
    threshold = detection.confidence_threshold or 0.0
    return signal if signal.intensity >= threshold else Mood()


def half_life_hours(personality: Personality, default: float) -> float:
    """How many hours ``personality``'s mood takes to fade by half; 0 when it never fades.

    ``mood_detection.decay_enabled: false`` stops fading; ``decay_rate`` is the share of the mood's
    strength lost per hour; otherwise ``default`` (`LUMINORA_MOOD_HALF_LIFE_HOURS`).
    """
    config = personality.definition.mood_config
    detection = config.mood_detection
    if not config.enabled:
        return default
    if detection.decay_enabled is False:
        return 0.0
    rate = detection.decay_rate
    if rate is None:
        return default
    if rate <= 0.0:
        return 0.0
    return 1e-6 if rate >= 1.0 else math.log(0.5) / math.log(1.0 - rate)


def mood_for(current: Sentiment, moods: Sequence[str] = ()) -> tuple[str, float]:
    """The mood a single message leads to, and its intensity in 0–1."""
    signal = mood_signal(current, moods)
    return signal.name, signal.intensity


def decayed(mood: Mood, hours: float, half_life_hours: float) -> Mood:
    """``mood`` after ``hours`` without news: intensity halves every ``half_life_hours``."""
    if mood.name == NEUTRAL or half_life_hours <= 0:
        return mood
    intensity = mood.intensity * 0.5 ** (max(0.0, hours) / half_life_hours)
    return Mood(mood.name, round(intensity, 3)) if intensity >= _FADED else Mood()


def current_mood(name: str, intensity: float, updated_at: str, now: datetime, half_life_hours: float) -> Mood:
    """A stored mood as it stands at ``now``: decay is computed on read, never written by a timer."""
    return decayed(Mood(name, intensity), _hours_since(updated_at, now), half_life_hours)


def blend(previous: Mood, signal: Mood) -> Mood:
    """The mood after a message: the same mood deepens; another one takes over when it is more than half
    as strong as the current one (a companion should follow a user who turns sad), else it softens it."""
    if signal.name == NEUTRAL:
        return previous
    if signal.name == previous.name:
        return Mood(signal.name, round(min(1.0, max(signal.intensity, previous.intensity) + 0.1), 3))
    if signal.intensity > previous.intensity / 2:
        return Mood(signal.name, round(signal.intensity, 3))
    left = previous.intensity - signal.intensity / 2
    return Mood(previous.name, round(left, 3)) if left >= _FADED else Mood()


def _hours_since(stamp: str, now: datetime) -> float:
    try:
        then = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return (now - then).total_seconds() / 3600
