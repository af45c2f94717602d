"""Rule builders for languages written with spaces (Romance, German, Russian): each takes a trigger regex."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from chalicelib.engine.memory.patterns.common import Built, Rule, clean, fact, first_words, key_for
from chalicelib.engine.memory.patterns.hobbies import HOBBIES, KINDS
from chalicelib.models import FactCandidate


class Words(NamedTuple):
    """A language's small words, as regex alternatives, that the builders need."""

    ends: str  # words that end a phrase: and, but, because...
    articles: str  # stripped from the start of a value
    links: str  # lowercase words inside a place name: de, del, am...
    stops: str  # words after which a job or a place of work is no longer named: in, at, for...
    jobs: re.Pattern[str]  # matches a lowercased word that names an occupation
    not_names: frozenset[str] = frozenset()
    about_us: frozenset[str] = frozenset()  # "talking to you" is about this chat, not a liking
    infinitive: str = r"\w+(?:ar|er|ir)"  # a liked activity ("bailar") is a hobby
    upper: str = "A-ZÀ-ÖØ-ÞĀ-Ž"
    after_not: frozenset[str] = frozenset()  # "ich mag Pilze nicht": a negation that follows the thing
    negated: str = ""  # lookbehinds that keep a rule off a negated statement: (?<!no\s)

    @property
    def name(self) -> str:
        return rf"([{self.upper}][\w'’-]+(?:\s+[{self.upper}][\w'’-]+)?)"

    @property
    def place(self) -> str:
        capital = rf"[{self.upper}][\w'’.-]+"
        return rf"({capital}(?:\s+(?:(?:{self.links})\s+)*{capital})*)"

    @property
    def phrase(self) -> str:
        return rf"([^\W\d_][\w'’ -]*?)(?=\s*[,.;:!?()–—]|\s+(?:{self.ends})\b|\s*$)"

    @property
    def article(self) -> str:
        return rf"(?:(?i:{self.articles})\s+|(?i:l['’]))?"


_ANDS = {"y", "e", "et", "und", "и", "ed"}


def _rule(w: Words, pattern: str,
          build: Callable[[re.Match[str]], Built]) -> Rule:
    return Rule(re.compile(rf"(?<![\w'’])(?i:{w.negated})" + pattern), build)


def _trigger(words: str) -> str:
    return rf"(?i:{words})\s+"


def _cut(value: str, w: Words) -> str:
    """A job or employer named up to its first "in", "at" or "for"."""
    return clean(re.split(rf"\s+(?i:{w.stops})(?:\s+|['’])", value, maxsplit=1)[0])


def _bare(thing: str, w: Words) -> str:
    return clean(re.sub(rf"^(?:(?i:{w.articles})\s+|(?i:l['’]))", "", thing.strip()))


def is_job(word: str, w: Words) -> bool:
    return w.jobs.search(word.lower()) is not None


def name(w: Words, trigger: str, confidence: float = 0.95) -> Rule:
    def build(m: re.Match[str]) -> FactCandidate | None:
        found = m.group(1)
        first = found.split()[0]
        if first.lower() in w.not_names or is_job(first, w):
            return None
        return fact("personal_info", "name", found, confidence)
    return _rule(w, _trigger(trigger) + w.article + w.name, build)


def name_or_job(w: Words, trigger: str) -> Rule:
    """"I am Ana" names the user; "I am a nurse" says their job; anything else says neither."""
    def build(m: re.Match[str]) -> FactCandidate | None:
        said = m.group(1).strip()
        first = said.split()[0]
        if is_job(first, w):
            return fact("work", "job_title", _cut(said, w), 0.8)
        named = re.match(w.name, said)
        if first[0].isupper() and first.lower() not in w.not_names and named:
            return fact("personal_info", "name", named.group(1), 0.75)
        return None
    return _rule(w, _trigger(trigger) + w.article + w.phrase, build)


def simple(w: Words, category: str, key: str, pattern: str, confidence: float = 0.9) -> Rule:
    """A fact whose value is the pattern's first group as written."""
    return _rule(w, pattern, lambda m: fact(category, key, m.group(1), confidence))


def place(w: Words, key: str, trigger: str, confidence: float = 0.9) -> Rule:
    return simple(w, "personal_info", key, _trigger(trigger) + w.article + w.place, confidence)


def job(w: Words, trigger: str, known_only: bool = False) -> Rule:
    def build(m: re.Match[str]) -> FactCandidate | None:
        said = _cut(m.group(1), w)
        if not said or (known_only and not is_job(said.split()[0], w)):
            return None
        return fact("work", "job_title", said, 0.85)
    return _rule(w, _trigger(trigger) + w.article + w.phrase, build)


def employer(w: Words, trigger: str) -> Rule:
    """Where the user works, when it has a name ("chez Renault"); "in a shop" names no employer."""
    return simple(w, "work", "employer", _trigger(trigger) + w.article + w.place, 0.85)


