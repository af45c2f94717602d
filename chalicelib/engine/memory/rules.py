"""The rule-based extractor's rules: regular expressions over one English sentence, each building a fact."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from chalicelib.engine.memory.wordlists import BODY_PARTS, CONDITIONS, DIETS, FOODS, INSTRUMENTS_AND_GAMES, LANGUAGE
from chalicelib.models import FactCandidate

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
# Words that make a liked thing part of this conversation ("talking to you", "our talks"), not a fact of a life.
_ABOUT_US = {"you", "your", "yours", "our", "ours", "us"}
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


_Built = FactCandidate | None | list[FactCandidate | None]


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], _Built]


def slug(text: str, limit: int = 48) -> str:
    """A fact key: lowercase words joined by ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:limit].strip("_")


def _fact(category: str, key: str, value: str, confidence: float) -> FactCandidate | None:
    value = value.strip().rstrip(".,;:!?").strip()
    return FactCandidate(category=category, key=key, value=value, confidence=confidence) if value and key else None


def _name(m: re.Match[str], confidence: float = 0.95) -> FactCandidate | None:
    first = m.group(1).split()[0]
    return None if first.lower() in _NOT_NAMES else _fact("personal_info", "name", m.group(1), confidence)


def _liked(verb: str, thing: str) -> FactCandidate | None:
    verb, thing = verb.lower(), thing.strip()
    played = re.match(r"(?i)(?:doing|playing)\s", thing) is not None  # "playing chess online" is a pastime
    thing = re.sub(r"^(?:to|doing|playing)\s+", "", thing, flags=re.I).strip()
    words = re.findall(r"[a-z']+", thing.lower())
    if not words or words[0] in _OBJECT_PRONOUNS or _ABOUT_US.intersection(words):
        return None
    if played or _is_hobby(thing):
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


def _rule(pattern: str, build: Callable[[re.Match[str]], _Built]) -> _Rule:
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
    # "I'm 19 and...": a bare number after "I'm" is an age unless a unit follows it ("I'm 5 minutes away").
    _rule(r"(?i:(?:^|[,.!]\s*)i(?:'m|\s+am)\s+)(\d{1,3})(?=\s*(?:[,.!;]|$|and\b|but\b|now\b|so\b))",
          _simple("personal_info", "age", 0.85)),
    _rule(r"(?i:\bi(?:'m|\s+am)?\s+(?:now\s+|currently\s+|still\s+)?(?:live|living|reside|based)\s+in\s+)" + _PLACE,
          _simple("personal_info", "location", 0.9)),
    _rule(r"(?i:\bi(?:'ve|\s+have)?\s+(?:just\s+|recently\s+|finally\s+)?(?:moved|relocated)\s+to\s+)" + _PLACE,
          _simple("personal_info", "location", 0.9)),
    _rule(r"(?i:" + _I_AM + r"(?:originally\s+)?from\s+)" + _PLACE, _simple("personal_info", "hometown", 0.85)),
    _rule(r"(?i:\bmy\s+birthday\s+is\s+(?:on\s+)?)" + _PHRASE, _simple("personal_info", "birthday", 0.9)),
    _rule(r"(?i:\bi\s+work\s+(?:from\s+home\s+|remotely\s+|part-time\s+|full-time\s+|freelance\s+)?as\s+"
          r"(?:an?\s+)?)" + _PHRASE, _simple("work", "job_title", 0.9)),
    _rule(r"(?i:\bmy\s+job\s+is\s+(?:an?\s+)?)" + _PHRASE, _simple("work", "job_title", 0.8)),
    _rule(r"(?i:" + _I_AM + r"an?\s+)" + _PHRASE, _job),
    _rule(r"(?i:\bi\s+work\s+(?:at|for)\s+)" + _PLACE, _simple("work", "employer", 0.85)),
    _rule(r"(?i:\bi(?:\s+study|\s+am\s+studying|'m\s+studying)\s+)" + _PHRASE, _simple("work", "studies", 0.8)),
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
    _rule(r"(?i:\bi\s+have\s+(?:an?|my)\s+)(" + _EVENTS + r")\b(?:\s+" + _PHRASE + ")?",
          lambda m: _fact("events", slug(m.group(1)), " ".join(p for p in m.groups() if p), 0.8)),
    _rule(r"(?i:" + _I_AM + r"allergic\s+to\s+)" + _PHRASE,
          lambda m: _fact("health", "allergy_" + slug(m.group(1)), "allergic to " + m.group(1), 0.9)),
)

_WE = r"(?:i|we)"
_WE_ARE = r"(?:i(?:'m|\s+am)|we(?:'re|\s+are))\s+"
# When something happened, trailing a statement: "ADHD last year" is the condition "ADHD".
_WHEN = re.compile(r"(?i)\s+(?:last|this|next|in|on|since|for|ago|yesterday|today|recently|when|at|two|three|a)\b.*$")


def _condition(m: re.Match[str]) -> FactCandidate | None:
    condition = _WHEN.sub("", m.group(1).strip())
    return _fact("health", slug(re.sub(r"^(?:a|an)\s+", "", condition, flags=re.I)), "has " + condition, 0.85)


