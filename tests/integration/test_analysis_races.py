"""Two analyses of one session that overlap: the one that writes second is not a failure."""

from __future__ import annotations

from typing import Any

from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.models import TurnInput
from chalicelib.usecases.conversation import Conversation
from chalicelib.usecases.memory import Memory, MemoryLimits
from tests.fakes import FakeClock, ScriptedChatModel
from tests.integration.conftest import Store


class _Racing(RuleBasedExtractor):
    """An extractor that runs ``meanwhile`` during its first extraction, and counts what it reads."""

    def __init__(self, meanwhile: Any = None) -> None:
        self.meanwhile = meanwhile
        self.reads: list[list[int]] = []

    def extract(self, messages: Any, known: Any, **kwargs: Any) -> Any:
        self.reads.append([m.seq for m in messages])
        if self.meanwhile is not None:
            meanwhile, self.meanwhile = self.meanwhile, None
            meanwhile()
        return super().extract(messages, known, **kwargs)


def _say(store: Store, clock: FakeClock, text: str) -> None:
    Conversation(store, ScriptedChatModel("ok"), BuiltinPersonalities(), clock=clock).take_turn(
        TurnInput("t1", "ana", "s1", text))


def test_an_analysis_that_loses_the_race_over_turns_already_analysed_succeeds_with_nothing_to_do(
    store: Store, clock: FakeClock
) -> None:
    _say(store, clock, "Hi! My name is Ana and I live in Lisbon.")
    first = _Racing()
    later = _Racing(lambda: Memory(store, first, clock=clock).analyze_session("t1", "ana", "s1"))
    assert Memory(store, later, clock=clock).analyze_session("t1", "ana", "s1") == 0
    assert first.reads == [[0, 1]] and later.reads == [[0, 1]]  # no second model call for the same turns
    assert {f.key for f in store.list_facts("t1", "ana")} == {"name", "location"}
    assert store.pending_analyses(10) == []


def test_an_analysis_that_loses_the_race_reads_again_only_the_turns_the_winner_left(
    store: Store, clock: FakeClock
) -> None:
    _say(store, clock, "Hi! My name is Ana.")
    _say(store, clock, "I live in Lisbon.")
    shorter = _Racing()  # a batch of one turn: it leaves the second one pending
    quick = Memory(store, shorter, MemoryLimits(batch_messages=2), clock=clock)
    later = _Racing(lambda: quick.analyze_session("t1", "ana", "s1"))
    assert Memory(store, later, clock=clock).analyze_session("t1", "ana", "s1") == 2
    assert shorter.reads == [[0, 1]] and later.reads == [[0, 1, 2, 3], [2, 3]]
    assert {f.key for f in store.list_facts("t1", "ana")} == {"name", "location"}
    assert store.pending_analyses(10) == []
