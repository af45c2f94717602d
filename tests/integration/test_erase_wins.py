"""An erase wins over a turn or an analysis that was already running: nothing of the user is left behind."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.dynamodb.memory import DynamoMemoryStore
from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.errors import UserErasedError
from chalicelib.models import ChatReply, ChatRequest, IdempotencyClaim, TurnInput, Usage
from chalicelib.usecases.conversation import Conversation
from chalicelib.usecases.memory import Memory
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock, InMemoryConversationStore
from tests.integration.racing import FirstCallWaits


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


# -- work that starts while the erase is still deleting (DynamoDB: the in-memory erase is atomic) -------------


def _erase_racing(dynamodb: Any, clock: FakeClock, meanwhile: Any) -> dict[str, int]:
    """Erase ana with ``meanwhile`` run a second after the marker, before the erase's first delete."""

    def later() -> None:
        clock.advance(timedelta(seconds=1))
        meanwhile()

    racing = FirstCallWaits(dynamodb, ("batch_write_item",), later)
    return DynamoMemoryStore(racing, TABLE, clock=clock).erase_user("t1", "ana")


def test_an_analysis_that_starts_during_the_erase_stores_nothing(dynamodb: Any) -> None:
    clock = FakeClock()
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    Conversation(store, _Fixed(), BuiltinPersonalities(), clock=clock).take_turn(
        TurnInput("t1", "ana", "s1", "Hi! My name is Ana, I live in Lisbon and I love hiking."))
    refused: list[Exception] = []

    def analyse() -> None:
        try:
            Memory(store, RuleBasedExtractor(), clock=clock).analyze_session("t1", "ana", "s1")
        except UserErasedError as exc:
            refused.append(exc)

    _erase_racing(dynamodb, clock, analyse)
    assert store.list_facts("t1", "ana") == [] and _items_of_ana(store) == []
    assert len(refused) == 1


def test_a_turn_that_starts_during_the_erase_leaves_no_message_behind(dynamodb: Any) -> None:
    clock = FakeClock()
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    conversation = Conversation(store, _Fixed(), BuiltinPersonalities(), clock=clock)
    conversation.take_turn(TurnInput("t1", "ana", "s1", "Hi, I'm Ana."))
    refused: list[Exception] = []

    def turn() -> None:
        try:
            conversation.take_turn(TurnInput("t1", "ana", "s1", "One more thing to remember."))
        except UserErasedError as exc:
            refused.append(exc)

    _erase_racing(dynamodb, clock, turn)
    assert _items_of_ana(store) == [] and len(refused) == 1
    assert store.export_user("t1", "ana").messages == ()


def test_an_erase_deletes_what_was_written_after_its_first_read(dynamodb: Any) -> None:
    clock = FakeClock()
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    Conversation(store, _Fixed(), BuiltinPersonalities(), clock=clock).take_turn(TurnInput("t1", "ana", "s1", "Hi."))
    # A claim on an idempotency key is a plain Put: nothing stops it landing behind the erase's first read.
    claim = IdempotencyClaim("t1", "ana", "k1", "fp", clock.iso(), clock.epoch(timedelta(days=1)), clock.epoch())
    deleted = _erase_racing(dynamodb, clock, lambda: store.claim_turn(claim, clock.epoch()))
    assert _items_of_ana(store) == [] and deleted["idempotency"] == 1


def test_after_the_erase_has_finished_the_user_can_start_again(dynamodb: Any) -> None:
    clock = FakeClock()
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    conversation = Conversation(store, _Fixed(), BuiltinPersonalities(), clock=clock)
    conversation.take_turn(TurnInput("t1", "ana", "s1", "Hi, I'm Ana."))
    store.erase_user("t1", "ana")
    clock.advance(timedelta(milliseconds=1))
    conversation.take_turn(TurnInput("t1", "ana", "s1", "Hello, I am new here."))
    messages, _ = store.list_messages("t1", "ana", "s1", None, 10)
    assert [m.content for m in messages] == ["Hello, I am new here.", "ok"]


def test_a_marker_from_before_erases_recorded_their_end_still_lets_later_turns_in(dynamodb: Any) -> None:
    clock = FakeClock()
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    legacy = {"PK": {"S": "T#t1#U#ana"}, "SK": {"S": "~ERASED"}, "entity_type": {"S": "erasure"},
              "erased_at": {"S": clock.iso()}, "ttl": {"N": str(clock.epoch(timedelta(days=1)))}}
    dynamodb.put_item(TableName=TABLE, Item=legacy)
    clock.advance(timedelta(seconds=1))
    Conversation(store, _Fixed(), BuiltinPersonalities(), clock=clock).take_turn(TurnInput("t1", "ana", "s1", "Hi."))
    assert len(store.list_messages("t1", "ana", "s1", None, 10)[0]) == 2
