"""The safety check every user message gets on the request path, without a model call."""

from __future__ import annotations

from typing import NamedTuple

from chalicelib.engine.safety.rules import ASKS_IF_HUMAN, SELF_HARM, SUICIDAL_IDEATION, rules_for
from chalicelib.engine.safety.text import by_likelihood, candidates, fold

CRISIS_REFERRAL = "crisis_referral"
AI_DISCLOSURE = "ai_disclosure"
LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "ru", "zh", "ja", "ko")

__all__ = ["AI_DISCLOSURE", "ASKS_IF_HUMAN", "CRISIS_REFERRAL", "LANGUAGES", "SELF_HARM", "SUICIDAL_IDEATION",
           "SafetySignal", "check", "sexual_request"]


class SafetySignal(NamedTuple):
    """What the check found in a message, and the language it was said in."""

    protocol: str  # CRISIS_REFERRAL or AI_DISCLOSURE
    kind: str  # SUICIDAL_IDEATION, SELF_HARM or ASKS_IF_HUMAN
    language: str


def check(text: str, language_hint: str | None = None) -> SafetySignal | None:
    """A crisis (suicidal ideation, intent or plan; self-harm) or a question whether a person answers.

    A crisis wins over a question. ``language_hint`` (the user's or the personality's language) is tried
    first; the languages of the message's script are tried after it, so a wrong hint costs nothing.
    """
    folded = fold(text)
    asked_in = None
    languages = _languages(text, folded, language_hint)
    likeliest = by_likelihood(folded, languages)[:1]
    for code in languages:
        rules = rules_for(code)
        kind = rules.crisis_kind(folded, rules_for(likeliest[0]) if likeliest and likeliest[0] != code else None)
        if kind is not None:
            return SafetySignal(CRISIS_REFERRAL, kind, code)
        if asked_in is None and rules.asks_if_human(folded):
            asked_in = code
    return SafetySignal(AI_DISCLOSURE, ASKS_IF_HUMAN, asked_in) if asked_in else None


def sexual_request(text: str, language_hint: str | None = None) -> str | None:
    """The language of a sexual request in ``text``, if it makes one (for users known to be minors)."""
    folded = fold(text)
    return next((code for code in _languages(text, folded, language_hint) if rules_for(code).sexual_request(folded)),
                None)


def language_of(text: str, language_hint: str | None = None) -> str:
    """The likeliest language of ``text`` among `LANGUAGES`; the hint when nothing says otherwise."""
    found = _languages(text, fold(text), None)
    if language_hint in found[:1] or not found:
        return language_hint or "en"
    return found[0]


def _languages(text: str, folded: str, hint: str | None) -> list[str]:
    found = candidates(text, None)
    ordered = by_likelihood(folded, found)
    if hint in ordered:
        ordered.remove(hint)
        ordered.insert(0, hint)
    return ordered
