"""Per-message sentiment in every listed language, with no model call: VADER for English, our lexicons else."""

from __future__ import annotations

import importlib
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from chalicelib.engine.sentiment.language import LANGUAGES, detect, leaders

if TYPE_CHECKING:  # the scorer loads with the first message that is not in English
    from chalicelib.engine.sentiment.scoring import Lexicon

__all__ = ["LANGUAGES", "detect", "language_of", "languages_of", "lexicon", "polarity"]


def polarity(text: str, language: str | None = None) -> float:
    """``text``'s compound score in [-1, 1], as VADER's: below -0.05 negative, above 0.05 positive.

    The language is detected from the text; ``language`` (e.g. the personality's) settles what the text
    leaves open, such as a line of emoji or a word two languages share.
    """
    found = language_of(text, language)
    if found == "en":
        return float(_vader().polarity_scores(text)["compound"])
    from chalicelib.engine.sentiment import emoji, scoring

    total = sum(scoring.valences(text, lexicon(found))) + sum(emoji.valences(text))
    return round(scoring.normalize(scoring.emphasised(total, text)), 4)


def language_of(text: str, hint: str | None = None) -> str:
    """The language ``text`` is written in; ``hint`` settles a tie the words of the text leave."""
    return detect(text, hint, tiebreak=_known)


def languages_of(text: str, margin: int = 0) -> list[str]:
    """The languages ``text`` may be written in, likeliest first: more than one when its words leave a tie,
    or score within ``margin`` of the best."""
    return leaders(text, tiebreak=_known, margin=margin)


@cache
def lexicon(language: str) -> Lexicon:
    """The lexicon of ``language``, imported on first use: a container pays only for the languages it sees."""
    if language not in LANGUAGES or language == "en":
        raise ValueError(f"no lexicon for language {language!r}")
    module = importlib.import_module(f"chalicelib.engine.sentiment.{language}")
    found: Lexicon = module.LEXICON
    return found


def _known(text: str, language: str) -> int:
    """How many words of ``text`` carry a feeling in ``language``: what tells "Gosto disto" from English."""
    from chalicelib.engine.sentiment import scoring

    if language == "en":
        return sum(word in _vader().lexicon for word in scoring.words(text))
    return scoring.known(text, lexicon(language))


@lru_cache(maxsize=1)
def _vader() -> Any:
    # Made once per container, on first use: parsing VADER's lexicons is part of a first turn only.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()
