"""The rule-based extractor: facts and episodes from common English statements, with no LLM."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from chalicelib.engine import analysis
from chalicelib.models import EpisodeCandidate, Extraction, Fact, FactCandidate, MemoryPolicy, Message

_NAME = r"([A-Z][\w'-]+(?:[ ][A-Z][\w'-]+)?)"
_PLACE = r"([A-Z][\w'.-]+(?:[ ](?:de|da|do|del|of|the|upon|[A-Z][\w'.-]+))*)"
# A phrase runs until punctuation or a word that starts another clause.
_PHRASE = r"([\w'&+ -]+?)(?=\s*[,.;:!?()]|\s+(?:and|but|because|so|since|when|which|though|although|or)\b|\s*$)"
_I_AM = r"\bi(?:'m|\s+am)\s+"

_NOT_NAMES = {
    "sorry", "fine", "good", "okay", "ok", "not", "so", "just", "really", "very", "here", "back", "happy", "sad",
    "tired", "going", "from", "in", "at", "still", "also", "glad", "excited", "done", "sure", "a", "an", "the",
    "feeling", "trying", "thinking", "looking", "working", "new", "bored", "busy", "home", "afraid", "curious",
}
_OBJECT_PRONOUNS = {"you", "it", "that", "this", "them", "him", "her", "me", "us", "everything", "nothing", "to"}
_HOBBIES = {
    "photography", "music", "art", "chess", "yoga", "football", "soccer", "tennis", "basketball", "travel",
    "movies", "films", "anime", "poetry", "guitar", "piano", "video games", "games", "books", "gardening",
    "pilates", "karate", "judo", "golf", "volleyball", "baseball", "rugby", "theatre", "theater", "opera", "jazz",
}
_RELATIVES = (
    "wife|husband|partner|boyfriend|girlfriend|fianc[eé]e?|sister|brother|mother|mom|mum|father|dad|son|daughter"
    "|grandmother|grandma|grandfather|grandpa|best friend|cousin|aunt|uncle|roommate|dog|cat|puppy|kitten"
    "|rabbit|hamster|parrot|horse"
)
_PETS = {"dog", "cat", "puppy", "kitten", "rabbit", "hamster", "parrot", "horse"}
_JOB_SUFFIX = re.compile(r"(?:er|or|ist|ian|ant|ent|nurse|chef|doctor|cook|pilot|lawyer|dentist|vet)$")
_NOT_JOBS = {"mother", "father", "brother", "sister", "daughter", "member", "beginner", "lover", "believer",
             "fan", "person", "stranger", "foreigner", "newcomer", "student", "parent"}
_EVENTS = "exam|test|interview|wedding|appointment|presentation|date|surgery|concert|trip|flight|deadline|party"


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], FactCandidate | None]


def slug(text: str, limit: int = 48) -> str:
    """A fact key: lowercase words joined by ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:limit].strip("_")


def _fact(category: str, key: str, value: str, confidence: float) -> FactCandidate | None:
    value = value.strip().rstrip(".,;:!?").strip()
    return FactCandidate(category, key, value, confidence) if value and key else None


def _name(m: re.Match[str], confidence: float = 0.95) -> FactCandidate | None:
    first = m.group(1).split()[0]
    return None if first.lower() in _NOT_NAMES else _fact("personal_info", "name", m.group(1), confidence)


def _liked(verb: str, thing: str) -> FactCandidate | None:
    verb, thing = verb.lower(), thing.strip()
    thing = re.sub(r"^(?:to|doing|playing)\s+", "", thing, flags=re.I).strip()
    if not thing or thing.lower().split()[0] in _OBJECT_PRONOUNS:
        return None
    if _is_hobby(thing):
        return _fact("hobbies", slug(thing), thing.lower(), 0.85)
    return _fact("preferences", slug(thing), f"{_third_person(verb)} {thing}", 0.85)


def _dislike(m: re.Match[str]) -> FactCandidate | None:
    thing = m.group(2).strip()
    if not thing or thing.lower().split()[0] in _OBJECT_PRONOUNS:
        return None
    verb = "hates" if m.group(1).lower() == "hate" else "dislikes"
    return _fact("preferences", slug(thing), f"{verb} {thing}", 0.85)


def _third_person(verb: str) -> str:
    return {"love": "loves", "like": "likes", "enjoy": "enjoys", "adore": "adores"}.get(verb, "likes")


