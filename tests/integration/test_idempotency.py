"""`Idempotency-Key` on `POST /message`: a repeat gets the first answer, another body with the key is a 422."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from chalice.test import Client

from chalicelib.dynamodb.memory import DynamoMemoryStore
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.errors import LLMTimeoutError
from chalicelib.models import ChatReply, ChatRequest, TurnInput, TurnResult, Usage
from chalicelib.usecases.conversation import IN_FLIGHT_SECONDS, Conversation
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock, ScriptedChatModel
from tests.integration.conftest import make_client

BODY = {"user_id": "ana", "session_id": "s1", "message": "hello there"}


def _post(client: Client, body: dict[str, Any], key: str) -> Any:
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    return client.http.post("/message", headers=headers, body=json.dumps(body))


def test_a_replay_returns_the_same_message_id_and_changes_nothing(dynamodb: Any) -> None:
    chat = ScriptedChatModel("first", "second")
    with make_client(dynamodb, chat_model=chat) as client:
        first = _post(client, BODY, "k-1")
        before = table_items(dynamodb)
        again = _post(client, BODY, "k-1")
        assert first.status_code == again.status_code == 200
        assert again.json_body == first.json_body and again.json_body["response"] == "first"
        assert len(chat.requests) == 1
        assert table_items(dynamodb) == before


def test_the_same_key_with_another_message_is_a_422_naming_the_header(dynamodb: Any) -> None:
    chat = ScriptedChatModel("first", "second")
    with make_client(dynamodb, chat_model=chat) as client:
        assert _post(client, BODY, "k-1").status_code == 200
        before = table_items(dynamodb)
        response = _post(client, {**BODY, "message": "something else"}, "k-1")
        assert response.status_code == 422
        assert response.json_body["Message"].startswith("Idempotency-Key")
        assert len(chat.requests) == 1 and table_items(dynamodb) == before


def test_a_key_reused_in_another_session_with_another_personality_is_refused(dynamodb: Any) -> None:
    chat = ScriptedChatModel("first", "second")
    with make_client(dynamodb, chat_model=chat) as client:
        assert _post(client, BODY, "k-1").status_code == 200
        other = {**BODY, "session_id": "s2", "personality_name": "Sage"}
        assert _post(client, other, "k-1").status_code == 422
        assert len(chat.requests) == 1
        assert client.http.get("/users/ana/sessions/s2/messages").json_body["messages"] == []


def test_a_failed_turn_frees_its_key_for_the_retry(dynamodb: Any) -> None:
    chat = ScriptedChatModel(LLMTimeoutError("slow"), "second try")
    with make_client(dynamodb, chat_model=chat) as client:
        assert _post(client, BODY, "k-1").status_code == 504
        retried = _post(client, BODY, "k-1")
        assert retried.status_code == 200 and retried.json_body["response"] == "second try"
        assert len(client.http.get("/users/ana/sessions/s1/messages").json_body["messages"]) == 2


class _LaggingReads:
    """DynamoDB as a read that is not strongly consistent may answer it: here, without the idempotency
    record just written (moto itself is always consistent)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def get_item(self, **kwargs: Any) -> Any:
        if not kwargs.get("ConsistentRead") and kwargs["Key"]["SK"]["S"].startswith("I#"):
            return {}
        return self._client.get_item(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


class _Overtaken:
    """A chat model so slow that the client's retry takes the key over and answers first."""

    def __init__(self, clock: FakeClock, retry: Any) -> None:
        self._clock, self._retry = clock, retry

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        self._clock.advance(timedelta(seconds=IN_FLIGHT_SECONDS + 1))
        self._retry()
        return ChatReply("too slow", Usage(1, 1), "scripted")


def test_a_turn_overtaken_by_its_retry_answers_the_retrys_result(dynamodb: Any) -> None:
    clock = FakeClock()
    turn = TurnInput("t1", "ana", "s1", "hello there", idempotency_key="k-1")
    fast = Conversation(DynamoMemoryStore(dynamodb, TABLE, clock=clock), ScriptedChatModel("fast"),
                        BuiltinPersonalities(), clock=clock)
    retried: list[TurnResult] = []
    slow = Conversation(DynamoMemoryStore(_LaggingReads(dynamodb), TABLE, clock=clock),
                        _Overtaken(clock, lambda: retried.append(fast.take_turn(turn))), BuiltinPersonalities(),
                        clock=clock)
    answer = slow.take_turn(turn)
    assert answer.response == "fast" and answer.message_id == retried[0].message_id
