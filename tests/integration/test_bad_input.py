"""Bad input is a 4xx that names the field and stores nothing; none of it may reach a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.errors import InvalidInputError
from chalicelib.http import api
from tests.conftest import table_items

JSON = {"Content-Type": "application/json"}


def _post(client: Client, raw: bytes) -> Any:
    return client.http.post("/message", headers=JSON, body=raw)


def _message(text: str) -> bytes:
    return json.dumps({"user_id": "ana", "session_id": "s1", "message": text}).encode()


@pytest.mark.parametrize("query", ["limit=²", "limit=" + "9" * 5000, "after=²", "after=" + "1" * 5000,
                                   "limit=٣", "after=-1", "limit=1e3"])
def test_odd_page_parameters_are_a_400_naming_them(client: Client, query: str) -> None:
    response = client.http.get(f"/users/ana/sessions/s1/messages?{query}")
    assert response.status_code == 400, response.body
    assert response.json_body["Message"].split(":")[0] == query.split("=")[0]


def test_a_deeply_nested_body_is_a_400(client: Client, dynamodb: Any) -> None:
    response = _post(client, b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code in (400, 413) and response.json_body["Message"].startswith("body")
    nested = b'{"a":' * 5000 + b"1" + b"}" * 5000
    response = _post(client, nested)
    assert response.status_code == 400 and response.json_body["Message"].startswith("body")
    assert table_items(dynamodb) == []


def test_a_body_over_the_limit_is_a_413(client: Client, dynamodb: Any) -> None:
    response = _post(client, _message("x" * 70_000))
    assert response.status_code == 413 and response.json_body["Message"].startswith("body")
    put = client.http.put("/personalities/Big", headers=JSON, body=b" " * 70_000)
    assert put.status_code == 413
    assert table_items(dynamodb) == []


def test_a_lone_surrogate_is_a_400_naming_the_message(client: Client, dynamodb: Any) -> None:
    response = _post(client, b'{"user_id": "ana", "session_id": "s1", "message": "hi \\ud800 there"}')
    assert response.status_code == 400 and response.json_body["Message"].startswith("message")
    assert table_items(dynamodb) == []


def test_ids_must_match_in_full_so_a_trailing_newline_erases_nothing(client: Client, dynamodb: Any) -> None:
    assert _post(client, _message("Hi, I'm Ana.")).status_code == 200
    before = table_items(dynamodb)
    response = client.http.delete("/users/ana%0A")
    assert response.status_code == 400 and response.json_body["Message"].startswith("user_id")
    assert table_items(dynamodb) == before


@pytest.mark.parametrize("value", ["ana\n", "ana\r\n", "ana#x", "", "a" * 129])
def test_an_id_with_a_trailing_newline_or_a_hash_is_refused(value: str) -> None:
    with pytest.raises(InvalidInputError, match=r"^user_id"):
        api.check_id("user_id", value)


def test_control_and_bidi_characters_are_removed_and_invisible_only_text_is_refused(
    client: Client, dynamodb: Any
) -> None:
    kept = _post(client, _message("Hello\x00 \x1b[31mAna\u202e!\u2066"))
    assert kept.status_code == 200
    (said, _) = client.http.get("/users/ana/sessions/s1/messages").json_body["messages"]
    assert said["content"] == "Hello [31mAna!"
    for invisible in ("\u200b\u200b", "\x00\x1b", " \u2060 "):
        response = _post(client, _message(invisible))
        assert response.status_code == 400 and response.json_body["Message"].startswith("message")