def _is_hobby(thing: str) -> bool:
    lowered = thing.lower()
    return lowered in _HOBBIES or lowered.split()[0].endswith("ing")


def _relative(m: re.Match[str]) -> FactCandidate | None:
    relation = m.group(1).lower()
    key = f"pet_{relation}" if relation in _PETS else slug(relation)
    return _fact("relationships", key, m.group(2), 0.85)


def _have(m: re.Match[str]) -> FactCandidate | None:
    count, noun, name = m.group(1).lower(), m.group(2).lower(), m.group(3)
    singular = noun.rstrip("s") if noun not in ("children",) else "child"
    if name and singular in _PETS:
        return _fact("relationships", f"pet_{singular}", name, 0.85)
    key = f"pet_{singular}" if singular in _PETS else slug(noun)
    return _fact("relationships", key, f"has {count} {noun}" + (f" named {name}" if name else ""), 0.8)


def _job(m: re.Match[str]) -> FactCandidate | None:
    title = m.group(1).strip()
    last = title.lower().split()[-1] if title else ""
    if not _JOB_SUFFIX.search(last) or last in _NOT_JOBS:
        return None
    return _fact("work", "job_title", title, 0.75)


def _goal(m: re.Match[str]) -> FactCandidate | None:
    goal = m.group(1).strip()
    return _fact("goals", slug(" ".join(goal.split()[:5])), goal, 0.8 if len(goal.split()) >= 2 else 0.6)


def _rule(pattern: str, build: Callable[[re.Match[str]], FactCandidate | None]) -> _Rule:
    return _Rule(re.compile(pattern), build)


def _simple(category: str, key: str, confidence: float) -> Callable[[re.Match[str]], FactCandidate | None]:
    return lambda m: _fact(category, key, m.group(1), confidence)


