"""Memory across turns, in-process: the offline responder, the rule-based extractor, the prompt budget."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.bootstrap import Services, build_services
from chalicelib.config import Settings
from chalicelib.engine import prompt
from chalicelib.models import TurnInput
from tests.fakes import FakeClock, InMemoryConversationStore, ScriptedChatModel

INTRO = "Hi! My name is Ana, I live in Lisbon and I love photography."


def _services(**settings: object) -> tuple[Services, InMemoryConversationStore]:
    store = InMemoryConversationStore()
    chat = settings.pop("chat_model", None)
    services = build_services(Settings(**settings), store=store, chat_model=chat, clock=store.clock)  # type: ignore[arg-type]
    return services, store


def _say(services: Services, text: str) -> str:
    return services.conversation.take_turn(TurnInput("t1", "ana", "s1", text)).response


def test_the_next_offline_reply_greets_by_name_and_recalls_the_city_and_hobby() -> None:
    services, _ = _services()
    _say(services, INTRO)
    reply = _say(services, "What do you remember about me?")
    assert "Ana" in reply and "Lisbon" in reply and "photography" in reply


def test_an_offline_reply_before_anything_is_known_uses_no_memory() -> None:
    services, _ = _services()
    assert "Ana" not in _say(services, "Hello there, how are you today?")


def test_after_300_turns_the_prompt_is_under_budget_and_still_carries_the_name() -> None:
    chat = ScriptedChatModel("A long and thoughtful answer. " * 40)
    # 300 turns on a clock that stands still: no per-minute limit, which is not what this test is about.
    services, store = _services(chat_model=chat, prompt_token_budget=2500, limit_user_turns_per_minute=0)
    _say(services, INTRO)
    user = store._user("t1", "ana")
    user.sessions["s1"] = user.sessions["s1"]._replace(summary="Ana told you about her photography trips.")
    for turn in range(299):
        _say(services, f"Here is thought number {turn}, about light and lenses and the sea.")
    last = chat.requests[-1].messages
    assert len(chat.requests) == 300
    assert all(prompt.estimate_tokens(r.messages) <= 2500 for r in chat.requests)
    assert "Ana told you about her photography trips." in last[0].content
    assert '"Ana"' in last[0].content, "the name sits in the stable part of the prompt"
    assert last[-1].content.startswith("Here is thought number 298")
    window = last[1:-2]
    assert window and window[-1].role == "assistant" and len(window) < 24


def test_mood_is_in_the_prompt_after_a_happy_message() -> None:
    chat = ScriptedChatModel("ok")
    services, _ = _services(chat_model=chat)
    _say(services, "I got the job, this is the best day of my life, thank you so much!")
    _say(services, "Anyway.")
    assert "Your current mood:" in chat.requests[-1].messages[-2].content


def test_a_fact_learned_mid_window_waits_at_the_end_of_the_prompt_until_the_window_moves() -> None:
    clock = FakeClock()
    chat = ScriptedChatModel("ok")
    store = InMemoryConversationStore(clock)
    services = build_services(Settings(history_messages=8), store=store, chat_model=chat, clock=clock)
    for text in (INTRO, "Hello again.", "Actually I moved to Porto last month.", "How are you?"):
        _say(services, text)
        clock.advance(timedelta(minutes=1))
    stable, tail = chat.requests[-1].messages[0].content, chat.requests[-1].messages[-2].content
    assert '"Lisbon"' in stable and "Porto" not in stable, "the stable block keeps its bytes"
    assert '"Porto"' in tail
    for text in ("Tell me something.", "And another thing."):
        _say(services, text)
        clock.advance(timedelta(minutes=1))
    assert chat.requests[-1].messages[1].content != INTRO, "the window moved on"
    assert '"Porto"' in chat.requests[-1].messages[0].content
