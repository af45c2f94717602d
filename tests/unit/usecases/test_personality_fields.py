"""What a tenant's personality file says changes the turn: moods, interaction types, examples."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.engine.personality.domain import BuiltinPersonalities, Personality
from chalicelib.engine.personality.schema import parse_personality
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


def _examples(count: int) -> dict[str, Any]:
    topics = ["tides", "volcanoes", "budgets", "gardens", "comets", "bread", "chess", "rivers"]
    return {"sample_responses": [
        {"input": f"Tell me about {topic} please", "output": f"Here is what I know about {topic}: " + "detail " * 90,
         "context": topic} for topic in topics[:count]]}


def test_every_example_enters_the_prompt_when_they_fit() -> None:
    doc = _luna(examples={"sample_responses": _examples(5)["sample_responses"][:5]})
    for sample in doc["examples"]["sample_responses"]:
        sample["output"] = sample["output"][:60]
    _, chat, _ = _talk(doc, "Hello")
    prompt = _prompt(chat)
    assert all(f"Tell me about {t} please" in prompt for t in ("tides", "volcanoes", "budgets", "gardens", "comets"))


def test_examples_that_do_not_fit_are_chosen_by_relevance_to_the_message() -> None:
    _, chat, _ = _talk(_luna(examples=_examples(8)), "What makes rivers flood?")
    system, last_context = chat.requests[-1].messages[0].content, _prompt(chat)
    assert "Tell me about tides please" in system and "rivers" not in system
    assert "Tell me about rivers please" in last_context
    assert "Tell me about chess please" not in last_context


def test_an_interaction_type_of_the_file_moves_affinity_once_per_turn() -> None:
    # Neutral by sentiment (0 points in this file), but a question about science (+2).
    _, _, plain = _talk(_luna(), "The bus was late today.")
    _, _, science = _talk(_luna(), "How does photosynthesis work?")
    assert plain[0].affinity_points == 0
    assert science[0].affinity_points == 2


def test_interaction_types_add_up_within_the_turn_limit() -> None:
    types = {"neutral": 0, "question_about_science": 6, "deep_conversation": 9}
    message = "Why does the universe exist at all, and what is the meaning of my life in it?"
    _, _, results = _talk(_luna(affinity_config={"interaction_types": types}), message)
    assert results[0].affinity_points == 10


def test_a_type_the_message_does_not_show_gives_nothing() -> None:
    types = {"neutral": 0, "user_tells_joke": 4}
    _, _, results = _talk(_luna(affinity_config={"interaction_types": types}), "I walked to the shop.")
    assert results[0].affinity_points == 0


def _moods(**detection: Any) -> dict[str, Any]:
    return {"enabled": True,
            "moods": {"shy": {"description": "Flustered"}, "happy": {"description": "Bright"}},
            "mood_triggers": {"shy": ["user_gives_compliment"], "happy": ["user_shares_good_news"]},
            "mood_detection": {"method": "automatic", **detection}}


def test_a_mood_trigger_sets_its_mood() -> None:
    _, chat, results = _talk(_luna(mood_config=_moods()), "You're so smart, you know.")
    assert results[0].mood == "shy"
    assert "Your current mood: shy. Flustered" in _prompt(chat)


def test_without_a_trigger_the_sentiment_picks_among_the_moods() -> None:
    _, _, results = _talk(_luna(mood_config=_moods()), "What a lovely, wonderful, happy morning!")
    assert results[0].mood == "happy"


def test_manual_detection_leaves_the_mood_alone() -> None:
    _, _, results = _talk(_luna(mood_config=_moods(method="manual")), "You're so smart, you know.")
    assert results[0].mood == "neutral"


def test_a_signal_under_the_confidence_threshold_changes_nothing() -> None:
    _, _, weak = _talk(_luna(mood_config=_moods(confidence_threshold=0.95)), "That is nice.")
    _, _, strong = _talk(_luna(mood_config=_moods(confidence_threshold=0.3)), "That is nice.")
    assert weak[0].mood == "neutral" and strong[0].mood == "happy"


def test_decay_follows_the_files_mood_detection() -> None:
    from chalicelib.engine import feeling

    def half_life(**detection: Any) -> float:
        doc = _luna(mood_config=_moods(**detection))
        return feeling.half_life_hours(Personality(parse_personality(json.dumps(doc))), 6.0)

    assert half_life() == 6.0
    assert half_life(decay_enabled=False) == 0.0
    assert round(half_life(decay_rate=0.5), 3) == 1.0
    assert half_life(decay_rate=0.1) > half_life(decay_rate=0.3)
