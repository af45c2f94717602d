"""Rule builders for Chinese, Japanese and Korean: patterns over a sentence written without word spaces."""

from __future__ import annotations

import re
from collections.abc import Callable

from chalicelib.engine.memory.patterns.common import Built, Rule, clean, fact, key_for
from chalicelib.engine.memory.patterns.hobbies import HOBBIES, KINDS
from chalicelib.models import FactCandidate

Build = Callable[[re.Match[str]], Built]


def rule(pattern: str, build: Build, others: re.Pattern[str] | None = None) -> Rule:
    """A rule; with ``others``, none of it fires when the sentence before the match names another person
    as its subject (these languages drop "I", so a subject-less statement is the user's own)."""
    if others is None:
        return Rule(re.compile(pattern), build)

    def guarded(m: re.Match[str]) -> Built:
        return None if others.search(m.string[:m.start()]) else build(m)
    return Rule(re.compile(pattern), guarded)


def simple(category: str, key: str, pattern: str, others: re.Pattern[str] | None = None,
           confidence: float = 0.9) -> Rule:
    return rule(pattern, lambda m: fact(category, key, m.group(1), confidence), others)


def named(relatives: dict[str, str], pattern: str, reject: re.Pattern[str] | None = None) -> Rule:
    """``pattern`` has a group for the relative (or pet) and one for the name, in either order by name;
    a name ``reject`` matches is an occupation or the like ("父は医者です"), not a name."""
    def build(m: re.Match[str]) -> FactCandidate | None:
        if reject is not None and reject.fullmatch(m.group("name")):
            return None
        return fact("relationships", relatives[m.group("who")], m.group("name"), 0.85)
    return rule(pattern, build)


def liked(pattern: str, template: str, hobby: re.Pattern[str] | None, about_us: re.Pattern[str],
          others: re.Pattern[str] | None = None) -> Rule:
    """A liking in the user's words (``template`` holds the thing as {}); a pastime is a hobby."""
    def build(m: re.Match[str]) -> FactCandidate | None:
        thing = clean(m.group(1))
        if not thing or about_us.search(m.string):
            return None
        core = hobby.sub("", thing) if hobby is not None else thing  # 打篮球 is keyed as 篮球, basketball
        key = key_for(core if core in HOBBIES else thing, HOBBIES)
        if hobby is not None and (thing in HOBBIES or hobby.search(thing)):
            return fact("hobbies", key, thing, 0.85)
        return fact("preferences", key, template.format(thing), 0.85)
    return rule(pattern, build, others)


def favorite(pattern: str) -> Rule:
    """``pattern``'s groups: the kind of thing, then the favourite one."""
    return rule(pattern, lambda m: fact("preferences", "favorite_" + key_for(m.group(1), KINDS), m.group(2), 0.9))


def hobbies(pattern: str, split: str) -> Rule:
    def build(m: re.Match[str]) -> list[FactCandidate | None]:
        return [fact("hobbies", key_for(t, HOBBIES), t, 0.9) for t in re.split(split, m.group(1)) if clean(t)]
    return rule(pattern, build)
