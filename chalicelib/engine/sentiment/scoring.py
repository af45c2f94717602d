"""A VADER-like scorer over a curated lexicon: valences summed with negation, intensifiers and "but"."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

# VADER's constants, so that a score means the same in every language.
NEGATION = -0.74
BOOST = 0.293
EXCLAMATION = 0.292
_ALPHA = 15.0
_BEFORE_CONTRAST, _AFTER_CONTRAST = 0.5, 1.5
_TOKEN = re.compile(r"[^\W\d_]+|[,.;:!?¡¿…。！？，、]+")
_PUNCTUATION = set(",.;:!?¡¿…。！？，、")


class Lexicon(NamedTuple):
    """One language's words and the words that change them.

    ``words`` map a word, or a phrase of words joined by spaces, to a valence from -4 to 4 (0 absorbs an
    idiom that would otherwise score); ``stems`` match any word they begin. Languages written without
    spaces (``spaced`` false) are scanned for the longest entry at each character, and negation is found by
    ``before``/``after`` patterns around the entry instead of by negating words.
    """

    words: dict[str, float]
    stems: dict[str, float]
    negators: frozenset[str] = frozenset()
    after_negators: frozenset[str] = frozenset()
    intensifiers: frozenset[str] = frozenset()
    openers: frozenset[str] = frozenset()  # "Bueno, ..." opens a sentence and says nothing about it
    dampeners: frozenset[str] = frozenset()
    contrast: frozenset[str] = frozenset()
    breaks: frozenset[str] = frozenset()
    spaced: bool = True
    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None


def build(valences: str, **parts: str | bool | re.Pattern[str]) -> Lexicon:
    """A `Lexicon` from lines "valence word word stem* a_phrase", and word lists as spaced strings."""
    words: dict[str, float] = {}
    stems: dict[str, float] = {}
    for line in valences.strip().splitlines():
        value, *entries = line.split()
        for entry in entries:
            if entry.endswith("*"):
                stems[entry[:-1]] = float(value)
            else:
                words[entry.replace("_", " ")] = float(value)
    sets = {name: frozenset(text.split()) for name, text in parts.items() if isinstance(text, str)}
    rest = {name: value for name, value in parts.items() if not isinstance(value, str)}
    return Lexicon(words=words, stems=stems, **sets, **rest)  # type: ignore[arg-type]


def normalize(total: float) -> float:
    """VADER's squashing of a sum of valences into [-1, 1]."""
    return max(-1.0, min(1.0, total / math.sqrt(total * total + _ALPHA)))


def emphasised(total: float, text: str) -> float:
    """Exclamation marks push a sentiment further, as VADER's do (at most four count)."""
    marks = min(4, text.count("!") + text.count("！"))
    return total + math.copysign(marks * EXCLAMATION, total) if total else total


def valences(text: str, lexicon: Lexicon) -> list[float]:
    """The valence of each sentiment word in ``text``, after negation, intensifiers and contrast."""
    return _spaced(text.lower(), lexicon) if lexicon.spaced else _unspaced(text.lower(), lexicon)


def words(text: str) -> list[str]:
    """The lowercased words of ``text``, split as the scorer splits them."""
    return [token for token in _TOKEN.findall(text.lower()) if token[0] not in _PUNCTUATION]


def known(text: str, lexicon: Lexicon) -> int:
    """How many words of ``text`` (a spaced language) are entries of ``lexicon``."""
    tokens = words(text)
    return sum(_entry(tokens, i, lexicon)[0] > 0 for i in range(len(tokens)))


def _weighted(found: Iterable[tuple[float, int]], contrast_at: int | None) -> list[float]:
    if contrast_at is None:
        return [value for value, _ in found]
    return [value * (_BEFORE_CONTRAST if at < contrast_at else _AFTER_CONTRAST) for value, at in found]


def _boosted(value: float, up: bool, down: bool) -> float:
    shift = (BOOST if up else 0.0) - (BOOST if down else 0.0)
    return value + math.copysign(shift, value) if value else value


# Languages written with spaces.

