from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.errors import ConflictError, LLMBadResponseError
from chalicelib.models import Episode, EpisodeCandidate, Extraction, Fact, FactCandidate, MemoryPolicy, TurnInput, iso
from chalicelib.usecases.conversation import Conversation
from chalicelib.usecases.memory import Memory, MemoryLimits, merge_facts
from tests.fakes import FakeClock, InMemoryConversationStore, ScriptedChatModel

NOW = FakeClock().now()
LIMITS = MemoryLimits(max_facts=5, max_episodes=2, fact_history=2)


def _days_ago(days: float) -> str:
    return iso(NOW - timedelta(days=days))


def _fact(key: str, value: str, seen: str = _days_ago(27), category: str = "hobbies") -> Fact:
    return Fact(category, key, value, 0.9, "m0", seen, seen, version=1)


def test_a_new_value_supersedes_and_the_old_one_goes_into_history() -> None:
    old = _fact("location", "Lisbon", category="personal_info")
    written, dropped = merge_facts([old], [FactCandidate("personal_info", "location", "Porto", 0.9, "m9")],
                                   iso(NOW), LIMITS)
    (fact,) = written
    assert fact.value == "Porto" and fact.version == 1 and dropped == []
    assert [h["value"] for h in fact.history] == ["Lisbon"]
    assert fact.history[0]["first_seen"] == old.first_seen and fact.source_message_id == "m9"


def test_history_is_capped() -> None:
    fact = _fact("location", "A", category="personal_info")
    for value in ["B", "C", "D", "E"]:
        (fact,), _ = merge_facts([fact], [FactCandidate("personal_info", "location", value, 0.9)], "t", LIMITS)
    assert fact.value == "E" and [h["value"] for h in fact.history] == ["D", "C"]


def test_the_same_value_again_only_refreshes_the_fact() -> None:
    old = _fact("photography", "photography")
    (fact,), _ = merge_facts([old], [FactCandidate("hobbies", "photography", "Photography", 0.95)], "later", LIMITS)
    assert fact.history == () and fact.last_seen == "later" and fact.confidence == 0.95


def test_low_confidence_and_unknown_categories_are_dropped() -> None:
    found = [FactCandidate("hobbies", "chess", "chess", 0.69), FactCandidate("secrets", "x", "y", 0.99)]
    assert merge_facts([], found, "t", LIMITS) == ([], [])


def test_the_fact_cap_drops_the_least_recently_seen_but_never_the_name() -> None:
    name = _fact("name", "Ana", seen=_days_ago(2000), category="personal_info")
    stored = [name] + [_fact(f"h{i}", f"hobby {i}", seen=_days_ago(27 - i)) for i in range(4)]
    written, dropped = merge_facts(stored, [FactCandidate("hobbies", "chess", "chess", 0.9)],
                                   _days_ago(0.5), LIMITS)
    assert [f.key for f in written] == ["chess"]
    assert [f.key for f in dropped] == ["h0"]


def _memory(store: InMemoryConversationStore, extractor: object = None) -> Memory:
    return Memory(store, extractor or RuleBasedExtractor(), LIMITS, clock=store.clock)  # type: ignore[arg-type]


def _talk(store: InMemoryConversationStore, *texts: str, after_turn: object = None) -> None:
    conversation = Conversation(store, ScriptedChatModel("ok"), BuiltinPersonalities(), clock=store.clock,
                                after_turn=after_turn)  # type: ignore[arg-type]
    for text in texts:
        conversation.take_turn(TurnInput("t1", "ana", "s1", text))


def test_analysis_reads_each_turn_once() -> None:
    store = InMemoryConversationStore()
    _talk(store, "My name is Ana.", "I live in Lisbon.")
    memory = _memory(store)
    assert memory.analyze_session("t1", "ana", "s1") == 4
    assert memory.analyze_session("t1", "ana", "s1") == 0
    _talk(store, "I love photography.")
    assert memory.analyze_session("t1", "ana", "s1") == 2
    assert {f.key for f in store.list_facts("t1", "ana")} == {"name", "location", "photography"}
    assert store.pending_analyses(10) == []


class _Failing:
    def __init__(self) -> None:
        self.fail = True

    def extract(self, messages, known, *, end_user="", deadline=None, policy=None):
        if self.fail:
            raise LLMBadResponseError("blank")
        return RuleBasedExtractor().extract(messages, known)


def test_a_failed_analysis_never_fails_the_turn_and_the_nightly_pass_picks_it_up() -> None:
    store, extractor = InMemoryConversationStore(), _Failing()
    memory = _memory(store, extractor)
    _talk(store, "My name is Ana.", after_turn=memory.after_turn)
    assert store.list_facts("t1", "ana") == []
    assert store.pending_analyses(10) == [("t1", "ana", "s1")]
    extractor.fail = False
    report = memory.analyze_pending(10)
    assert report.sessions == 1 and report.messages == 2 and report.failed == 0
    assert [f.value for f in store.list_facts("t1", "ana")] == ["Ana"]
    assert store.pending_analyses(10) == []


class _Fixed:
    def __init__(self, extraction: Extraction) -> None:
        self._extraction = extraction

    def extract(self, messages, known, *, end_user="", deadline=None, policy=None):
        return self._extraction


def test_unimportant_episodes_are_not_kept() -> None:
    store = InMemoryConversationStore()
    _talk(store, "Hello.")
    _memory(store, _Fixed(Extraction(episode=EpisodeCandidate("routine", "said hello", 4)))).analyze_session(
        "t1", "ana", "s1")
    assert store.list_episodes("t1", "ana", None) == []


def test_the_episode_cap_keeps_the_most_important() -> None:
    store = InMemoryConversationStore()
    for importance in (9, 6, 8):
        _talk(store, f"Moment {importance}.")
        found = Extraction(episode=EpisodeCandidate("milestone", f"moment {importance}", importance))
        _memory(store, _Fixed(found)).analyze_session("t1", "ana", "s1")
    kept = store.list_episodes("t1", "ana", "Assistant")
    assert sorted(e.importance for e in kept) == [8, 9]
    assert all(isinstance(e, Episode) and e.personality == "Assistant" for e in kept)


def test_a_concurrent_analysis_of_the_same_turns_writes_nothing() -> None:
    store = InMemoryConversationStore()
    _talk(store, "My name is Ana.")
    pending = store.load_pending("t1", "ana", "s1", 10)
    assert pending is not None
    _memory(store).analyze_session("t1", "ana", "s1")
    stale = _memory(store)._update(pending, [FactCandidate("personal_info", "name", "Bob", 0.9)], None, MemoryPolicy())
    with pytest.raises(ConflictError):
        store.save_memory(stale)
    assert [f.value for f in store.list_facts("t1", "ana")] == ["Ana"]


def test_turns_read_a_bounded_set_of_episodes_most_important_first_one_per_summary() -> None:
    store = InMemoryConversationStore()
    limits = MemoryLimits(max_episodes=10, hot_episodes=3)
    for importance, summary in ((6, "a"), (9, "b"), (9, "b"), (5, "c"), (8, "d"), (7, "e")):
        _talk(store, f"Moment {summary}.")
        found = Extraction(episode=EpisodeCandidate("milestone", f"moment {summary}", importance))
        Memory(store, _Fixed(found), limits, clock=store.clock).analyze_session("t1", "ana", "s1")
    hot = store.load_context("t1", "ana", "Assistant", "s1", 10).episodes
    assert [e.summary for e in hot] == ["moment b", "moment d", "moment e"]
    assert len(store.list_episodes("t1", "ana", "Assistant")) == 6
