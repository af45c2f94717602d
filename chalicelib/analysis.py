"""Quick analysis of a user message on the request path: sentiment, with no LLM."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Sentiment:
    """A message's sentiment: VADER's compound score and its five-step label."""

    score: float
    label: str

    @property
    def positive(self) -> bool:
        return self.label in ("positive", "very_positive")

    @property
    def negative(self) -> bool:
        return self.label in ("negative", "very_negative")


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    # Loading the lexicon costs tens of milliseconds: do it once per container, on first use.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


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


def sentiment(text: str) -> Sentiment:
    """Score ``text`` with VADER's lexicon."""
    score = float(_analyzer().polarity_scores(text)["compound"])
    return Sentiment(score=score, label=label_for(score))


def mood_for(current: Sentiment) -> tuple[str, float]:
    """The personality's mood after a message, and its intensity in 0–1."""
    if current.label == "very_positive":
        return "happy", min(1.0, abs(current.score))
    if current.label == "positive":
        return "content", abs(current.score)
    if current.label == "negative":
        return "concerned", abs(current.score)
    if current.label == "very_negative":
        return "sad", min(1.0, abs(current.score))
    return "neutral", 0.0
