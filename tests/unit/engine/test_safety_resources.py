"""Crisis lines by country, locales, the protocols' fixed texts, and minors' levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.engine import safety
from chalicelib.engine.personality.domain import BuiltinPersonalities, Personality
from chalicelib.engine.personality.schema import parse_personality
from chalicelib.engine.safety import minors, replies
from chalicelib.engine.safety.resources import (
    DEFAULT_RESOURCES,
    countries_for,
    first_accepted,
    parse_locale,
    resources_for,
)
from chalicelib.models import CrisisResource

VEX = Path(__file__).resolve().parents[2] / "data" / "vex.json"


@pytest.mark.parametrize(("locale", "found"), [
    ("pt-BR", ("pt", "BR")), ("en_GB", ("en", "GB")), ("zh-Hant-TW", ("zh", "TW")), ("es-419", ("es", "419")),
    ("de", ("de", "")), ("", ("", "")), ("en-UK", ("en", "GB")), ("*", ("", "")),
])
def test_a_locale_names_a_language_and_a_country(locale: str, found: tuple[str, str]) -> None:
    assert parse_locale(locale) == found


def test_the_first_accepted_language_is_the_one_of_highest_weight() -> None:
    assert first_accepted("fr-CH, fr;q=0.9, en;q=0.8") == "fr-CH"
    assert first_accepted("en;q=0.5, ja-JP;q=0.9") == "ja-JP"
    assert first_accepted("*") == "" and first_accepted(None) == "" and first_accepted("de;q=0") == ""


def test_the_country_comes_from_the_first_locale_naming_one_else_from_the_language() -> None:
    assert countries_for(["", "en-GB"], "en") == ("GB",)
    assert countries_for(["pt-PT", "en-US"], "pt") == ("PT",)
    assert countries_for(["", ""], "pt") == ("BR", "PT")
    assert countries_for(["ja"], "en") == ("JP",)
    assert countries_for([], "ru") == ()


def test_every_listed_country_has_lines_that_end_with_the_international_directory() -> None:
    for country in ("US", "GB", "ES", "FR", "DE", "IT", "PT", "BR", "JP", "KR"):
        found = resources_for([country])
        assert found[0].name and (found[0].phone or found[0].url), country
        assert found[-1].url == "https://findahelpline.com"
    assert resources_for(["MX"]) == DEFAULT_RESOURCES["*"]
    own = {"FR": (CrisisResource("Ligne maison", phone="01 23"),), "*": (CrisisResource("Acme", url="https://a.example"),)}
    assert [r.name for r in resources_for(["FR", "DE"], own)] == ["Ligne maison", "TelefonSeelsorge",
                                                                   "TelefonSeelsorge", "Notruf", "Acme"]


def test_every_language_has_every_fixed_text() -> None:
    for table in (replies.CRISIS, replies.LINES_HEADING, replies.DISCLOSURE, replies.BREAK, replies.MINOR_REFUSAL):
        assert set(table) == set(safety.LANGUAGES)
    for code in safety.LANGUAGES:
        assert "{name}" in replies.DISCLOSURE[code]
        assert replies.disclosed(replies.DISCLOSURE[code].format(name="X"), code, "X") == \
            replies.DISCLOSURE[code].format(name="X")  # each says, in its words, that it is an AI


def test_a_model_reply_keeps_its_lines_or_gets_them() -> None:
    lines = resources_for(["US"])
    assert replies.with_lines("Call 988 now, please.", "en", lines) == "Call 988 now, please."
    added = replies.with_lines("I'm here for you.", "en", lines)
    assert added.startswith("I'm here for you.\n\nYou can reach:") and "988" in added
    assert replies.disclosed("J'ai compris, je suis là.", "fr", "Sage").startswith("Je suis Sage")
    assert replies.disclosed("Yes, I'm human.", "en", "Sage", asked=False) == \
        "I'm Sage, an AI: a computer program, not a human being. Yes, I'm human."


def test_the_crisis_prompt_names_the_lines_and_forbids_methods() -> None:
    prompt = replies.crisis_prompt("ko", resources_for(["KR"]))
    assert "109" in prompt and "Korean" in prompt and "methods" in prompt


def test_a_minor_speaks_at_the_closest_level_without_romance() -> None:
    vex = Personality(parse_personality(VEX.read_text(encoding="utf-8")))
    assert minors.platonic_level(vex, "soulmate") == "close_friend"
    assert minors.platonic_level(vex, "friend") == "friend"
    for personality in BuiltinPersonalities().all():  # none of ours is romantic at any level
        for level in personality.levels:
            assert minors.platonic_level(personality, level.name) == level.name


def test_the_published_protocol_names_every_default_line_and_its_country() -> None:
    """docs/safety.md gives each default's source: a line added to the code must be added there too."""
    published = (Path(__file__).resolve().parents[3] / "docs" / "safety.md").read_text(encoding="utf-8")
    for country, lines in DEFAULT_RESOURCES.items():
        assert country == "*" or f"| {country} |" in published
        for line in lines:
            assert line.phone in published and (not line.text or line.text in published), line
