"""One language's safety rules, compiled on first use.

Each module of `chalicelib.engine.safety.lang` holds plain tuples of patterns over folded text
(`text.fold`):

- ``STEMS``: substrings of which every match of a crisis pattern holds one that the pattern's own text
  holds (a test proves it of every pattern). A pattern is compiled and tried only when the message holds
  one of its stems, so most messages cost a few substring tests and no regex. ``HUMAN_STEMS`` do the
  same for ``HUMAN``.
- ``SUICIDAL``, ``SELF_HARM``: what the user says of themselves: ideation, intent, a plan; self-harm.
- ``ALWAYS``: suicidal patterns that no frame excuses (asking how to die is never a story).
- ``NOT_MEANT``: spans that take back a crisis match they overlap: negations ("I don't want to die"),
  idioms ("dying of laughter"), accidents ("cut myself shaving").
- ``FRAMES``: a game, a story, the news, a medicine question or someone else's past: a crisis match in
  the same sentence does not count.
- ``HUMAN``: the user asks whether a person or a machine is answering.
- ``SEXUAL``: a sexual request (checked only for users known to be minors).
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Sequence
from functools import cached_property
from typing import NamedTuple

from chalicelib.engine.safety.text import fold

SUICIDAL_IDEATION = "suicidal_ideation"
SELF_HARM = "self_harm"
ASKS_IF_HUMAN = "asks_if_human"
_SENTENCE_END = re.compile(r"[.!?。！？\n;；]+")


class Rule(NamedTuple):
    """One pattern, with the stems of its language that its text holds."""

    kind: str
    framed: bool  # whether a frame excuses a match
    source: str  # folded
    stems: frozenset[str]


class Rules:
    """A language's rules, each pattern compiled the first time a message holds one of its stems."""

    def __init__(self, code: str) -> None:
        self._module = importlib.import_module(f"chalicelib.engine.safety.lang.{code}")
        self.stems = tuple(fold(stem) for stem in self._module.STEMS)
        self.human_stems = tuple(fold(stem) for stem in self._module.HUMAN_STEMS)
        self._compiled: dict[str, re.Pattern[str]] = {}

    @cached_property
    def crisis(self) -> tuple[Rule, ...]:
        """The crisis rules, each with its stems (derived on the first message that holds a stem)."""
        groups = ((SUICIDAL_IDEATION, "ALWAYS", False), (SUICIDAL_IDEATION, "SUICIDAL", True),
                  (SELF_HARM, "SELF_HARM", True))
        return tuple(self._rule(kind, p, framed, self.stems)
                     for kind, name, framed in groups for p in getattr(self._module, name, ()))

    @cached_property
    def human(self) -> tuple[Rule, ...]:
        return tuple(self._rule(ASKS_IF_HUMAN, p, False, self.human_stems) for p in self._module.HUMAN)

    @staticmethod
    def _rule(kind: str, pattern: str, framed: bool, stems: tuple[str, ...]) -> Rule:
        source = fold_pattern(pattern)
        return Rule(kind, framed, source, frozenset(stem for stem in stems if stem in source))

    def crisis_kind(self, folded: str, also: Rules | None = None) -> str | None:
        """The kind of the first crisis statement in ``folded`` that no span or frame takes back.

        ``also`` are the rules of the language the message more likely is in: their spans take matches
        back too ("me mato estudiando" is Spanish hyperbole, whatever Portuguese reads in it).
        """
        if not any(stem in folded for stem in self.stems):
            return None
        hits = [(rule, match) for rule in self._applicable(self.crisis, self.stems, folded)
                for match in _matches(self._pattern(rule.source), folded)]
        if not hits:
            return None
        spans = self.not_meant_spans(folded) + (also.not_meant_spans(folded) if also is not None else [])
        framed_sentences = self._framed_sentences(folded) if any(rule.framed for rule, _ in hits) else set()
        for rule, match in hits:
            if any(start < match.end() and match.start() < end for start, end in spans):
                continue
            if rule.framed and _sentence_of(folded, match.start()) in framed_sentences:
                continue
            return rule.kind
        return None

    def not_meant_spans(self, folded: str) -> list[tuple[int, int]]:
        return [m.span() for m in self._not_meant.finditer(folded)] if self._not_meant else []

    def asks_if_human(self, folded: str) -> bool:
        if not any(stem in folded for stem in self.human_stems):
            return False
        return any(self._pattern(rule.source).search(folded)
                   for rule in self._applicable(self.human, self.human_stems, folded))

    def sexual_request(self, folded: str) -> bool:
        return bool(self._sexual and self._sexual.search(folded))

    @staticmethod
    def _applicable(rules: tuple[Rule, ...], stems: tuple[str, ...], folded: str) -> list[Rule]:
        present = {stem for stem in stems if stem in folded}
        return [rule for rule in rules if not present.isdisjoint(rule.stems)] if present else []

    @property
    def compiled_count(self) -> int:
        """How many patterns have been compiled so far (a cold start pays for each)."""
        return len(self._compiled)

    def _pattern(self, source: str) -> re.Pattern[str]:
        found = self._compiled.get(source)
        if found is None:
            found = self._compiled[source] = re.compile(source)
        return found

    def _framed_sentences(self, folded: str) -> set[int]:
        if self._frames is None:
            return set()
        return {_sentence_of(folded, m.start()) for m in self._frames.finditer(folded)}

    @cached_property
    def _not_meant(self) -> re.Pattern[str] | None:
        return self._alternation("NOT_MEANT")

    @cached_property
    def _frames(self) -> re.Pattern[str] | None:
        return self._alternation("FRAMES")

    @cached_property
    def _sexual(self) -> re.Pattern[str] | None:
        return self._alternation("SEXUAL")

    def _alternation(self, name: str) -> re.Pattern[str] | None:
        patterns: Sequence[str] = getattr(self._module, name, ())
        if not patterns:
            return None
        return re.compile("|".join(f"(?:{fold_pattern(p)})" for p in patterns))


def _matches(pattern: re.Pattern[str], folded: str) -> list[re.Match[str]]:
    """Every match, also those starting inside an earlier one (a span may take back only the first)."""
    found, position = [], 0
    while (match := pattern.search(folded, position)) is not None:
        found.append(match)
        position = match.start() + 1
    return found


def _sentence_of(folded: str, position: int) -> int:
    return len(_SENTENCE_END.findall(folded, 0, position))


def fold_pattern(pattern: str) -> str:
    """A pattern folded like the text it reads (its regex syntax is ASCII and survives folding).

    Unlike `fold`, spaces are kept as written: ``\\s`` and ``\\b`` escapes must not change. Most patterns
    are written folded already (lower-case ASCII), and are kept as they are.
    """
    if pattern.isascii() and not any(c.isupper() or c == "'" for c in pattern):
        return pattern
    return fold(pattern.replace(" ", "\x00")).replace("\x00", " ")


_BUILT: dict[str, Rules] = {}
_LOCK = threading.Lock()


def rules_for(code: str) -> Rules:
    """The rules of language ``code``, loaded the first time a message is written in its script."""
    found = _BUILT.get(code)
    if found is None:
        with _LOCK:
            found = _BUILT.get(code) or _BUILT.setdefault(code, Rules(code))
    return found
