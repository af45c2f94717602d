"""Every LLM call runs under a deadline: the turn's, for an analysis run inline after it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.models import ChatReply, ChatRequest, Extraction, Fact, Message, TurnInput
from chalicelib.usecases.conversation import Conversation, deadline_in
from chalicelib.usecases.memory import Memory
from tests.fakes import FakeClock, InMemoryConversationStore


class _SlowChat:
    """A chat model that takes ``seconds`` of the clock's time to answer."""

    def __init__(self, clock: FakeClock, seconds: float) -> None:
        self._clock, self._seconds = clock, seconds

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        self._clock.advance(timedelta(seconds=self._seconds))
        return ChatReply("ok")


class _RecordingExtractor:
    def __init__(self) -> None:
        self.deadlines: list[float | None] = []

    def extract(
        self, messages: Sequence[Message], known: Sequence[Fact], *, end_user: str = "", deadline: float | None = None,
        policy: Any = None,
    ) -> Extraction:
        self.deadlines.append(deadline)
        return RuleBasedExtractor().extract(messages, known)


def _turn(
    clock: FakeClock, store: InMemoryConversationStore, chat_seconds: float, budget: float
) -> _RecordingExtractor:
    extractor = _RecordingExtractor()
    memory = Memory(store, extractor, clock=clock, min_inline_seconds=0.5)
    conversation = Conversation(store, _SlowChat(clock, chat_seconds), BuiltinPersonalities(), clock=clock,
                                after_turn=memory.after_turn)
    deadline = deadline_in(clock, budget)
    conversation.take_turn(TurnInput("t1", "ana", "s1", "My name is Ana."), deadline=deadline)
    return extractor


def test_an_inline_analysis_runs_under_the_turns_deadline() -> None:
    clock = FakeClock()
    store = InMemoryConversationStore(clock)
    extractor = _turn(clock, store, chat_seconds=0.2, budget=10)
    (deadline,) = extractor.deadlines
    assert deadline is not None and deadline - clock.monotonic() < 10
    assert [f.value for f in store.list_facts("t1", "ana")] == ["Ana"]


def test_an_inline_analysis_that_would_not_fit_is_left_pending() -> None:
    clock = FakeClock()
    store = InMemoryConversationStore(clock)
    extractor = _turn(clock, store, chat_seconds=0.8, budget=1)
    assert extractor.deadlines == []
    assert store.pending_analyses(10) == [("t1", "ana", "s1")]
