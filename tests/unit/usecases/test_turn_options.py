"""A turn's optional inputs from OpenAI-protocol clients: instructions, sampling within limits, stop."""

from __future__ import annotations

from typing import Any

from chalicelib.engine.compiler import compile_for
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.models import ChatReply, ChatRequest, TurnInput
from chalicelib.usecases.catalog import Personalities
from chalicelib.usecases.conversation import Conversation
from tests.fakes import InMemoryConversationStore, InMemoryPersonalityStore, ScriptedChatModel

ASSISTANT = BuiltinPersonalities().find("Assistant")


def _take(chat: Any, **options: Any) -> tuple[Conversation, Any]:
    store = InMemoryConversationStore()
    conversation = Conversation(store, chat, Personalities(BuiltinPersonalities(), InMemoryPersonalityStore()),
                                clock=store.clock)
    turn = TurnInput(tenant="t1", user_id="ana", session_id="s1", message="Hello there", **options)
    return conversation, conversation.take_turn(turn)


def test_instructions_follow_the_personality_block_in_the_system_message() -> None:
    chat = ScriptedChatModel("ok")
    _take(chat, instructions="Answer in French.")
    system = chat.requests[0].messages[0]
    assert ASSISTANT is not None
    personality_block = compile_for(ASSISTANT, "stranger").system_block
    assert system.role == "system"
    assert system.content.startswith(personality_block)
    assert system.content[len(personality_block):].strip().endswith("Answer in French.")


def test_without_instructions_the_system_message_is_the_personality_block() -> None:
    chat = ScriptedChatModel("ok")
    _take(chat)
    assert ASSISTANT is not None
    assert chat.requests[0].messages[0].content == compile_for(ASSISTANT, "stranger").system_block


def test_a_client_may_lower_the_temperature_and_reply_length() -> None:
    chat = ScriptedChatModel("ok")
    _take(chat, temperature=0.0, max_tokens=20)
    assert (chat.requests[0].temperature, chat.requests[0].max_tokens) == (0.0, 20)


def test_a_client_cannot_raise_the_temperature_or_reply_length_beyond_the_personality() -> None:
    own, asked = ScriptedChatModel("ok"), ScriptedChatModel("ok")
    _take(own)
    _take(asked, temperature=2.0, max_tokens=100_000)
    assert (asked.requests[0].temperature, asked.requests[0].max_tokens) == (
        own.requests[0].temperature, own.requests[0].max_tokens)


def test_stop_sequences_reach_the_chat_model() -> None:
    chat = ScriptedChatModel("ok")
    _take(chat, stop=("\n\n", "END"))
    assert chat.requests[0].stop == ("\n\n", "END")


class _CutShort:
    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        return ChatReply(text="It was a dark and", finish_reason="length")


def test_the_models_finish_reason_is_part_of_the_result() -> None:
    _, result = _take(_CutShort(), max_tokens=5)
    assert result.finish_reason == "length"
    _, plain = _take(ScriptedChatModel("ok"))
    assert plain.finish_reason == "stop"
