from __future__ import annotations

import pytest

from chalicelib.engine.compiler import compile_for
from chalicelib.engine.offline import OfflineChatModel
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.models import ChatMessage, ChatRequest, Voice


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


def test_a_greeting_gets_one_of_the_personality_greetings() -> None:
    voice = _voice("Assistant", "stranger")
    assert any(greeting in _ask("Hello!", voice) for greeting in voice.greetings)


@pytest.mark.parametrize(("message", "trigger"), [
    ("Thanks, it worked!", "successes"),
    ("No, that's wrong.", "apologies"),
    ("Bye for now", "farewells"),
])
def test_the_personality_trigger_responses_answer_their_moments(message: str, trigger: str) -> None:
    voice = _voice("Rook", "friend")
    options = [option.replace("!", ".") for option in getattr(voice, trigger)]
    assert any(option in _ask(message, voice) for option in options)


def test_punctuation_follows_the_personality_style() -> None:
    message = "Hey there, nice to meet you!"
    assert "!" not in _ask(message, _voice("Sage", "friend"))  # minimal
    assert "!!" in _ask(message, _voice("Spark", "friend"))  # excessive
    assert "!" in _ask("I walked by the river", _voice("Marlowe", "stranger"))  # liberal
    assert "!" not in _ask("I walked by the river", _voice("Assistant", "stranger"))  # moderate


def test_the_closest_levels_open_and_close_with_their_expressions() -> None:
    voice = _voice("Spark", "soulmate")
    reply = _ask("I ran five kilometres this morning", voice)
    expressions = [e.replace("!", "!!") for e in voice.expressions]
    assert sum(reply.startswith(e) or reply.endswith(e) for e in expressions) == 2
    stranger = _ask("I ran five kilometres this morning", _voice("Spark", "stranger"))
    assert not any(e in stranger for e in expressions)


def test_the_reply_grows_warmer_with_the_relationship() -> None:
    stranger = _ask("I finished my painting today", _voice("Assistant", "stranger"))
    soulmate = _ask("I finished my painting today", _voice("Assistant", "soulmate"))
    assert stranger != soulmate
    assert "It's always a joy to talk with you." in soulmate


def test_the_reply_mentions_what_the_user_talked_about() -> None:
    voice = _voice("Assistant", "friend")
    assert "photography" in _ask("I have been learning photography", voice)


@pytest.mark.parametrize("style", ["liberal", "excessive", "minimal"])
def test_punctuation_styles_leave_names_and_abbreviations_alone(style: str) -> None:
    voice = Voice(name="Dr. Luna", greetings=("Hello there. I'm Dr. Luna, and Mr. J. Smith sends regards, e.g. this.",),
                  punctuation=style, known_name="St. Clair")
    reply = _ask("Hello!", voice)
    for kept in ("Dr. Luna", "Mr. J. Smith", "e.g. this", "St. Clair"):
        assert kept in reply


def test_liberal_punctuation_still_exclaims_a_sentence() -> None:
    voice = Voice(name="Dr. Luna", greetings=("Hello there. I'm Dr. Luna.",), punctuation="liberal")
    assert _ask("Hello!", voice) == "Hello there! I'm Dr. Luna."


def test_the_offline_reply_ends_before_a_stop_sequence() -> None:
    def reply(stop: tuple[str, ...]) -> str:
        request = ChatRequest(messages=(ChatMessage("user", "Tell me about gardening and tomatoes."),),
                              temperature=0.5, max_tokens=100, end_user="x", stop=stop)
        return OfflineChatModel().complete(request).text

    full = reply(())
    word = full.split()[2]
    assert reply((word,)) == full[: full.index(word)].rstrip()
    assert reply(("no such sequence",)) == full
