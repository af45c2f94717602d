"""The rule-based extractor: facts and episodes from everyday statements in every listed language, no LLM."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from chalicelib.engine import feeling, sentiment
from chalicelib.engine.memory import patterns
from chalicelib.engine.memory.rules import RULES, slug
from chalicelib.models import EpisodeCandidate, Extraction, Fact, FactCandidate, MemoryPolicy, Message

__all__ = ["RuleBasedExtractor", "slug"]


_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_HYPOTHETICAL = re.compile(
    r"(?i)^\W*(?:if|suppose|imagine|pretend|what\s+if|maybe|perhaps|should\s+i|would)\b"
    r"|\b(?:if\s+i|might|someday|one\s+day|wonder(?:ing)?\s+(?:if|whether)|not\s+sure\s+(?:if|whether))\b"
)
_SHARED = {"achievement": "an achievement", "milestone": "a milestone", "confession": "a confession"}
_EPISODES = (
    ("achievement", 7, re.compile(r"(?i)\b(?:got|landed)\s+(?:the|a|my)?\s*(?:new\s+)?(?:job|promotion|raise|"
                                  r"scholarship)|\b(?:passed|graduated|won|got promoted|finished my)\b")),
    ("milestone", 7, re.compile(r"(?i)\b(?:got engaged|got married|i'm pregnant|had a baby|bought a house|"
                                r"retired|moved (?:to|in))\b")),
    ("confession", 7, re.compile(r"(?i)\b(?:never told anyone|have to admit|must confess|to be honest|"
                                 r"i've been hiding)\b")),
)


class RuleBasedExtractor:
    """A `FactExtractor` for offline use: regular expressions over the user's own sentences."""

    def extract(
        self,
        messages: Sequence[Message],
        known: Sequence[Fact],
        *,
        end_user: str = "",
        deadline: float | None = None,
        policy: MemoryPolicy | None = None,
    ) -> Extraction:
        """Facts and an episode from the user's sentences; the use case applies ``policy``."""
        facts: list[FactCandidate] = []
        for message in (m for m in messages if m.role == "user"):
            found = {(c.category, c.key, c.value): c for c in _facts_in(message.content)}  # rules may overlap
            facts.extend(_with_source(c, message.message_id) for c in found.values())
        return Extraction(facts=tuple(facts), episode=_episode(messages))


def _facts_in(text: str) -> list[FactCandidate]:
    # Where the words leave the language open ("Trabalho como..."), the reading that finds most wins.
    readings = [list(_facts_in_language(text, lang)) for lang in sentiment.languages_of(text, margin=2)]
    return max(readings, key=len)


def _facts_in_language(text: str, language: str) -> Iterator[FactCandidate]:
    if language in patterns.LANGUAGES:
        yield from patterns.facts_in(text, language)
        return
    for sentence in _SENTENCE.findall(text):
        if sentence.rstrip().endswith("?"):
            continue  # questions ask; they do not tell
        if _HYPOTHETICAL.search(sentence):
            continue  # a wish or a supposition, not a fact
        for rule in RULES:
            for match in rule.pattern.finditer(sentence):
                built = rule.build(match)
                for found in built if isinstance(built, list) else [built]:
                    if found is not None:
                        yield found


def _with_source(candidate: FactCandidate, message_id: str) -> FactCandidate:
    return candidate._replace(source_message_id=message_id)


def _episode(messages: Sequence[Message]) -> EpisodeCandidate | None:
    best: EpisodeCandidate | None = None
    for message in (m for m in messages if m.role == "user"):
        found = _episode_in(message.content)
        if found and (best is None or found.importance > best.importance):
            best = found
    return best


def _episode_in(text: str) -> EpisodeCandidate | None:
    mood = feeling.sentiment(text)
    quote = " ".join(text.split())[:200]
    for kind, importance, pattern in _EPISODES:
        if pattern.search(text):
            return EpisodeCandidate(kind, f"The user shared {_SHARED[kind]}: {quote}", importance, mood.label)
    if abs(mood.score) >= 0.7 and len(text) >= 60:
        kind = "conflict" if mood.negative and re.search(r"(?i)\byou\b", text) else "emotional_moment"
        summary = f"The user shared a strong feeling: {quote}"
        return EpisodeCandidate(kind, summary, 5 + round(abs(mood.score) * 2), mood.label)
    return None
