"""One contract, run against every `ConversationStore` implementation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.errors import ConflictError, DuplicateTurnError, IdempotencyMismatchError, TurnInFlightError
from chalicelib.models import (
    IDEMPOTENCY_WINDOW_S,
    Episode,
    Fact,
    IdempotencyClaim,
    MemoryUpdate,
    Message,
    Relationship,
    Session,
    TurnRecord,
    Usage,
)
from chalicelib.ports import ConversationStore
from tests.fakes import FakeClock
from tests.integration.conftest import Store

# Records are stamped from a clock that starts where every test's clock starts.
START = FakeClock()


def _record(
    seq: int, previous: Relationship | None, points: int, key: str | None = None, at: FakeClock = START
) -> TurnRecord:
    stamp = at.iso(timedelta(seconds=seq))
    rel = Relationship("ana", "Assistant", affinity_points=points, level="stranger",
                       total_interactions=(previous.total_interactions if previous else 0) + 1,
                       version=(previous.version if previous else 0) + 1, updated_at=stamp)

    def message(offset: int, role: str) -> Message:
        return Message(f"m{seq + offset}", "s1", role, f"{role} {seq + offset}", stamp, "Assistant", seq + offset,
                       Usage(3, 4) if role == "assistant" else None)

    return TurnRecord(
        tenant="t1", user_id="ana", session=Session("s1", "Assistant", stamp, stamp), new_session=seq == 0,
        user_message=message(0, "user"), assistant_message=message(1, "assistant"), previous=previous,
        relationship=rel, positive=True, negative=False, expires_at=START.epoch(timedelta(days=90)),
        idempotency_key=key,
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
        store.record_turn(_record(2, first.relationship._replace(version=99), 5))
    messages, _ = store.list_messages("t1", "ana", "s1", None, 10)
    assert len(messages) == 2


def test_the_same_sequence_cannot_be_written_twice(store: ConversationStore) -> None:
    first = _record(0, None, 3)
    store.record_turn(first)
    with pytest.raises(ConflictError):
        store.record_turn(_record(0, first.relationship, 4))


def _claim(clock: FakeClock, fingerprint: str = "fp-1", key: str = "k1") -> IdempotencyClaim:
    now = clock.epoch()
    return IdempotencyClaim("t1", "ana", key, fingerprint, clock.iso(), now + IDEMPOTENCY_WINDOW_S, now + 60)


def _claimed_turn(store: ConversationStore, clock: FakeClock, seq: int, previous: Relationship | None,
                  points: int, fingerprint: str = "fp-1") -> TurnRecord:
    claim = _claim(clock, fingerprint)
    assert store.claim_turn(claim, clock.epoch()) is None
    record = _record(seq, previous, points, key="k1", at=clock)._replace(claim=claim)
    store.record_turn(record)
    return record


def test_a_claimed_key_answers_its_repeat_with_the_first_result(store: ConversationStore, clock: FakeClock) -> None:
    _claimed_turn(store, clock, 0, None, 3)
    again = store.claim_turn(_claim(clock), clock.epoch())
    assert again is not None and again["response"] == "assistant 1" and again["affinity_points"] == 3
    assert store.get_turn_result("t1", "ana", "k1") == again


def test_a_key_reused_with_another_request_is_a_mismatch(store: ConversationStore, clock: FakeClock) -> None:
    _claimed_turn(store, clock, 0, None, 3)
    with pytest.raises(IdempotencyMismatchError):
        store.claim_turn(_claim(clock, fingerprint="fp-2"), clock.epoch())


def test_a_key_whose_first_request_still_runs_is_in_flight(store: ConversationStore, clock: FakeClock) -> None:
    assert store.claim_turn(_claim(clock), clock.epoch()) is None
    with pytest.raises(TurnInFlightError) as raised:
        store.claim_turn(_claim(clock), clock.epoch())
    assert 1 <= raised.value.retry_after <= 5
    clock.advance(timedelta(seconds=61))  # the first request died without finishing: its claim lapses
    assert store.claim_turn(_claim(clock), clock.epoch()) is None


def test_a_released_claim_can_be_taken_again(store: ConversationStore, clock: FakeClock) -> None:
    claim = _claim(clock)
    assert store.claim_turn(claim, clock.epoch()) is None
    store.release_turn(claim)
    assert store.claim_turn(_claim(clock), clock.epoch()) is None


def test_a_completed_claim_cannot_be_completed_twice(store: ConversationStore, clock: FakeClock) -> None:
    first = _claimed_turn(store, clock, 0, None, 3)
    with pytest.raises(DuplicateTurnError):
        store.record_turn(_record(2, first.relationship, 5, key="k1", at=clock)._replace(claim=first.claim))
    stored = store.get_turn_result("t1", "ana", "k1")
    assert stored is not None and stored["response"] == "assistant 1" and stored["affinity_points"] == 3


def test_an_idempotency_key_is_still_a_repeat_at_23_hours_59(store: ConversationStore, clock: FakeClock) -> None:
    _claimed_turn(store, clock, 0, None, 3)
    clock.advance(timedelta(hours=23, minutes=59))
    again = store.claim_turn(_claim(clock), clock.epoch())
    assert again is not None and again["response"] == "assistant 1"
    assert store.get_turn_result("t1", "ana", "k1") == again


def test_an_idempotency_key_is_new_again_at_24_hours_01(store: ConversationStore, clock: FakeClock) -> None:
    first = _claimed_turn(store, clock, 0, None, 3)
    clock.advance(timedelta(hours=24, minutes=1))
    assert store.get_turn_result("t1", "ana", "k1") is None
    _claimed_turn(store, clock, 2, first.relationship, 5, fingerprint="fp-2")
    stored = store.get_turn_result("t1", "ana", "k1")
    assert stored is not None and stored["response"] == "assistant 3" and stored["affinity_points"] == 5


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


# -- MemoryStore ----------------------------------------------------------------------------------

NAME = Fact("personal_info", "name", "Ana", 0.95, "m0", START.iso(), START.iso())
EPISODE = Episode("e1", "Assistant", "milestone", "Ana moved to Porto.", 7.0, "positive",
                  START.iso(timedelta(seconds=1)))


def _turns(store: Store, count: int, user: str = "ana") -> None:
    previous = None
    for turn in range(count):
        record = _record(turn * 2, previous, turn)._replace(user_id=user)
        store.record_turn(record)
        previous = record.relationship


def _update(through: int, start: int = 0, **changes: object) -> MemoryUpdate:
    return MemoryUpdate("t1", "ana", "s1", start, through, caught_up=True)._replace(**changes)  # type: ignore[arg-type]


def test_a_turn_leaves_its_session_pending_until_analysed(store: Store) -> None:
    _turns(store, 2)
    assert store.pending_analyses(10) == [("t1", "ana", "s1")]
    pending = store.load_pending("t1", "ana", "s1", 10)
    assert pending is not None and [m.seq for m in pending.messages] == [0, 1, 2, 3]
    store.save_memory(_update(4))
    assert store.pending_analyses(10) == []
    after = store.load_pending("t1", "ana", "s1", 10)
    assert after is not None and after.messages == () and after.session.analyzed_through == 4


def test_analysis_reads_in_batches_from_its_mark(store: Store) -> None:
    _turns(store, 5)
    store.save_memory(_update(2, caught_up=False))
    pending = store.load_pending("t1", "ana", "s1", 4)
    assert pending is not None and [m.seq for m in pending.messages] == [2, 3, 4, 5]
    assert store.pending_analyses(10) == [("t1", "ana", "s1")]
    assert store.load_pending("t1", "ana", "nope", 4) is None


def test_saved_facts_and_episodes_are_in_the_next_context(store: Store) -> None:
    _turns(store, 1)
    store.save_memory(_update(2, facts=(NAME,), episodes=(EPISODE,), personality="Assistant",
                              hot_episodes=(EPISODE,)))
    context = store.load_context("t1", "ana", "Assistant", "s1", 10)
    assert [f.value for f in context.facts] == ["Ana"] and context.facts[0].version == 1
    assert [e.summary for e in context.episodes] == ["Ana moved to Porto."]
    assert store.list_episodes("t1", "ana", "assistant") == [EPISODE]
    assert store.list_episodes("t1", "ana", "Other") == []
    assert store.load_context("t1", "ana", "Other", "s2", 10).episodes == ()


def test_the_same_turns_cannot_be_analysed_twice(store: Store) -> None:
    _turns(store, 1)
    store.save_memory(_update(2, facts=(NAME,)))
    with pytest.raises(ConflictError):
        store.save_memory(_update(2, facts=(NAME._replace(value="Bob"),)))
    assert [f.value for f in store.list_facts("t1", "ana")] == ["Ana"]


def test_a_fact_changed_since_it_was_read_is_a_conflict(store: Store) -> None:
    _turns(store, 2)
    store.save_memory(_update(2, caught_up=False, facts=(NAME,)))
    stale = NAME._replace(value="Bob")  # version 0: written as if the fact were new
    with pytest.raises(ConflictError):
        store.save_memory(_update(4, start=2, facts=(stale,)))
    (stored,) = store.list_facts("t1", "ana")
    store.save_memory(_update(4, start=2, facts=(stored._replace(value="Ana Maria"),)))
    assert [(f.value, f.version) for f in store.list_facts("t1", "ana")] == [("Ana Maria", 2)]


def test_a_turn_during_analysis_keeps_the_session_pending(store: Store) -> None:
    _turns(store, 2)
    store.save_memory(_update(2))  # thinks it caught up, but turn 2 is already stored
    assert store.pending_analyses(10) == [("t1", "ana", "s1")]
    pending = store.load_pending("t1", "ana", "s1", 10)
    assert pending is not None and [m.seq for m in pending.messages] == [2, 3]


def test_dropped_facts_and_episodes_are_deleted(store: Store) -> None:
    _turns(store, 2)
    store.save_memory(_update(2, caught_up=False, facts=(NAME,), episodes=(EPISODE,)))
    (stored,) = store.list_facts("t1", "ana")
    store.save_memory(_update(4, start=2, dropped_facts=(stored,), dropped_episodes=(EPISODE,)))
    assert store.list_facts("t1", "ana") == [] and store.list_episodes("t1", "ana", None) == []


def test_a_fact_can_be_deleted_once(store: Store) -> None:
    _turns(store, 1)
    store.save_memory(_update(2, facts=(NAME,)))
    assert store.delete_fact("t1", "ana", "personal_info", "name") is True
    assert store.delete_fact("t1", "ana", "personal_info", "name") is False
    assert store.list_facts("t1", "ana") == []


def test_export_and_erase_cover_the_user_and_only_the_user(store: Store) -> None:
    _turns(store, 2)
    _turns(store, 1, user="bob")
    store.save_memory(_update(4, facts=(NAME,), episodes=(EPISODE,)))
    data = store.export_user("t1", "ana")
    assert len(data.messages) == 4 and len(data.moods) >= 1 and len(data.sessions) == 1
    assert [f.value for f in data.facts] == ["Ana"] and data.episodes == (EPISODE,)
    assert data.relationships[0].user_id == "ana"
    bob = store.export_user("t1", "bob")
    deleted = store.erase_user("t1", "ana")
    assert deleted["message"] == 4 and deleted["fact"] == 1 and deleted["episode"] == 1
    assert deleted["relationship"] == 1 and deleted["session"] == 1
    empty = store.export_user("t1", "ana")
    assert (empty.messages, empty.facts, empty.relationships, empty.sessions) == ((), (), (), ())
    assert store.export_user("t1", "bob") == bob
    assert store.pending_analyses(10) == [("t1", "bob", "s1")]


def test_export_pages_add_up_to_the_whole_export(store: Store) -> None:
    _turns(store, 6)
    store.save_memory(_update(12, facts=(NAME,), episodes=(EPISODE,)))
    whole = store.export_user("t1", "ana")
    pages, cursor = [], None
    while True:
        page, cursor = store.export_page("t1", "ana", cursor, 600)
        pages.append(page)
        if cursor is None:
            break
    assert len(pages) > 3, "a small page size splits the export"
    for field in ("relationships", "facts", "episodes", "moods", "sessions", "messages"):
        joined = [m for p in pages for m in getattr(p, field)]
        assert sorted(map(repr, joined)) == sorted(map(repr, getattr(whole, field))), field
    assert store.export_page("t1", "nobody", None, 600) == (type(whole)(), None)


def test_a_turn_reads_only_the_hot_episodes_and_the_analysis_reads_them_all(store: Store) -> None:
    _turns(store, 1)
    older = EPISODE._replace(episode_id="e0", summary="Ana started a new job.", occurred_at=START.iso())
    store.save_memory(_update(2, episodes=(older, EPISODE), personality="Assistant", hot_episodes=(EPISODE,)))
    assert [e.summary for e in store.load_context("t1", "ana", "Assistant", "s1", 10).episodes] == [
        "Ana moved to Porto."
    ]
    pending = store.load_pending("t1", "ana", "s1", 10)
    assert pending is not None and {e.episode_id for e in pending.episodes} == {"e0", EPISODE.episode_id}
    assert len(store.list_episodes("t1", "ana", None)) == 2
