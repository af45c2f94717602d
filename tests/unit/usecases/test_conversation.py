from __future__ import annotations

from typing import Any

import pytest

from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.errors import ConflictError, LLMTimeoutError, NotFoundError, TurnInFlightError
from chalicelib.models import TurnInput
from chalicelib.usecases.catalog import Personalities
from chalicelib.usecases.conversation import Conversation, end_user_tag
from tests.fakes import InMemoryConversationStore, InMemoryPersonalityStore, ScriptedChatModel


def _turn(message: str = "Hi there, lovely to meet you!", **overrides: Any) -> TurnInput:
    values: dict[str, Any] = {"tenant": "t1", "user_id": "ana", "session_id": "s1", "message": message, **overrides}
    return TurnInput(**values)


def _conversation(store: InMemoryConversationStore, chat: ScriptedChatModel) -> Conversation:
    catalog = Personalities(BuiltinPersonalities(), InMemoryPersonalityStore())
    return Conversation(store, chat, catalog, clock=store.clock)


def test_a_turn_stores_both_messages_and_the_relationship() -> None:
    store, chat = InMemoryConversationStore(), ScriptedChatModel("Hello Ana.")
    result = _conversation(store, chat).take_turn(_turn())
    assert result.response == "Hello Ana."
    messages, _ = store.list_messages("t1", "ana", "s1", None, 10)
    assert [(m.role, m.content) for m in messages] == [("user", "Hi there, lovely to meet you!"),
                                                       ("assistant", "Hello Ana.")]
    relationship = store.get_relationship("t1", "ana", "Assistant")
    assert relationship is not None and relationship.affinity_points == result.affinity_points > 0


def test_each_turn_makes_exactly_one_llm_call() -> None:
    store, chat = InMemoryConversationStore(), ScriptedChatModel("ok")
    conversation = _conversation(store, chat)
    for _ in range(3):
        conversation.take_turn(_turn())
    assert len(chat.requests) == 3


def test_the_prompt_carries_the_history_and_ends_with_the_new_message() -> None:
    store, chat = InMemoryConversationStore(), ScriptedChatModel("first answer", "second answer")
    conversation = _conversation(store, chat)
    conversation.take_turn(_turn("I like tea"))
    conversation.take_turn(_turn("What do I like?"))
    contents = [m.content for m in chat.requests[-1].messages]
    assert "I like tea" in contents and "first answer" in contents
    assert contents[-1] == "What do I like?"


def test_a_failed_llm_call_stores_nothing() -> None:
    store = InMemoryConversationStore()
    with pytest.raises(LLMTimeoutError):
        _conversation(store, ScriptedChatModel(LLMTimeoutError("slow"))).take_turn(_turn())
    assert store.writes == 0
    assert store.get_relationship("t1", "ana", "Assistant") is None


def test_an_unknown_personality_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        _conversation(InMemoryConversationStore(), ScriptedChatModel()).take_turn(_turn(personality_name="Nobody"))


def test_a_session_keeps_its_personality() -> None:
    store = InMemoryConversationStore()
    conversation = _conversation(store, ScriptedChatModel("ok"))
    conversation.take_turn(_turn())
    with pytest.raises(ConflictError, match="belongs to personality"):
        conversation.take_turn(_turn(personality_name="Sage"))


def test_a_repeated_idempotency_key_returns_the_first_answer() -> None:
    store, chat = InMemoryConversationStore(), ScriptedChatModel("first", "second")
    conversation = _conversation(store, chat)
    first = conversation.take_turn(_turn(idempotency_key="k1"))
    again = conversation.take_turn(_turn(idempotency_key="k1"))
    assert again.response == "first" and again.message_id == first.message_id
    assert len(chat.requests) == 1, "the retry is recognised before the LLM call"
    messages, _ = store.list_messages("t1", "ana", "s1", None, 10)
    assert len(messages) == 2


def test_the_llm_sees_a_hash_and_never_the_user_id() -> None:
    chat = ScriptedChatModel("ok")
    _conversation(InMemoryConversationStore(), chat).take_turn(_turn())
    tag = chat.requests[0].end_user
    assert tag == end_user_tag("t1", "ana") and "ana" not in tag


class _ReentrantChat(ScriptedChatModel):
    """While answering, the same request arrives again (a client retrying too early)."""

    def __init__(self, conversation_for_retry: list[Conversation], turn: TurnInput) -> None:
        super().__init__("first")
        self._conversation = conversation_for_retry
        self._turn = turn
        self.retry_error: Exception | None = None

    def complete(self, request, *, deadline=None):
        try:
            self._conversation[0].take_turn(self._turn)
        except Exception as exc:
            self.retry_error = exc
        return super().complete(request, deadline=deadline)


def test_a_repeat_while_the_first_request_runs_is_told_to_retry_later() -> None:
    turn = _turn()._replace(idempotency_key="k-1")
    holder: list[Conversation] = []
    chat = _ReentrantChat(holder, turn)
    store = InMemoryConversationStore()
    holder.append(_conversation(store, chat))
    assert holder[0].take_turn(turn).response == "first"
    assert isinstance(chat.retry_error, TurnInFlightError) and chat.retry_error.retry_after >= 1
    assert len(chat.requests) == 1


def test_concurrent_turns_that_lose_the_write_race_are_reapplied_without_a_second_llm_call() -> None:
    store = InMemoryConversationStore()
    chat = ScriptedChatModel("ok")
    first = _conversation(store, chat)

    class _Interleaved(ScriptedChatModel):
        """Lets another turn of the same session land while this one waits for its answer."""

        def complete(self, request, *, deadline=None):
            first.take_turn(_turn(message="meanwhile"))
            return super().complete(request, deadline=deadline)

    slow = _Interleaved("late answer")
    _conversation(store, slow).take_turn(_turn(message="first in"))
    messages, _ = store.list_messages("t1", "ana", "s1", None, 10)
    assert [m.content for m in messages] == ["meanwhile", "ok", "first in", "late answer"]
    assert [m.seq for m in messages] == [0, 1, 2, 3]
    rel = store.get_relationship("t1", "ana", "Assistant")
    assert rel is not None and rel.total_interactions == 2
    assert len(slow.requests) == 1
