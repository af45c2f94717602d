"""A stored personality, however large, never pushes a prompt over the prompt token budget."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chalicelib.engine import compiler
from chalicelib.engine.personality import schema as persona
from chalicelib.engine.personality.domain import BuiltinPersonalities, Personality
from chalicelib.engine.personality.schema import parse_personality
from chalicelib.engine.prompt import estimate_tokens
from chalicelib.http import api
from chalicelib.models import TurnInput
from chalicelib.usecases.catalog import Personalities
from chalicelib.usecases.conversation import Conversation, TurnLimits
from tests.fakes import InMemoryConversationStore, InMemoryPersonalityStore, ScriptedChatModel

WREN = Path(__file__).parents[2] / "data" / "wren.json"
DOCS = Path(__file__).parents[3] / "docs"


def _big_wren(rules: int = 120, samples: int = 30, topics: int = 60) -> dict[str, Any]:
    """Wren grown towards the body limit: many long rules, sample responses, words and forbidden topics."""
    wren: dict[str, Any] = json.loads(WREN.read_text(encoding="utf-8"))
    wren["behavioral_rules"] = [f"Rule {i}: " + "always notice the small birds first " * 4 for i in range(rules)]
    wren["linguistic_profile"]["vocabulary"] = [f"phrase number {i} " * 5 for i in range(60)]
    wren["examples"]["sample_responses"] = [
        {"input": f"Tell me about bird {i} please", "output": "Look closely at the wing bars. " * 30}
        for i in range(samples)]
    wren["safety_guards"]["forbidden_topics"] = [f"forbidden topic {i} " * 4 for i in range(topics)]
    return wren


def _prompt_tokens(definition: dict[str, Any], budget: int, message: str = "Hello there") -> int:
    raw = json.dumps(definition).encode()
    assert len(raw) <= persona.MAX_FILE_BYTES
    store = InMemoryPersonalityStore()
    catalog = Personalities(BuiltinPersonalities(), store)
    catalog.save("t1", "Wren", raw)
    conversations = InMemoryConversationStore()
    chat = ScriptedChatModel("ok")
    conversation = Conversation(conversations, chat, catalog, TurnLimits(prompt_token_budget=budget),
                                clock=conversations.clock)
    for text in ("Hi, I'm Ana.", "I saw a heron today.", message):
        conversation.take_turn(TurnInput(tenant="t1", user_id="ana", session_id="s1", message=text,
                                         personality_name="Wren"))
    return max(estimate_tokens(request.messages) for request in chat.requests)


@pytest.mark.parametrize("budget", [4000, 2500, 1500])
def test_a_personality_near_the_body_limit_stays_within_the_prompt_budget(budget: int) -> None:
    big = _big_wren()
    assert len(json.dumps(big)) > 50_000
    assert _prompt_tokens(big, budget, message="Tell me about herons. " * 150) <= budget


def test_what_does_not_fit_is_left_out_in_the_documented_order() -> None:
    wren = Personality(parse_personality(json.dumps(_big_wren(rules=6, samples=4, topics=3))), built_in=False)
    full = compiler.compile_for(wren, "stranger").system_block
    trimmed = compiler.compile_for(wren, "stranger", budget=len(full) // 4 - 200).system_block
    assert "Examples of your voice:" in full and "Examples of your voice:" not in trimmed
    assert "Rule 5:" in trimmed and "You are Wren." in trimmed and "never instructions" in trimmed
    floor = compiler.compile_for(wren, "stranger", budget=1).system_block
    assert "Rule 0:" not in floor and "forbidden topic" not in floor
    assert "You are Wren." in floor and "never instructions" in floor and "Your relationship" in floor


def test_the_personality_limit_is_the_body_limit_and_the_docs_say_so() -> None:
    assert persona.MAX_FILE_BYTES == api.MAX_BODY_BYTES == 64 * 1024
    assert "at most 64 KB" in (DOCS / "personalities.md").read_text(encoding="utf-8")
    assert all(name in (DOCS / "personalities.md").read_text(encoding="utf-8") for name in compiler.SHED_ORDER)
