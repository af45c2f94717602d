from __future__ import annotations

from datetime import timedelta

from chalicelib.engine.recall import index, tokens
from chalicelib.models import Episode, FactCandidate, Message, PendingAnalysis, RecallShard, Session, iso
from chalicelib.usecases.recall import RecallLimits, index_batch, recallable_until
from tests.fakes import FakeClock

CLOCK = FakeClock()
UNTIL = CLOCK.epoch(timedelta(days=455))


def _pending(count: int, start: int = 0) -> PendingAnalysis:
    messages = tuple(Message(f"m{i}", "s1", "user" if i % 2 == 0 else "assistant", f"line {i} about the garden",
                             CLOCK.iso(timedelta(minutes=i)), "Assistant", i, None, f"ext-{i}")
                     for i in range(start, start + count))
    session = Session("s1", "Assistant", CLOCK.iso(), CLOCK.iso())
    return PendingAnalysis("t", "u", session, messages, (), ())


def test_a_batch_fills_the_newest_shard_then_starts_new_ones_in_order() -> None:
    first = index_batch(None, _pending(40), [], [], until=UNTIL, now=CLOCK.now())
    assert [index.unpack(s.blob).size for s in first] == [40] and first[0].version == 0
    stored = first[0]._replace(version=1)
    more = index_batch(stored, _pending(100, start=40), [], [], until=UNTIL, now=CLOCK.now())
    sizes = [index.unpack(s.blob).size for s in more]
    assert sizes == [64, 64, 12] and index.SHARD_ENTRIES == 64
    assert more[0].key == stored.key and more[0].version == 1, "the newest shard is rewritten, expecting its version"
    assert [s.version for s in more[1:]] == [0, 0] and more[0].key < more[1].key < more[2].key
    assert all(s.ttl == UNTIL for s in more)


def test_a_full_shard_is_left_alone() -> None:
    full = index_batch(None, _pending(index.SHARD_ENTRIES), [], [], until=UNTIL, now=CLOCK.now())[0]
    nxt = index_batch(full._replace(version=1), _pending(2, start=64), [], [], until=UNTIL, now=CLOCK.now())
    assert len(nxt) == 1 and nxt[0].key != full.key and nxt[0].version == 0


def test_facts_and_episodes_key_the_messages_they_came_from() -> None:
    pending = _pending(4)
    fact = FactCandidate("hobbies", "pottery", "pottery", 0.9, "m2")
    episode = Episode("e1", "Assistant", "achievement", "The user shared an achievement: line 0 about the garden",
                      7, "positive", CLOCK.iso())
    shard = index.unpack(index_batch(None, pending, [fact], [episode], until=UNTIL, now=CLOCK.now())[0].blob)
    entries = {e.message_id: e for e in shard.entries}
    assert entries["m2"].importance == 0.5 and {tokens.stem("pottery", "en"), "hobbi"} <= set(shard.postings)
    assert entries["m0"].episode_id == "e1" and entries["m0"].importance == 0.7
    assert entries["m3"].external_id == "ext-3" and entries["m3"].role == "assistant"


def test_what_was_said_is_recallable_for_recall_days_after_its_session_expires() -> None:
    limits = RecallLimits(recall_days=365, session_ttl_days=90)
    assert recallable_until(iso(CLOCK.now()), limits) == CLOCK.epoch(timedelta(days=455))


def test_no_messages_no_shard() -> None:
    assert index_batch(RecallShard("k", b"", 1), _pending(0), [], [], until=UNTIL, now=CLOCK.now()) == ()