def _spaced(text: str, lex: Lexicon) -> list[float]:
    tokens = _opened(_TOKEN.findall(text), lex)
    clause = _clauses(tokens, lex)
    found: list[tuple[float, int]] = []
    contrast_at: int | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in lex.contrast:
            contrast_at = i
        length, value = _entry(tokens, i, lex)
        if length == 0 or (token in lex.intensifiers and _starts_entry(tokens, i + 1, lex)):
            i += 1
            continue
        same = [j for j in range(max(0, i - 3), i) if clause[j] == clause[i]]
        end = i + length
        up = any(tokens[j] in lex.intensifiers for j in same[-2:]) or (
            end < len(tokens) and clause[end] == clause[i] and tokens[end] in lex.intensifiers
            and not _starts_entry(tokens, end + 1, lex))
        down = any(tokens[j] in lex.dampeners for j in same[-2:])
        value = _boosted(value, up, down)
        # "pas mal", "no puedo más" carry their own negation
        idiom = length > 1 and any(t in lex.negators or t in lex.after_negators for t in tokens[i:end])
        if not idiom and (any(tokens[j] in lex.negators for j in same) or _negated_after(tokens, clause, end, lex)):
            value *= NEGATION
        found.append((value, i))
        i = end
    return _weighted(found, contrast_at)


def _opened(tokens: list[str], lex: Lexicon) -> list[str]:
    """The tokens without a discourse word that opens a sentence before a comma ("Bueno, ...", "Bon, ...")."""
    kept: list[str] = []
    for i, token in enumerate(tokens):
        starts = i == 0 or tokens[i - 1][0] in ".!?¡¿…"
        if starts and token in lex.openers and i + 1 < len(tokens) and tokens[i + 1][0] in ",…":
            continue
        kept.append(token)
    return kept


def _clauses(tokens: list[str], lex: Lexicon) -> list[int]:
    """A clause number per token: punctuation and contrast words start a new clause."""
    numbers, current = [], 0
    for token in tokens:
        if token[0] in _PUNCTUATION or token in lex.contrast:
            current += 1
        numbers.append(current)
    return numbers


def _entry(tokens: list[str], i: int, lex: Lexicon) -> tuple[int, float]:
    """How many tokens the longest entry at ``i`` spans, and its valence; (0, 0) when there is none."""
    for length in (3, 2, 1):
        if i + length <= len(tokens):
            phrase = " ".join(tokens[i:i + length])
            if phrase in lex.words:
                return length, lex.words[phrase]
    word = tokens[i]
    if word in lex.negators or word in lex.contrast:
        return 0, 0.0
    for cut in range(len(word), 2, -1):
        if word[:cut] in lex.stems:
            return 1, lex.stems[word[:cut]]
    return 0, 0.0


def _starts_entry(tokens: list[str], i: int, lex: Lexicon) -> bool:
    return i < len(tokens) and _entry(tokens, i, lex)[0] > 0 and tokens[i] not in lex.intensifiers


def _negated_after(tokens: list[str], clause: list[int], end: int, lex: Lexicon) -> bool:
    """A negator that follows the word it negates ("ich mag das nicht"), before any other sentiment word."""
    for j in range(end, min(len(tokens), end + 6)):
        if clause[j] != clause[end - 1] or tokens[j] in lex.breaks or _entry(tokens, j, lex)[0]:
            return False
        if tokens[j] in lex.after_negators:
            return not _starts_entry(tokens, j + 1, lex)
    return False


# Languages written without spaces between words.

def _unspaced(text: str, lex: Lexicon) -> list[float]:
    opener = next((o for o in lex.openers if text.startswith(o) and text[len(o):len(o) + 1] in ("，", ",", "、")), "")
    text = text[len(opener):]
    longest = max(map(len, (*lex.words, *lex.intensifiers, "x")))
    found: list[tuple[float, int]] = []
    boost = False
    i = 0
    while i < len(text):
        length = _longest_at(text, i, lex.words, longest)
        boosting = _longest_at(text, i, lex.intensifiers, longest)
        if boosting and boosting >= length:
            after = _skip_spaces(text, i + boosting)
            if _longest_at(text, after, lex.words, longest):
                boost, i = True, after
                continue
        if not length:
            boost, i = False, i + 1
            continue
        value = _boosted(lex.words[text[i:i + length]], boost, _dampened(text, i, lex))
        if _negated_around(text, i, i + length, lex):
            value *= NEGATION
        found.append((value, i))
        boost, i = False, i + length
    contrast = [text.rfind(word) for word in lex.contrast if word in text]
    return _weighted(found, max(contrast) if contrast else None)


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _longest_at(text: str, i: int, entries: dict[str, float] | frozenset[str], longest: int) -> int:
    for length in range(min(longest, len(text) - i), 0, -1):
        if text[i:i + length] in entries:
            return length
    return 0


def _dampened(text: str, i: int, lex: Lexicon) -> bool:
    return any(text[max(0, i - 4):i].endswith(word) for word in lex.dampeners)


def _negated_around(text: str, start: int, end: int, lex: Lexicon) -> bool:
    before = lex.before is not None and lex.before.search(text[max(0, start - 8):start]) is not None
    return before or (lex.after is not None and lex.after.match(text, end) is not None)
