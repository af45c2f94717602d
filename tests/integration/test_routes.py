"""The HTTP API through `chalice.test.Client`, on moto, with the offline responder."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from chalice.test import Client

from tests.conftest import table_items
from tests.fakes import ScriptedChatModel
from tests.integration.conftest import make_client

FRIENDLY = [
    "Hi! It's so nice to meet you, you seem wonderful.",
    "Thank you, that was really helpful and kind!",
    "I love how patient you are, thanks a lot!",
    "You are great, I really appreciate it.",
    "That's awesome, thank you so much!",
    "I'm happy we talked today, this is fun.",
    "Wonderful explanation, I love it!",
    "You made my day, thanks!",
    "This is amazing, I'm grateful for your help.",
    "Great, thank you, you are the best!",
]


def _post(client: Client, body: Any, raw: bool = False, headers: dict[str, str] | None = None) -> Any:
    return client.http.post(
        "/message",
        headers={"Content-Type": "application/json", **(headers or {})},
        body=body if raw else json.dumps(body),
    )


def test_health_is_ok(client: Client) -> None:
    response = client.http.get("/health")
    assert response.status_code == 200 and response.json_body == {"status": "ok"}


def test_ten_friendly_turns_raise_affinity_and_reach_acquaintance(client: Client) -> None:
    points = []
    levels = []
    for text in FRIENDLY:
        response = _post(client, {"user_id": "ana", "session_id": "s1", "message": text})
        assert response.status_code == 200, response.body
        body = response.json_body
        assert set(body) >= {"response", "affinity_level", "affinity_points", "session_id", "message_id", "mood"}
        assert body["response"]
        points.append(body["affinity_points"])
        levels.append(body["affinity_level"])
    assert all(b > a for a, b in itertools.pairwise(points))
    expected = ["stranger" if p <= 20 else "acquaintance" if p <= 40 else "friend" for p in points]
    assert levels == expected
    assert levels[0] == "stranger" and "acquaintance" in levels
    relationship = client.http.get("/users/ana/relationships/Assistant").json_body
    assert relationship["affinity_points"] == points[-1]
    assert relationship["total_interactions"] == 10
    assert relationship["positive_interactions"] == 10
    history = client.http.get("/users/ana/sessions/s1/messages").json_body["messages"]
    assert len(history) == 20
    assert [m["role"] for m in history] == ["user", "assistant"] * 10
    assert [m["content"] for m in history[::2]] == FRIENDLY


def test_history_pages_with_a_cursor(client: Client) -> None:
    for text in FRIENDLY[:3]:
        _post(client, {"user_id": "ana", "session_id": "s1", "message": text})
    first = client.http.get("/users/ana/sessions/s1/messages?limit=4").json_body
    assert len(first["messages"]) == 4 and first["next_cursor"]
    rest = client.http.get(f"/users/ana/sessions/s1/messages?limit=4&after={first['next_cursor']}").json_body
    assert next(m["content"] for m in rest["messages"]) == FRIENDLY[2]
    assert rest["next_cursor"] is None


def test_relationship_of_strangers_is_not_found(client: Client) -> None:
    response = client.http.get("/users/nobody/relationships/Assistant")
    assert response.status_code == 404
    assert response.json_body["Code"] == "NotFoundError"


BAD_INPUTS = [
    ("{not json", "body"),
    (json.dumps(["a list"]), "body"),
    (json.dumps({"session_id": "s1", "message": "hi"}), "user_id"),
    (json.dumps({"user_id": "ana", "message": "hi"}), "session_id"),
    (json.dumps({"user_id": "ana", "session_id": "s1"}), "message"),
    (json.dumps({"user_id": 42, "session_id": "s1", "message": "hi"}), "user_id"),
    (json.dumps({"user_id": "ana", "session_id": "s1", "message": 5}), "message"),
    (json.dumps({"user_id": "ana", "session_id": "s1", "message": ""}), "message"),
    (json.dumps({"user_id": "ana", "session_id": "s1", "message": "   "}), "message"),
    (json.dumps({"user_id": "ana", "session_id": "s1", "message": "x" * 4001}), "message"),
    (json.dumps({"user_id": "ana#SK", "session_id": "s1", "message": "hi"}), "user_id"),
    (json.dumps({"user_id": "ana", "session_id": "s" * 129, "message": "hi"}), "session_id"),
    (json.dumps({"user_id": "", "session_id": "s1", "message": "hi"}), "user_id"),
    (json.dumps({"user_id": "ana", "session_id": "s1", "message": "hi", "personality_name": ["x"]}),
     "personality_name"),
]


@pytest.mark.parametrize(("body", "field"), BAD_INPUTS)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(
    client: Client, dynamodb: Any, body: str, field: str
) -> None:
    _post(client, {"user_id": "ana", "session_id": "s1", "message": "Hello there!"})
    before = table_items(dynamodb)
    response = _post(client, body, raw=True)
    assert response.status_code == 400
    assert response.json_body["Code"] == "BadRequestError"
    assert response.json_body["Message"].startswith(field)
    assert table_items(dynamodb) == before


def test_an_unknown_personality_is_a_404_and_stores_nothing(client: Client, dynamodb: Any) -> None:
    response = _post(client, {"user_id": "ana", "session_id": "s1", "message": "hi", "personality_name": "Zed"})
    assert response.status_code == 404
    assert "Zed" in response.json_body["Message"]
    assert table_items(dynamodb) == []


def test_the_message_limit_comes_from_config(dynamodb: Any) -> None:
    with make_client(dynamodb, max_message_chars=10) as client:
        assert _post(client, {"user_id": "a", "session_id": "s", "message": "x" * 11}).status_code == 400
        assert _post(client, {"user_id": "a", "session_id": "s", "message": "x" * 10}).status_code == 200


def test_bad_path_ids_are_400(client: Client) -> None:
    response = client.http.get("/users/a%23b/sessions/s1/messages")
    assert response.status_code == 400
    assert response.json_body["Message"].startswith("user_id")
    assert client.http.get("/users/ana/sessions/s1/messages?limit=0").status_code == 400


def test_a_repeated_idempotency_key_answers_the_same_and_stores_once(dynamodb: Any) -> None:
    chat = ScriptedChatModel("first", "second")
    with make_client(dynamodb, chat_model=chat) as client:
        body = {"user_id": "ana", "session_id": "s1", "message": "hello"}
        first = _post(client, body, headers={"Idempotency-Key": "retry-1"}).json_body
        again = _post(client, body, headers={"Idempotency-Key": "retry-1"}).json_body
        assert again["response"] == first["response"] == "first"
        assert len(chat.requests) == 1, "the retry is answered from storage, not by a second LLM call"
        history = client.http.get("/users/ana/sessions/s1/messages").json_body["messages"]
        assert len(history) == 2
