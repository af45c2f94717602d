from __future__ import annotations

import json

import pytest

from chalicelib.errors import InvalidInputError
from chalicelib.http import api


def _parse(body: object) -> api.MessageRequest:
    return api.parse_body(json.dumps(body).encode(), api.MessageRequest)


def test_a_valid_body_parses_with_the_default_personality() -> None:
    parsed = _parse({"user_id": "u1", "session_id": "s1", "message": "hi"})
    assert parsed.personality_name == "Assistant"


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
        api.parse_body(raw, api.MessageRequest)
    assert caught.value.field == field


def test_message_limits() -> None:
    with pytest.raises(InvalidInputError, match="message: must not be empty"):
        api.check_message("   ", 10)
    with pytest.raises(InvalidInputError, match="at most 10 characters"):
        api.check_message("x" * 11, 10)
    assert api.check_message("x" * 10, 10) == "x" * 10
