"""LuminoraCore's 12 shipped files, as documents of the same shape, load unchanged."""

from __future__ import annotations

import json

import pytest

from chalicelib.engine import compiler
from chalicelib.engine.personality.domain import Personality
from chalicelib.engine.personality.schema import parse_personality
from chalicelib.errors import InvalidInputError
from tests.luminoracore import SHAPES, Shape, document


def test_the_table_holds_luminoracores_twelve_files() -> None:
    assert len(SHAPES) == 12 and len({s.file for s in SHAPES}) == 12


@pytest.mark.parametrize("shape", SHAPES, ids=[s.file for s in SHAPES])
def test_each_file_loads_unchanged(shape: Shape) -> None:
    doc = document(shape)
    parsed = parse_personality(json.dumps(doc))
    assert parsed.persona.name == shape.name
    assert parsed.as_json() == doc


def test_a_tone_word_outside_luminoracores_list_reaches_the_prompt() -> None:
    shape = next(s for s in SHAPES if s.file == "professor_stern.json")
    compiled = compiler.compile_for(Personality(parse_personality(json.dumps(document(shape)))), "stranger")
    assert "authoritative, rigorous, intellectual, precise" in compiled.system_block


@pytest.mark.parametrize("tone", ["Bold", "two  spaces", "", "x" * 51, "bold!"])
def test_a_tone_that_is_not_a_lowercase_word_is_rejected_naming_the_field(tone: str) -> None:
    doc = document(SHAPES[0])
    doc["linguistic_profile"]["tone"] = ["friendly", tone]
    with pytest.raises(InvalidInputError) as caught:
        parse_personality(json.dumps(doc))
    assert str(caught.value).startswith("linguistic_profile.tone.1")


def test_unknown_keys_are_still_rejected_by_name() -> None:
    doc = document(SHAPES[4])
    doc["linguistic_profile"]["accent"] = "posh"
    with pytest.raises(InvalidInputError, match="accent"):
        parse_personality(json.dumps(doc))