_RULES = (
    _rule(r"(?i:\bmy\s+name(?:'s|\s+is)\s+)" + _NAME, _name),
    _rule(r"(?i:\b(?:call\s+me|i\s+go\s+by)\s+)" + _NAME, lambda m: _name(m, 0.9)),
    _rule(r"(?i:(?:^|[,.!]\s*)i(?:'m|\s+am)\s+)" + _NAME + r"(?=\s*[,.!;]|\s*$|\s+and\b)", lambda m: _name(m, 0.75)),
    _rule(r"(?i:" + _I_AM + r")(\d{1,3})(?i:\s*(?:years?|yrs?)(?:\s+old)?)(?=\W|$)",
          _simple("personal_info", "age", 0.95)),
    _rule(r"(?i:\bi\s+(?:just\s+)?turned\s+)(\d{1,3})\b", _simple("personal_info", "age", 0.9)),
    _rule(r"(?i:\bi(?:'m|\s+am)?\s+(?:now\s+|currently\s+|still\s+)?(?:live|living|reside|based)\s+in\s+)" + _PLACE,
          _simple("personal_info", "location", 0.9)),
    _rule(r"(?i:\bi(?:'ve|\s+have)?\s+(?:just\s+|recently\s+|finally\s+)?(?:moved|relocated)\s+to\s+)" + _PLACE,
          _simple("personal_info", "location", 0.9)),
    _rule(r"(?i:" + _I_AM + r"(?:originally\s+)?from\s+)" + _PLACE, _simple("personal_info", "hometown", 0.85)),
    _rule(r"(?i:\bmy\s+birthday\s+is\s+(?:on\s+)?)" + _PHRASE, _simple("personal_info", "birthday", 0.9)),
    _rule(r"(?i:\bi\s+work\s+as\s+(?:an?\s+)?)" + _PHRASE, _simple("work", "job_title", 0.9)),
    _rule(r"(?i:\bmy\s+job\s+is\s+(?:an?\s+)?)" + _PHRASE, _simple("work", "job_title", 0.8)),
    _rule(r"(?i:" + _I_AM + r"an?\s+)" + _PHRASE, _job),
    _rule(r"(?i:\bi\s+work\s+(?:at|for)\s+)" + _PLACE, _simple("work", "employer", 0.85)),
    _rule(r"(?i:\bi\s+(?:study|am\s+studying|'m\s+studying)\s+)" + _PHRASE, _simple("work", "studies", 0.8)),
    _rule(r"(?i:\bi\s+(?:really\s+|absolutely\s+|just\s+|also\s+)?(love|like|enjoy|adore)\s+)" + _PHRASE,
          lambda m: _liked(m.group(1), m.group(2))),
    _rule(r"(?i:" + _I_AM + r"(?:really\s+)?(?:into|passionate\s+about|a\s+(?:big\s+)?fan\s+of)\s+)" + _PHRASE,
          lambda m: _liked("love", m.group(1))),
    _rule(r"(?i:\bi\s+(?:really\s+)?(hate|dislike|can't\s+stand|cannot\s+stand|don't\s+like|do\s+not\s+like)\s+)"
          + _PHRASE, _dislike),
    _rule(r"(?i:\bmy\s+favou?rite\s+)(\w+(?:\s\w+)?)(?i:\s+is\s+)" + _PHRASE,
          lambda m: _fact("preferences", "favorite_" + slug(m.group(1)), m.group(2), 0.9)),
    _rule(r"(?i:\bmy\s+(" + _RELATIVES + r")(?:'s\s+name\s+is|\s+is\s+called|\s+is\s+named|\s+named|\s+called|,)?\s+)"
          + _NAME, _relative),
    _rule(r"(?i:\bi\s+have\s+(a|an|one|two|three|four|five|\d+)\s+)(kids?|children|sons?|daughters?|sisters?"
          r"|brothers?|dogs?|cats?|rabbits?|hamsters?|parrots?|horses?)(?i:\s+(?:named|called)\s+)?" + _NAME + "?",
          _have),
    _rule(r"(?i:" + _I_AM + r"(married|single|divorced|engaged|widowed)\b)",
          _simple("relationships", "marital_status", 0.85)),
    _rule(r"(?i:\b(?:i\s+want\s+to|i(?:'m|\s+am)\s+(?:planning|hoping|trying)\s+to|my\s+goal\s+is\s+to|i\s+hope\s+to"
          r"|i(?:'d|\s+would)\s+love\s+to|i\s+plan\s+to|i\s+dream\s+of)\s+)" + _PHRASE, _goal),
    _rule(r"(?i:\bi\s+have\s+(?:an?|my)\s+)(" + _EVENTS + r")(?:\s+" + _PHRASE + ")?",
          lambda m: _fact("events", slug(m.group(1)), " ".join(p for p in m.groups() if p), 0.8)),
    _rule(r"(?i:" + _I_AM + r"allergic\s+to\s+)" + _PHRASE,
          lambda m: _fact("health", "allergy_" + slug(m.group(1)), "allergic to " + m.group(1), 0.9)),
    _rule(r"(?i:\bi\s+have\s+)(asthma|diabetes|migraines|anxiety|depression|adhd|celiac disease)\b",
          lambda m: _fact("health", slug(m.group(1)), "has " + m.group(1), 0.8)),
)


_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
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
            facts.extend(_with_source(c, message.message_id) for c in _facts_in(message.content))
        return Extraction(facts=tuple(facts), episode=_episode(messages))


def _facts_in(text: str) -> Iterator[FactCandidate]:
    for sentence in _SENTENCE.findall(text):
        if sentence.rstrip().endswith("?"):
            continue  # questions ask; they do not tell
        for rule in _RULES:
            for match in rule.pattern.finditer(sentence):
                found = rule.build(match)
                if found is not None:
                    yield found


def _with_source(candidate: FactCandidate, message_id: str) -> FactCandidate:
    return FactCandidate(candidate.category, candidate.key, candidate.value, candidate.confidence, message_id)


def _episode(messages: Sequence[Message]) -> EpisodeCandidate | None:
    best: EpisodeCandidate | None = None
    for message in (m for m in messages if m.role == "user"):
        found = _episode_in(message.content)
        if found and (best is None or found.importance > best.importance):
            best = found
    return best


def _episode_in(text: str) -> EpisodeCandidate | None:
    mood = analysis.sentiment(text)
    quote = " ".join(text.split())[:200]
    for kind, importance, pattern in _EPISODES:
        if pattern.search(text):
            return EpisodeCandidate(kind, f"The user shared {_SHARED[kind]}: {quote}", importance, mood.label)
    if abs(mood.score) >= 0.7 and len(text) >= 60:
        kind = "conflict" if mood.negative and re.search(r"(?i)\byou\b", text) else "emotional_moment"
        summary = f"The user shared a strong feeling: {quote}"
        return EpisodeCandidate(kind, summary, 5 + round(abs(mood.score) * 2), mood.label)
    return None
