"""How items are stored: nothing an item's key or its session already says, and older items still read."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from chalicelib.dynamodb import keys
from chalicelib.dynamodb.maintenance import DynamoMaintenanceStore
from chalicelib.dynamodb.memory import DynamoMemoryStore
from chalicelib.dynamodb.wire import from_wire, to_wire
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.models import Episode, Fact, MemoryUpdate, Message, TurnInput
from chalicelib.usecases.conversation import Conversation
from chalicelib.usecases.maintenance import SessionRef
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock, ScriptedChatModel
from tests.integration.test_store_contract import _record

PK = keys.user_pk("t1", "ana")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(dynamodb: Any, clock: FakeClock) -> DynamoMemoryStore:
    return DynamoMemoryStore(dynamodb, TABLE, clock=clock)


def _stored(dynamodb: Any, kind: str) -> list[dict[str, Any]]:
    return [from_wire(i) for i in table_items(dynamodb) if i["entity_type"]["S"] == kind]


def _history(clock: FakeClock) -> tuple[dict[str, str], ...]:
    """Two earlier values, as deep analysis records them: each superseded when the next was first seen."""
    return (
        {"value": "Lisbon", "first_seen": clock.iso(timedelta(days=-5)), "last_seen": clock.iso(timedelta(days=-4)),
         "superseded_at": clock.iso(timedelta(days=-3)), "source_message_id": "m3"},
        {"value": "Faro", "first_seen": clock.iso(timedelta(days=-9)), "last_seen": clock.iso(timedelta(days=-8)),
         "superseded_at": clock.iso(timedelta(days=-5)), "source_message_id": "m1"},
    )


def _fact(clock: FakeClock) -> Fact:
    return Fact("personal_info", "location", "Porto", 0.9, "m5", clock.iso(timedelta(days=-3)), clock.iso(),
                history=_history(clock))


def _episode(clock: FakeClock, personality: str = "Assistant") -> Episode:
    return Episode("e1", personality, "achievement", "Ana ran her first 10 km", 7.0, "very_positive", clock.iso())


def _memory(clock: FakeClock, *, facts: tuple[Fact, ...] = (), hot: tuple[Episode, ...] | None = None) -> MemoryUpdate:
    return MemoryUpdate("t1", "ana", "s1", 0, 2, True, facts=facts, personality="Assistant", hot_episodes=hot,
                        started_at=clock.iso())


# -- what new items leave out -------------------------------------------------------------------


def test_a_message_item_carries_neither_its_session_nor_its_personality_nor_its_number(
    store: DynamoMemoryStore, dynamodb: Any
) -> None:
    store.record_turn(_record(0, None, 3))
    messages = _stored(dynamodb, "message")
    assert len(messages) == 2
    for item in messages:
        assert not {"session_id", "personality", "seq"} & set(item), item
    assert [m.personality for m in store.list_messages("t1", "ana", "s1", None, 10)[0]] == ["Assistant"] * 2


def test_the_session_and_relationship_items_leave_out_the_ids_their_keys_hold(
    store: DynamoMemoryStore, dynamodb: Any
) -> None:
    store.record_turn(_record(0, None, 3))
    (session,) = _stored(dynamodb, "session")
    (relationship,) = _stored(dynamodb, "relationship")
    assert "session_id" not in session and "user_id" not in relationship
    context = store.load_context("t1", "ana", "Assistant", "s1", 10)
    assert context.session is not None and context.session.session_id == "s1"
    assert context.relationship is not None and context.relationship.user_id == "ana"


def test_a_message_whose_personality_differs_from_its_session_keeps_its_own(
    store: DynamoMemoryStore, dynamodb: Any
) -> None:
    record = _record(0, None, 3)
    store.record_turn(record._replace(user_message=record.user_message._replace(personality="assistant")))
    assert sorted(str(i.get("personality")) for i in _stored(dynamodb, "message")) == ["None", "assistant"]
    assert [m.personality for m in store.list_messages("t1", "ana", "s1", None, 10)[0]] == ["assistant", "Assistant"]


def test_fact_history_leaves_out_when_a_value_was_superseded_and_reads_it_back(
    store: DynamoMemoryStore, dynamodb: Any, clock: FakeClock
) -> None:
    store.record_turn(_record(0, None, 3))
    odd = {**_history(clock)[1], "superseded_at": clock.iso(timedelta(days=-6))}  # not the newer first_seen
    fact = _fact(clock)._replace(history=(_history(clock)[0], odd))
    store.save_memory(_memory(clock, facts=(fact,)))
    (item,) = _stored(dynamodb, "fact")
    assert not {"category", "key"} & set(item)
    assert ["superseded_at" in h for h in item["history"]] == [False, True]
    (read,) = store.list_facts("t1", "ana")
    assert (read.category, read.key, read.history) == ("personal_info", "location", fact.history)


def test_hot_episodes_name_their_personality_once(store: DynamoMemoryStore, dynamodb: Any, clock: FakeClock) -> None:
    store.record_turn(_record(0, None, 3))
    store.save_memory(_memory(clock, hot=(_episode(clock), _episode(clock, "assistant"))))
    (hot,) = _stored(dynamodb, "hot_episodes")
    assert hot["personality"] == "Assistant"
    assert [e.get("personality") for e in hot["episodes"]] == [None, "assistant"]
    context = store.load_context("t1", "ana", "Assistant", "s1", 10)
    assert [e.personality for e in context.episodes] == ["Assistant", "assistant"]


def test_an_export_page_without_the_session_item_still_names_each_messages_personality(
    store: DynamoMemoryStore,
) -> None:
    previous = None
    for turn in range(3):
        record = _record(turn * 2, previous, turn + 1)
        store.record_turn(record)
        previous = record.relationship
    data, cursor = store.export_page("t1", "ana", keys.message_sk("s1", 1), 600)
    assert cursor is not None and not data.sessions and data.messages
    assert {m.personality for m in data.messages} == {"Assistant"}


# -- items written before: every reader still reads them ------------------------------------------


def _old_items(clock: FakeClock) -> list[dict[str, Any]]:
    """A user as the earlier layout stored them: ids, numbers and personalities repeated in every item."""
    stamp, expires = clock.iso(), clock.epoch(timedelta(days=30))
    messages = [
        {"PK": PK, "SK": keys.message_sk("s1", seq), "entity_type": "message", "message_id": f"m{seq}",
         "session_id": "s1", "personality": "Assistant", "role": role, "content": f"{role} says hi, I live in Porto",
         "created_at": stamp, "seq": seq}
        for seq, role in enumerate(("user", "assistant", "user", "assistant"))
    ]
    return [
        *messages,
        {"PK": PK, "SK": keys.session_sk("s1"), "entity_type": "session", "session_id": "s1",
         "personality": "Assistant", "created_at": stamp, "last_activity": stamp, "message_count": 4,
         "expires_at": expires, "analyzed_through": 0},
        {"PK": PK, "SK": keys.relationship_sk("Assistant"), "entity_type": "relationship", "user_id": "ana",
         "personality": "Assistant", "affinity_points": 4, "level": "stranger", "total_interactions": 2,
         "version": 2, "created_at": stamp, "updated_at": stamp},
        {"PK": PK, "SK": keys.fact_sk("personal_info", "location"), "entity_type": "fact",
         "category": "personal_info", "key": "location", "value": "Porto", "confidence": 0.9,
         "source_message_id": "m5", "first_seen": clock.iso(timedelta(days=-3)), "last_seen": stamp,
         "history": list(_history(clock)), "version": 3},
        {"PK": PK, "SK": keys.hot_episodes_sk("Assistant"), "entity_type": "hot_episodes",
         "episodes": [{"episode_id": "e1", "personality": "Assistant", "type": "achievement",
                       "summary": "Ana ran her first 10 km", "importance": 7, "sentiment": "very_positive",
                       "occurred_at": stamp}]},
    ]


@pytest.fixture
def old_user(dynamodb: Any, clock: FakeClock) -> None:
    for item in _old_items(clock):
        dynamodb.put_item(TableName=TABLE, Item=to_wire(item))


def _expected_messages(clock: FakeClock) -> list[Message]:
    return [Message(f"m{seq}", "s1", role, f"{role} says hi, I live in Porto", clock.iso(), "Assistant", seq)
            for seq, role in enumerate(("user", "assistant", "user", "assistant"))]


@pytest.mark.usefixtures("old_user")
def test_a_turn_reads_items_of_the_earlier_layout(store: DynamoMemoryStore, clock: FakeClock) -> None:
    context = store.load_context("t1", "ana", "Assistant", "s1", 10)
    assert list(context.recent_messages) == _expected_messages(clock)
    assert context.next_seq == 4 and context.session is not None and context.session.session_id == "s1"
    assert context.relationship is not None and context.relationship.user_id == "ana"
    assert context.facts == (_fact(clock)._replace(version=3),)
    assert [(e.episode_id, e.personality) for e in context.episodes] == [("e1", "Assistant")]


@pytest.mark.usefixtures("old_user")
def test_the_routes_export_and_deep_analysis_read_messages_of_the_earlier_layout(
    store: DynamoMemoryStore, clock: FakeClock
) -> None:
    expected = _expected_messages(clock)
    assert store.list_messages("t1", "ana", "s1", None, 10) == (expected, None)
    assert list(store.export_user("t1", "ana").messages) == expected
    assert list(store.export_page("t1", "ana", None, 1_000_000)[0].messages) == expected
    pending = store.load_pending("t1", "ana", "s1", 40)
    assert pending is not None and list(pending.messages) == expected


@pytest.mark.usefixtures("old_user")
def test_a_turn_after_the_earlier_layout_reads_both_kinds_and_drops_the_repeated_ids(
    store: DynamoMemoryStore, dynamodb: Any, clock: FakeClock
) -> None:
    context = store.load_context("t1", "ana", "Assistant", "s1", 10)
    record = _record(4, context.relationship, 6)
    store.record_turn(record._replace(session=context.session or record.session, new_session=False))
    assert [m.seq for m in store.list_messages("t1", "ana", "s1", None, 10)[0]] == [0, 1, 2, 3, 4, 5]
    assert "session_id" not in _stored(dynamodb, "session")[0]
    assert "user_id" not in _stored(dynamodb, "relationship")[0]


@pytest.mark.usefixtures("old_user")
def test_the_nightly_job_summarizes_and_deletes_messages_of_the_earlier_layout(
    dynamodb: Any, clock: FakeClock
) -> None:
    nightly = DynamoMaintenanceStore(dynamodb, TABLE)
    ref = SessionRef("t1", "ana", "s1")
    work = nightly.summary_work(ref)
    assert work is not None and list(work.messages) == _expected_messages(clock)
    expired = clock.epoch(timedelta(days=31))
    assert nightly.delete_expired_session(ref, expired, lambda _: pytest.fail("an expired session is not moved")) == 5
    assert _stored(dynamodb, "message") == []


@pytest.mark.usefixtures("old_user")
def test_an_erase_deletes_items_of_the_earlier_layout(store: DynamoMemoryStore, dynamodb: Any) -> None:
    deleted = store.erase_user("t1", "ana")
    assert deleted == {"message": 4, "session": 1, "relationship": 1, "fact": 1, "hot_episodes": 1}
    assert [i["SK"]["S"] for i in table_items(dynamodb)] == [keys.ERASED_SK]


def test_two_turns_in_the_same_millisecond_keep_a_mood_entry_each(store: DynamoMemoryStore, clock: FakeClock) -> None:
    conversation = Conversation(store, ScriptedChatModel("ok"), BuiltinPersonalities(), clock=clock)
    conversation.take_turn(TurnInput("t1", "ana", "s1", "I am so happy today, it is wonderful!"))
    conversation.take_turn(TurnInput("t1", "ana", "s2", "This is awful, I am really sad."))  # the clock stood still
    moods = store.export_user("t1", "ana").moods
    assert len(moods) == 2 and moods[0].created_at == moods[1].created_at
    assert "sad" in {m.mood for m in moods} and moods[0] != moods[1]
