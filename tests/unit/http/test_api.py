from __future__ import annotations

import json

import pytest

from chalicelib.errors import InvalidInputError
from chalicelib.http import api, openapi
from chalicelib.models import DEFAULT_PERSONALITY


def _parse(body: object) -> api.MessageRequest:
    return api.parse_message(json.dumps(body).encode(), max_chars=4000)


def test_a_valid_body_parses_with_the_default_personality() -> None:
    parsed = _parse({"user_id": "u1", "session_id": "s1", "message": "hi"})
    assert parsed.personality_name == DEFAULT_PERSONALITY == "Assistant"


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"{not json", "body"),
        (b"[1, 2]", "body"),
        (b"", "body"),
        (json.dumps({"session_id": "s", "message": "hi"}).encode(), "user_id"),
        (json.dumps({"user_id": 7, "session_id": "s", "message": "hi"}).encode(), "user_id"),
        (json.dumps({"user_id": "a#b", "session_id": "s", "message": "hi"}).encode(), "user_id"),
        (json.dumps({"user_id": "u", "session_id": "x" * 129, "message": "hi"}).encode(), "session_id"),
        (json.dumps({"user_id": "u", "session_id": "s", "message": ["hi"]}).encode(), "message"),
        (json.dumps({"user_id": "u", "session_id": "s", "message": "hi", "personality_name": 3}).encode(),
         "personality_name"),
    ],
)
def test_bad_bodies_name_the_field(raw: bytes, field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        api.parse_message(raw, max_chars=4000)
    assert caught.value.field == field


def test_a_body_field_keeps_the_rule_and_the_words_of_its_path_parameter() -> None:
    with pytest.raises(InvalidInputError) as caught:
        _parse({"user_id": "ana\n", "session_id": "s1", "message": "hi"})
    with pytest.raises(InvalidInputError) as in_path:
        api.check_id("user_id", "ana\n")
    assert str(caught.value) == str(in_path.value)
    with pytest.raises(InvalidInputError, match=r"^session_id: must be a string$"):
        _parse({"user_id": "ana", "session_id": None, "message": "hi"})


def test_the_message_is_cleaned_and_held_to_the_deployments_limit() -> None:
    parsed = _parse({"user_id": "u1", "session_id": "s1", "message": "Hi\x00 Ana\u202e"})
    assert parsed.message == "Hi Ana"
    body = json.dumps({"user_id": "u1", "session_id": "s1", "message": "x" * 11})
    with pytest.raises(InvalidInputError, match=r"^message: must be at most 10 characters, got 11$"):
        api.parse_message(body, max_chars=10)
    assert api.parse_message(body, max_chars=11).message == "x" * 11


def test_the_documented_body_is_the_checked_body() -> None:
    documented = openapi.document()["components"]["schemas"]["MessageRequest"]
    assert documented == api.MessageRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    assert documented["properties"]["user_id"]["pattern"] == api.ID_PATTERN
    assert documented["properties"]["personality_name"]["default"] == DEFAULT_PERSONALITY


def test_a_personality_name_in_a_compatibility_form_is_refused_as_in_paths() -> None:
    with pytest.raises(InvalidInputError, match=r"^personality_name: must be in Unicode NFKC form"):
        _parse({"user_id": "u1", "session_id": "s1", "message": "hi", "personality_name": "Kai"})


def test_message_limits() -> None:
    with pytest.raises(InvalidInputError, match="message: must not be empty"):
        api.check_message("   ", 10)
    with pytest.raises(InvalidInputError, match="at most 10 characters"):
        api.check_message("x" * 11, 10)
    assert api.check_message("x" * 10, 10) == "x" * 10
