from __future__ import annotations

from chalicelib.compiler import compile_for
from chalicelib.models import ChatMessage, ChatRequest, Voice
from chalicelib.offline import OfflineChatModel
from chalicelib.personality import BuiltinPersonalities


def _voice(name: str, level: str, mood: str = "neutral") -> Voice:
    personality = BuiltinPersonalities().find(name)
    assert personality is not None
    return compile_for(personality, level, mood).voice


def _ask(text: str, voice: Voice) -> str:
    request = ChatRequest((ChatMessage("user", text),), temperature=0.5, max_tokens=100, end_user="x", voice=voice)
    return OfflineChatModel().complete(request).text


def test_the_same_prompt_gets_the_same_reply() -> None:
    voice = _voice("Assistant", "stranger")
    assert _ask("Tell me about gardening", voice) == _ask("Tell me about gardening", voice)


def test_a_greeting_gets_the_personality_greeting() -> None:
    voice = _voice("Assistant", "stranger")
    assert "What can I help you with today?" in _ask("Hello!", voice)


def test_the_reply_grows_warmer_with_the_relationship() -> None:
    stranger = _ask("I finished my painting today", _voice("Assistant", "stranger"))
    soulmate = _ask("I finished my painting today", _voice("Assistant", "soulmate"))
    assert stranger != soulmate
    assert "It's always a joy to talk with you." in soulmate


def test_the_reply_mentions_what_the_user_talked_about() -> None:
    voice = _voice("Assistant", "friend")
    assert "photography" in _ask("I have been learning photography", voice)
