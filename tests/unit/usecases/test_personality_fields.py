"""What a tenant's personality file says changes the turn: moods, interaction types, examples."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.engine.persona import parse_personality
from chalicelib.engine.personality import BuiltinPersonalities, Personality
from chalicelib.models import TurnInput
from chalicelib.usecases.catalog import Personalities
from chalicelib.usecases.conversation import Conversation
from tests.fakes import InMemoryConversationStore, InMemoryPersonalityStore, ScriptedChatModel
from tests.luminoracore import SHAPES, document

HAPPY = "This is wonderful, I love it, thank you so much!"


def _luna(**blocks: Any) -> dict[str, Any]:
    doc = document(next(s for s in SHAPES if s.file == "dr_luna_v1_1.json"))
    doc.update(blocks)
    return doc


def _talk(doc: dict[str, Any], *messages: str) -> tuple[InMemoryConversationStore, ScriptedChatModel, list[Any]]:
    store, chat, personalities = InMemoryConversationStore(), ScriptedChatModel("ok"), InMemoryPersonalityStore()
    personalities.put("t1", Personality(parse_personality(json.dumps(doc))))
    conversation = Conversation(store, chat, Personalities(BuiltinPersonalities(), personalities), clock=store.clock)
    results = [conversation.take_turn(TurnInput("t1", "ana", "s1", text, doc["persona"]["name"]))
               for text in messages]
    return store, chat, results


def _prompt(chat: ScriptedChatModel) -> str:
    return "\n".join(m.content for m in chat.requests[-1].messages)


def test_without_mood_config_no_mood_enters_the_prompt() -> None:
    _, chat, _ = _talk(_luna(), HAPPY, HAPPY)
    assert "mood" not in _prompt(chat).lower()


def test_with_moods_the_mood_enters_the_prompt() -> None:
    moods = {"enabled": True, "moods": {"happy": {"description": "Bubbly"}}}
    _, chat, _ = _talk(_luna(mood_config=moods), HAPPY, HAPPY)
    assert "Your current mood: happy. Bubbly" in _prompt(chat)
