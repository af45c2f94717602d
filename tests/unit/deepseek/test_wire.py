"""What DeepSeek's wire carries: system messages lead, later ones join the next user message."""

from __future__ import annotations

from chalicelib.deepseek.wire import NOTE_END, NOTE_START, wire_messages
from chalicelib.models import ChatMessage


def _turn(memory: str, said: str) -> list[ChatMessage]:
    return [ChatMessage("system", "persona"), ChatMessage("system", "profile"), ChatMessage("user", "hi"),
            ChatMessage("assistant", "hello"), ChatMessage("system", memory), ChatMessage("user", said)]


def test_leading_system_messages_stay_and_a_later_one_joins_the_next_user_message() -> None:
    wire = wire_messages(_turn("Recalled: tea", "What should I drink?"))
    assert [m["role"] for m in wire] == ["system", "system", "user", "assistant", "user"]
    assert wire[-1]["content"] == f"{NOTE_START}\n\nRecalled: tea\n\n{NOTE_END}\n\nWhat should I drink?"


def test_the_window_is_a_shared_prefix_of_two_turns_whatever_their_notes() -> None:
    first, second = wire_messages(_turn("Recalled: tea", "a")), wire_messages(_turn("Mood: sad", "b"))
    assert first[:4] == second[:4]
    assert all(m["role"] != "system" for m in second[2:]), "no system message after the conversation starts"


def test_notes_after_the_last_user_message_join_it_and_a_plain_prompt_is_unchanged() -> None:
    wire = wire_messages([ChatMessage("system", "s"), ChatMessage("user", "hi"), ChatMessage("system", "note")])
    assert wire == [{"role": "system", "content": "s"},
                    {"role": "user", "content": f"{NOTE_START}\n\nnote\n\n{NOTE_END}\n\nhi"}]
    plain = [ChatMessage("system", "s"), ChatMessage("user", "hi")]
    assert wire_messages(plain) == [{"role": m.role, "content": m.content} for m in plain]
