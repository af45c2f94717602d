"""An erase wins over a turn or an analysis that was already running: nothing of the user is left behind."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.dynamodb.memory import DynamoMemoryStore
from chalicelib.engine.extraction import RuleBasedExtractor
from chalicelib.engine.personality import BuiltinPersonalities
from chalicelib.errors import UserErasedError
from chalicelib.models import ChatReply, ChatRequest, TurnInput, Usage
from chalicelib.usecases.conversation import Conversation
from chalicelib.usecases.memory import Memory
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock, InMemoryConversationStore


class _ErasesWhileAnswering:
    """A chat model during whose call the user is erased (a `DELETE /users/...` racing the turn)."""

    def __init__(self, store: Any, clock: FakeClock) -> None:
        self._store, self._clock = store, clock

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        self._clock.advance(timedelta(milliseconds=5))
        self._store.erase_user("t1", "ana")
        self._clock.advance(timedelta(milliseconds=5))
        return ChatReply("too late", Usage(1, 1), "scripted")


@pytest.fixture(params=["memory", "dynamodb"])
def store(request: pytest.FixtureRequest) -> Any:
    clock = FakeClock()
    if request.param == "memory":
        return InMemoryConversationStore(clock)
    return DynamoMemoryStore(request.getfixturevalue("dynamodb"), TABLE, clock=clock)


def _clock(store: Any) -> FakeClock:
    clock: Any = store.clock if isinstance(store, InMemoryConversationStore) else store._clock
    assert isinstance(clock, FakeClock)
    return clock


def _items_of_ana(store: Any) -> list[str]:
    if isinstance(store, InMemoryConversationStore):
        data = store.export_user("t1", "ana")
        return [repr(m) for m in (*data.messages, *data.relationships, *data.sessions, *data.facts)]
    return [i["SK"]["S"] for i in table_items(store._client) if i["PK"]["S"] == "T#t1#U#ana"
            and i["SK"]["S"] != "~ERASED"]


def test_a_turn_running_when_the_user_is_erased_stores_nothing(store: Any) -> None:
    clock = _clock(store)
    calm = Conversation(store, _Fixed(), BuiltinPersonalities(), clock=clock)
    calm.take_turn(TurnInput("t1", "ana", "s1", "Hi, I'm Ana and I live in Porto."))
    clock.advance(timedelta(seconds=1))
    racing = Conversation(store, _ErasesWhileAnswering(store, clock), BuiltinPersonalities(), clock=clock)
    with pytest.raises(UserErasedError):
        racing.take_turn(TurnInput("t1", "ana", "s1", "Remember this secret, please."))
    assert _items_of_ana(store) == []
    clock.advance(timedelta(seconds=1))
    calm.take_turn(TurnInput("t1", "ana", "s2", "Hello again, a fresh start."))  # after the erase: a new user
    assert store.get_relationship("t1", "ana", "Assistant").total_interactions == 1


class _Fixed:
    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        return ChatReply("ok", Usage(1, 1), "scripted")


class _ErasingExtractor(RuleBasedExtractor):
    def __init__(self, store: Any, clock: FakeClock) -> None:
        self._store, self._clock = store, clock

    def extract(self, messages: Any, known: Any, **kwargs: Any) -> Any:
        self._clock.advance(timedelta(milliseconds=5))
        self._store.erase_user("t1", "ana")
        return super().extract(messages, known)


def test_an_analysis_running_when_the_user_is_erased_stores_nothing(store: Any) -> None:
    clock = _clock(store)
    Conversation(store, _Fixed(), BuiltinPersonalities(), clock=clock).take_turn(
        TurnInput("t1", "ana", "s1", "Hi! My name is Ana and I live in Lisbon."))
    clock.advance(timedelta(seconds=1))
    memory = Memory(store, _ErasingExtractor(store, clock), clock=clock)
    with pytest.raises(UserErasedError):
        memory.analyze_session("t1", "ana", "s1")
    assert _items_of_ana(store) == [] and store.list_facts("t1", "ana") == []


def test_erase_over_http_answers_what_it_deleted_and_hides_its_marker(client: Any, dynamodb: Any) -> None:
    body = json.dumps({"user_id": "ana", "session_id": "s1", "message": "Hi there!"})
    assert client.http.post("/message", headers={"Content-Type": "application/json"}, body=body).status_code == 200
    erased = client.http.delete("/users/ana").json_body
    assert "erasure" not in erased["deleted"] and erased["total"] == sum(erased["deleted"].values())
    assert client.http.get("/users/ana/export").json_body["messages"] == []