def studies(w: Words, trigger: str, key: str = "studies") -> Rule:
    """What the user studies, or (``key`` "school") where."""
    return _rule(w, _trigger(trigger) + w.article + w.phrase, lambda m: fact("work", key, _cut(m.group(1), w), 0.8))


def _things(text: str, w: Words) -> list[str]:
    parts = re.split(rf"\s*,\s*|\s+(?i:{w.ends})\s+", text)
    return [t for t in (_bare(p, w) for p in parts) if t]


def hobbies(w: Words, trigger: str) -> Rule:
    """"My hobbies are X and Y": one hobby each."""
    def build(m: re.Match[str]) -> list[FactCandidate | None]:
        return [fact("hobbies", key_for(t, HOBBIES), t, 0.9) for t in _things(m.group(1), w)]
    others = "|".join(e for e in w.ends.split("|") if e not in _ANDS) or "$^"
    # The list runs on through its commas and "and", and ends where another clause starts.
    listed = rf"([^\W\d_][\w'’ ,-]*?)(?=\s*[.;:!?()–—]|\s+(?:{others})\b|\s*$)"
    return _rule(w, _trigger(trigger) + w.article + listed, build)


def played(w: Words, trigger: str) -> Rule:
    def build(m: re.Match[str]) -> FactCandidate | None:
        thing = _bare(_cut(m.group(1), w), w)
        return fact("hobbies", key_for(thing, HOBBIES), thing, 0.85) if thing else None
    return _rule(w, _trigger(trigger) + w.article + w.phrase, build)


def liked(w: Words, trigger: str, verb: str, liking: bool = True) -> Rule:
    """A liking ("loves jazz") or a dislike, in the user's words; a liked pastime is a hobby."""
    def build(m: re.Match[str]) -> FactCandidate | None:
        thing = _bare(_cut(m.group(1), w), w)
        clause = thing + re.split(r"[,.;:!?]", m.string[m.end(1):], maxsplit=1)[0]
        words = re.findall(r"[^\W\d_]+", thing.lower())
        if not words or w.about_us.intersection(re.findall(r"[^\W\d_]+", clause.lower())):
            return None
        pastime = thing.lower() in HOBBIES or re.fullmatch(w.infinitive, words[0]) is not None
        if liking and pastime and words[-1] not in w.after_not:
            return fact("hobbies", key_for(thing, HOBBIES), thing, 0.85)
        plain = re.sub(r"\s+\S+$", "", thing) if words[-1] in w.after_not else thing
        return fact("preferences", key_for(plain, HOBBIES), f"{verb} {thing}", 0.85)
    return _rule(w, _trigger(trigger) + w.article + w.phrase, build)


def favorite(w: Words, pattern: str) -> Rule:
    """``pattern`` has a group for what kind of thing, then the value follows."""
    def build(m: re.Match[str]) -> FactCandidate | None:
        return fact("preferences", "favorite_" + key_for(m.group(1), KINDS), _bare(m.group(2), w), 0.9)
    return _rule(w, pattern + r"\s+" + w.article + w.phrase, build)


def relative(w: Words, before: str, relatives: dict[str, str], named: str) -> Rule:
    """"My sister Ana", "my dog is called Rex": the name of a relative or a pet."""
    kinds = "|".join(sorted(relatives, key=len, reverse=True))
    pattern = rf"(?i:{before})\s+(?i:({kinds}))\b,?\s+(?:(?i:{named})\s+)?" + w.name
    return _rule(w, pattern, lambda m: _relative(m, relatives, w))


def _relative(m: re.Match[str], relatives: dict[str, str], w: Words) -> FactCandidate | None:
    first = m.group(2).split()[0]
    if is_job(first, w) or first.lower() in w.not_names:
        return None  # "mein Vater ist Arzt" says what he does, not what he is called
    return fact("relationships", relatives[m.group(1).lower()], m.group(2), 0.85)


def pet(w: Words, have: str, pets: dict[str, str], named: str) -> Rule:
    """"I have a cat called Mora", "I have a sister named Irene"."""
    kinds = "|".join(sorted(pets, key=len, reverse=True))
    pattern = _trigger(have) + w.article + rf"(?i:({kinds}))\b,?\s+(?i:{named})\s+" + w.name
    return _rule(w, pattern, lambda m: _relative(m, pets, w))


def goal(w: Words, trigger: str) -> Rule:
    return _rule(w, _trigger(trigger) + w.phrase,
                 lambda m: fact("goals", key_for(first_words(m.group(1), 5)), m.group(1), 0.75))


def jobs(stems: str, suffix: bool = False) -> re.Pattern[str]:
    """A matcher for occupation words: by their start, or (``suffix``, for compounds) by their end."""
    alternatives = "|".join(stems.split())
    return re.compile(rf"(?:{alternatives})(?:in|innen)?$" if suffix else rf"^(?:{alternatives})")
