from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from chalicelib.errors import InvalidInputError
from chalicelib.http import api
from chalicelib.http.openapi import MessageRequest as Documented


def _parse(body: object) -> api.MessageRequest:
    return api.parse_message(json.dumps(body).encode())


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
        api.parse_message(raw)
    assert caught.value.field == field


def _value(pattern: str) -> st.SearchStrategy[object]:
    """Values a client might send for a string field: matching, near misses, other types."""
    return st.one_of(st.from_regex(pattern, fullmatch=True), st.text(max_size=70), st.integers(), st.none(),
                     st.lists(st.text(max_size=3), max_size=2))


_BODIES = st.fixed_dictionaries({}, optional={
    "user_id": _value(api.ID_PATTERN),
    "session_id": _value(api.ID_PATTERN),
    "message": st.one_of(st.text(max_size=20), st.integers(), st.none()),
    "personality_name": _value(api.NAME_PATTERN),
    "other": st.integers(),
})


@settings(max_examples=300, deadline=None)
@given(_BODIES)
def test_the_checked_body_is_the_documented_body(body: dict[str, object]) -> None:
    """`parse_message` accepts what the OpenAPI schema's model accepts, and names the same first field."""
    name = body.get("personality_name")
    if isinstance(name, str) and unicodedata.normalize("NFKC", name) != name:
        body = {**body, "personality_name": unicodedata.normalize("NFKC", name)}  # refused apart, like paths
    try:
        expected = Documented.model_validate(body)
    except ValidationError as exc:
        with pytest.raises(InvalidInputError) as caught:
            api.parse_message(json.dumps(body))
        assert caught.value.field == str(exc.errors()[0]["loc"][0])
    else:
        parsed = api.parse_message(json.dumps(body))
        assert parsed == api.MessageRequest(**expected.model_dump())


def test_a_personality_name_in_a_compatibility_form_is_refused_as_in_paths() -> None:
    with pytest.raises(InvalidInputError, match=r"^personality_name: must be in Unicode NFKC form"):
        _parse({"user_id": "u1", "session_id": "s1", "message": "hi", "personality_name": "Kai"})


def test_message_limits() -> None:
    with pytest.raises(InvalidInputError, match="message: must not be empty"):
        api.check_message("   ", 10)
    with pytest.raises(InvalidInputError, match="at most 10 characters"):
        api.check_message("x" * 11, 10)
    assert api.check_message("x" * 10, 10) == "x" * 10
