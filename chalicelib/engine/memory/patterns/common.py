"""What every language's extraction rules share: the rule type, fact building, keys, sentences, quotes."""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable
from typing import NamedTuple

from chalicelib.models import FactCandidate

Built = FactCandidate | list[FactCandidate | None] | None


class Rule(NamedTuple):
    """A pattern over one sentence and how a match becomes a fact (or none)."""

    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], Built]


# Quoted speech is someone else's voice: “…”, "…", «…», „…“, 「…」, 『…』.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|「[^」]*」|『[^』]*』")
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")
_QUESTION = re.compile(r"[?？]\s*$|^\s*¿")
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
})


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` that state something: quotes removed, questions left out."""
    spoken = _QUOTED.sub(" ", text)
    return [s.strip() for s in _SENTENCE.findall(spoken) if s.strip() and not _QUESTION.search(s)]


def clean(value: str) -> str:
    return value.strip().strip(",.;:!?¡¿、，。！？").strip()


def fact(category: str, key: str, value: str, confidence: float) -> FactCandidate | None:
    value = clean(value)
    return FactCandidate(category=category, key=key, value=value, confidence=confidence) if value and key else None


def key_for(text: str, known: dict[str, str] | None = None) -> str:
    """A snake_case English key for ``text``: its English name when ``known`` has one, else its letters
    without accents (Cyrillic transliterated), else a stable code for scripts with no Latin spelling."""
    lowered = clean(text).lower()
    if not any(c.isalnum() for c in lowered):
        return ""
    if known and lowered in known:
        return known[lowered]
    folded = unicodedata.normalize("NFKD", lowered.translate(_CYRILLIC))
    plain = re.sub(r"[^a-z0-9]+", "_", "".join(c for c in folded if not unicodedata.combining(c)))
    plain = plain.strip("_")[:48].strip("_")
    return plain or f"item_{zlib.crc32(lowered.encode()):08x}"


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def first_words(text: str, count: int) -> str:
    return " ".join(text.split()[:count])
