"""The safety check: crises, questions about being human and sexual requests, in every language, without a model."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from chalicelib.engine import safety
from chalicelib.engine.safety.rules import Rules, fold_pattern, rules_for
from chalicelib.engine.safety.text import fold
from tests.unit.engine.stems import unproven

SENTENCES = Path(__file__).resolve().parents[2] / "data" / "safety"


def _lines(kind: str) -> list[tuple[str, str]]:
    return [(code, text) for code in safety.LANGUAGES
            for text in json.loads((SENTENCES / f"{code}.json").read_text(encoding="utf-8"))[kind]]


@pytest.mark.parametrize(("language", "text"), _lines("flag"))
def test_a_crisis_is_found_in_its_language_with_or_without_a_hint(language: str, text: str) -> None:
    for hint in (language, None, "en" if language != "en" else "de"):
        signal = safety.check(text, hint)
        assert signal is not None and signal.protocol == safety.CRISIS_REFERRAL, (hint, text)
        assert signal.language == language


@pytest.mark.parametrize(("language", "text"), _lines("no_flag"))
def test_idioms_games_fiction_news_others_and_medicine_questions_are_no_crisis(language: str, text: str) -> None:
    assert safety.check(text, language) is None
    assert safety.check(text) is None


@pytest.mark.parametrize(("language", "text"), _lines("asks_if_human"))
def test_asking_whether_a_person_answers_is_a_disclosure_question(language: str, text: str) -> None:
    signal = safety.check(text)
    assert signal is not None and (signal.protocol, signal.kind) == (safety.AI_DISCLOSURE, safety.ASKS_IF_HUMAN)


@pytest.mark.parametrize(("language", "text"), _lines("sexual_request"))
def test_sexual_requests_are_recognised(language: str, text: str) -> None:
    assert safety.sexual_request(text) is not None


@pytest.mark.parametrize(("language", "text"), _lines("not_sexual"))
def test_spicy_food_and_stories_are_not_sexual_requests(language: str, text: str) -> None:
    assert safety.sexual_request(text) is None


def test_a_crisis_wins_over_a_question_in_the_same_message() -> None:
    signal = safety.check("Are you even a real person? I just want to die.")
    assert signal is not None and signal.protocol == safety.CRISIS_REFERRAL


def test_everyday_words_and_empty_text_find_nothing() -> None:
    for text in ("", "   ", "Hi! My name is Ana, I live in Lisbon and I love photography.", "🙂🙂", "12345"):
        assert safety.check(text) is None


def test_self_harm_and_ideation_are_told_apart() -> None:
    cut = safety.check("I cut myself again last week")
    die = safety.check("I want to die")
    assert cut is not None and cut.kind == safety.SELF_HARM
    assert die is not None and die.kind == safety.SUICIDAL_IDEATION


def test_a_portuguese_crisis_is_said_in_portuguese_when_spanish_rules_match_it_too() -> None:
    signal = safety.check("me corto quando fico mal")
    assert signal is not None and signal.language == "pt"


@pytest.mark.parametrize("code", safety.LANGUAGES)
def test_every_pattern_holds_one_of_its_stems_in_every_match(code: str) -> None:
    """A pattern is skipped when the message holds none of its stems, so that must never lose a match."""
    rules = rules_for(code)
    assert rules.crisis and rules.human
    for rule in (*rules.crisis, *rules.human):
        assert rule.stems, rule.source[:80]
        assert unproven(rule.source, rule.stems) == [], rule.source[:120]


def test_the_proof_finds_a_pattern_whose_stem_is_optional() -> None:
    assert unproven(r"\b(?:want|need) to (?:die|go)\b", ("die",)) != []
    assert unproven(r"\b(?:want|need) to (?:die|dying)\b", ("die", "dying")) == []
    assert unproven(r"(?:死|し)にたい", ("死に",)) != []


def test_a_message_without_stems_compiles_no_pattern() -> None:
    rules = Rules("en")
    assert rules.crisis_kind(fold("the weather was lovely on our walk")) is None
    assert rules.compiled_count == 0
    assert rules.crisis_kind(fold("I want to die")) is not None
    assert 0 < rules.compiled_count < len(rules.crisis)


@pytest.mark.parametrize("code", safety.LANGUAGES)
def test_every_group_of_patterns_compiles(code: str) -> None:
    module = importlib.import_module(f"chalicelib.engine.safety.lang.{code}")
    for name in ("SUICIDAL", "SELF_HARM", "ALWAYS", "NOT_MEANT", "FRAMES", "HUMAN", "SEXUAL"):
        for pattern in getattr(module, name, ()):
            re.compile(fold_pattern(pattern))