def _languages(m: re.Match[str]) -> list[FactCandidate | None]:
    return [_fact("personal_info", "speaks_" + slug(lang), "speaks " + lang, 0.85)
            for lang in re.findall(LANGUAGE, m.group(1))]


def _played(m: re.Match[str]) -> FactCandidate | None:
    thing = m.group(2).strip()
    if not (m.group(1) or thing.lower() in INSTRUMENTS_AND_GAMES):
        return None
    return _fact("hobbies", slug(thing), thing.lower(), 0.85)


def _phrase(
    category: str, key: str, confidence: float, template: str
) -> Callable[[re.Match[str]], FactCandidate | None]:
    """A fact whose value is ``template`` filled with the match's groups (missing ones left out)."""
    def build(m: re.Match[str]) -> FactCandidate | None:
        groups = [(g or "").strip() for g in m.groups()]
        value = " ".join(template.format(*groups).split())
        return _fact(category, key.format(*[slug(g) for g in groups]), value, confidence)
    return build


# Diet, allergies, life events, family, pets, languages, work changes, moves, health, dislikes.
_LIFE_RULES = (
    _rule(r"(?i:" + _I_AM + r"(?:now\s+|also\s+|mostly\s+|strictly\s+|fully\s+)?(?:an?\s+)?)("
          + DIETS + r")\b(?!\s+diet)",
          _phrase("preferences", "diet", 0.9, "{0}")),
    _rule(r"(?i:\bi(?:'ve|\s+have)\s+been\s+(?:an?\s+)?)(" + DIETS + r")\b",
          _phrase("preferences", "diet", 0.9, "{0}")),
    _rule(r"(?i:\bi(?:'m|\s+am)?\s+(?:on|follow|following|eat|keep|doing|do)\s+an?\s+(?:strict\s+)?)(" + DIETS
          + r")(?i:\s+diet)", _phrase("preferences", "diet", 0.9, "{0} diet")),
    _rule(r"(?i:\bi\s+(?:don't|do\s+not|no\s+longer|never|can't|cannot)\s+eat\s+)(" + FOODS + r")\b",
          _phrase("preferences", "does_not_eat_{0}", 0.85, "does not eat {0}")),
    _rule(r"(?i:\bi\s+(?:stopped|quit|gave\s+up)\s+eating\s+)(" + FOODS + r")\b",
          _phrase("preferences", "does_not_eat_{0}", 0.85, "stopped eating {0}")),
    _rule(r"(?i:\bi\s+have\s+an?\s+(?:severe\s+|mild\s+|bad\s+|serious\s+)?)([a-z]+(?:\s[a-z]+)?)(?i:\s+allergy)\b",
          _phrase("health", "allergy_{0}", 0.9, "allergic to {0}")),
    _rule(r"(?i:" + _I_AM + r"(?:a\s+bit\s+|very\s+|severely\s+)?)(lactose|gluten|fructose|histamine|caffeine)"
          r"(?i:\s+intolerant)\b", _phrase("health", "intolerance_{0}", 0.9, "{0} intolerant")),
    _rule(r"(?i:\bi\s+(?:have|suffer\s+from|live\s+with|get)\s+)(" + CONDITIONS + r")\b", _condition),
    _rule(r"(?i:\bi(?:'ve|\s+have)?\s+(?:was\s+|been\s+|got\s+|just\s+got\s+)?(?:diagnosed|treated)\s+(?:with|for)\s+)"
          + _PHRASE, _condition),
    _rule(r"(?i:\bi\s+(?:suffer|am\s+suffering|'m\s+suffering)\s+from\s+)" + _PHRASE, _condition),
    _rule(r"(?i:\bi\s+(?:just\s+)?(broke|hurt|injured|sprained|twisted|fractured|tore)\s+my\s+)(" + BODY_PARTS + r")\b",
          _phrase("health", "injury_{1}", 0.85, "{0} their {1}")),
    _rule(r"(?i:" + _WE_ARE + r"(?:getting|going\s+to\s+get)\s+married)(?:\s+" + _PHRASE + ")?",
          _phrase("events", "wedding", 0.85, "getting married {0}")),
    _rule(r"(?i:\b(?:my|our)\s+wedding\s+is\s+)" + _PHRASE, _phrase("events", "wedding", 0.85, "wedding {0}")),
    _rule(r"(?i:\b" + _WE + r"\s+(?:just\s+)?(?:had|welcomed)\s+(?:a|our\s+first|our\s+second)\s+)"
          r"(baby(?:\s+(?:boy|girl))?)\b",
          _phrase("events", "new_baby", 0.9, "had a {0}")),
    _rule(r"(?i:" + _WE_ARE + r"(?:pregnant|expecting)\b)(?:\s+" + _PHRASE + ")?",
          _phrase("events", "pregnancy", 0.85, "pregnant {0}")),
    _rule(r"(?i:\bmy\s+)(" + _RELATIVES + r")(?i:\s+(?:just\s+|recently\s+)?(?:passed\s+away|died))",
          _phrase("events", "loss_{0}", 0.85, "their {0} passed away")),
    _rule(r"(?i:\bi\s+(?:just\s+)?graduated)(?:\s+" + _PHRASE + ")?",
          _phrase("events", "graduation", 0.85, "graduated {0}")),
    _rule(r"(?i:" + _WE_ARE + r"(?:moving|relocating)\s+to\s+)" + _PLACE + r"(?:\s+" + _PHRASE + ")?",
          _phrase("events", "moving", 0.85, "moving to {0} {1}")),
    _rule(r"(?i:\bi\s+(?:just\s+|finally\s+)?got\s+)(married|divorced|engaged)\b",
          _phrase("relationships", "marital_status", 0.85, "{0}")),
    _rule(r"(?i:" + _I_AM + r"(?:engaged|married)\s+to\s+)" + _NAME, _phrase("relationships", "partner", 0.85, "{0}")),
    _rule(r"(?i:\bmy\s+)(" + _RELATIVES + r")(?i:\s+(?:lives|is\s+living)\s+in\s+)" + _PLACE,
          _phrase("relationships", "{0}_location", 0.85, "their {0} lives in {1}")),
    _rule(r"(?i:\bmy\s+)(" + _RELATIVES + r")(?i:\s+(?:just\s+)?turned\s+)(\d{1,3})\b",
          _phrase("relationships", "{0}_age", 0.8, "their {0} turned {1}")),
    _rule(r"(?i:\b" + _WE + r"(?:'ve|\s+have)?\s+(?:just\s+)?(?:adopted|got|rescued|have)\s+(?:a|an|one)\s+)"
          r"(dog|cat|puppy|kitten|rabbit"
          r"|hamster|parrot|horse)(?i:\s+(?:named|called)\s+)" + _NAME,
          _phrase("relationships", "pet_{0}", 0.85, "{1}")),
    _rule(r"(?i:\bi\s+(?:can\s+)?speak\s+(?:fluent\s+|some\s+|a\s+little\s+|basic\s+)?)(" + LANGUAGE
          + r"(?:(?:,\s*|\s+and\s+|\s+or\s+)" + LANGUAGE + r")*)", _languages),
    _rule(r"(?i:\bmy\s+(?:native|first|mother)\s+(?:language|tongue)\s+is\s+)(" + LANGUAGE + r")",
          _phrase("personal_info", "native_language", 0.9, "{0}")),
    _rule(r"(" + LANGUAGE + r")(?i:\s+is\s+my\s+(first|second|third|native|mother)\s+(?:language|tongue))",
          _phrase("personal_info", "{1}_language", 0.9, "{0}")),
    _rule(r"(?i:" + _I_AM + r"(?:currently\s+)?learning\s+)" + _PHRASE,
          _phrase("goals", "learn_{0}", 0.8, "learn {0}")),
    _rule(r"(?i:\bi\s+(?:just\s+)?(?:started|began)\s+(?:a\s+new\s+job|working|my\s+new\s+job|an?\s+internship)\s+"
          r"(?:at|for|in)\s+(?:an?\s+|the\s+)?)" + _PHRASE, _phrase("work", "employer", 0.85, "{0}")),
    _rule(r"(?i:\bi\s+(?:just\s+)?(?:got|landed|accepted)\s+(?:a\s+new\s+job|a\s+job|hired|an\s+offer)\s+as\s+(?:an?\s+)?)"
          + _PHRASE, _phrase("work", "job_title", 0.85, "{0}")),
    _rule(r"(?i:\bi\s+(?:just\s+)?got\s+promoted\s+to\s+(?:an?\s+)?)" + _PHRASE,
          _phrase("work", "job_title", 0.85, "{0}")),
    _rule(r"(?i:\bi\s+(?:just\s+)?(quit|resigned\s+from|lost|left)\s+my\s+job)\b",
          _phrase("work", "job_status", 0.85, "{0} job")),
    _rule(r"(?i:\bi\s+(?:was|got|have\s+been|'ve\s+been)\s+(?:just\s+)?(laid\s+off|fired|let\s+go|made\s+redundant))\b",
          _phrase("work", "job_status", 0.85, "{0}")),
    _rule(r"(?i:\bi(?:'m|\s+am|\s+just|\s+finally)?\s+(retired))\b", _phrase("work", "job_status", 0.85, "{0}")),
    _rule(r"(?i:\bi\s+(?:grew\s+up|was\s+born|was\s+raised)\s+in\s+)" + _PLACE,
          _simple("personal_info", "hometown", 0.85)),
    _rule(r"(?i:" + _I_AM + r"not\s+(?:really\s+)?(?:a\s+|much\s+of\s+a\s+)?(?:big\s+|huge\s+)?fan\s+of\s+)" + _PHRASE,
          _phrase("preferences", "{0}", 0.85, "dislikes {0}")),
    _rule(r"(?i:\bi\s+(?:also\s+)?play\s+)(the\s+)?" + _PHRASE, _played),
)

RULES = (*_RULES, *_LIFE_RULES)
