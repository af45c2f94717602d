"""One contract, run against every `ConversationStore` implementation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from chalicelib.dynamodb import DynamoConversationStore
from chalicelib.errors import ConflictError, DuplicateTurnError
from chalicelib.models import Message, Relationship, Session, TurnRecord, Usage
from chalicelib.ports import ConversationStore
from tests.conftest import TABLE
from tests.fakes import InMemoryConversationStore


@pytest.fixture(params=["memory", "dynamodb"])
def store(request: pytest.FixtureRequest) -> Iterator[ConversationStore]:
    if request.param == "memory":
        yield InMemoryConversationStore()
    else:
        yield DynamoConversationStore(request.getfixturevalue("dynamodb"), TABLE)


def _record(seq: int, previous: Relationship | None, points: int, key: str | None = None) -> TurnRecord:
    stamp = f"2026-11-28T10:00:{seq:02d}.000Z"
    rel = Relationship("ana", "Assistant", affinity_points=points, level="stranger",
                       total_interactions=(previous.total_interactions if previous else 0) + 1,
                       version=(previous.version if previous else 0) + 1, updated_at=stamp)

    def message(offset: int, role: str) -> Message:
        return Message(f"m{seq + offset}", "s1", role, f"{role} {seq + offset}", stamp, "Assistant", seq + offset,
                       Usage(3, 4) if role == "assistant" else None)

    return TurnRecord(
        tenant="t1", user_id="ana", session=Session("s1", "Assistant", stamp, stamp), new_session=seq == 0,
        user_message=message(0, "user"), assistant_message=message(1, "assistant"), previous=previous,
        relationship=rel, positive=True, negative=False, expires_at=4_102_444_800, idempotency_key=key,
    )


def test_a_recorded_turn_is_in_the_next_context(store: ConversationStore) -> None:
    store.record_turn(_record(0, None, 3))
    context = store.load_context("t1", "ana", "Assistant", "s1", 10)
    assert context.relationship is not None and context.relationship.affinity_points == 3
    assert [m.content for m in context.recent_messages] == ["user 0", "assistant 1"]
    assert context.next_seq == 2
    assert context.session is not None and context.session.personality == "Assistant"


def test_the_context_window_keeps_the_latest_messages(store: ConversationStore) -> None:
    previous = None
    for turn in range(5):
        record = _record(turn * 2, previous, turn)
        store.record_turn(record)
        previous = record.relationship
    context = store.load_context("t1", "ana", "Assistant", "s1", 4)
    assert [m.seq for m in context.recent_messages] == [6, 7, 8, 9]
    assert context.next_seq == 10


def test_a_stale_relationship_version_is_a_conflict_and_writes_nothing(store: ConversationStore) -> None:
    first = _record(0, None, 3)
    store.record_turn(first)
    with pytest.raises(ConflictError):
        store.record_turn(_record(2, replace(first.relationship, version=99), 5))
    messages, _ = store.list_messages("t1", "ana", "s1", None, 10)
    assert len(messages) == 2


def test_the_same_sequence_cannot_be_written_twice(store: ConversationStore) -> None:
    first = _record(0, None, 3)
    store.record_turn(first)
    with pytest.raises(ConflictError):
        store.record_turn(replace(_record(0, first.relationship, 4)))


def test_a_reused_idempotency_key_is_a_duplicate_and_the_first_result_is_kept(store: ConversationStore) -> None:
    first = _record(0, None, 3, key="k1")
    store.record_turn(first)
    with pytest.raises(DuplicateTurnError):
        store.record_turn(_record(2, first.relationship, 5, key="k1"))
    stored = store.get_turn_result("t1", "ana", "k1")
    assert stored is not None and stored["response"] == "assistant 1" and stored["affinity_points"] == 3


def test_messages_page_oldest_first_with_a_cursor(store: ConversationStore) -> None:
    previous = None
    for turn in range(3):
        record = _record(turn * 2, previous, turn)
        store.record_turn(record)
        previous = record.relationship
    first, cursor = store.list_messages("t1", "ana", "s1", None, 4)
    assert [m.seq for m in first] == [0, 1, 2, 3] and cursor == 3
    rest, end = store.list_messages("t1", "ana", "s1", cursor, 4)
    assert [m.seq for m in rest] == [4, 5] and end is None
    assert rest[-1].usage == Usage(3, 4)


def test_users_and_tenants_do_not_see_each_other(store: ConversationStore) -> None:
    store.record_turn(_record(0, None, 3))
    assert store.get_relationship("t2", "ana", "Assistant") is None
    assert store.get_relationship("t1", "bob", "Assistant") is None
    assert store.get_relationship("t1", "ana", "assistant") is not None
