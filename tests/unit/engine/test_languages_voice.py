"""The personality's language in its own words: offline phrases, facts told back, and the prompts' language rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.engine import phrasebook
from chalicelib.engine.compiler import compile_for
from chalicelib.engine.memory import retrieval
from chalicelib.engine.memory.llm_extraction import LLMExtractor, parse_extraction
from chalicelib.engine.offline import OfflineChatModel
from chalicelib.engine.personality.domain import Personality
from chalicelib.engine.personality.schema import parse_personality
from chalicelib.models import ChatMessage, ChatRequest, Fact, Message, Voice, iso
from tests.fakes import FakeClock, ScriptedChatModel

WREN = Path(__file__).parents[2] / "data" / "wren.json"
NOW = FakeClock().now()


def _speaking(language: str) -> Personality:
    data = json.loads(WREN.read_text(encoding="utf-8"))
    data["persona"]["language"] = language
    data["trigger_responses"] = {}  # no lines of its own: the responder's phrases show
    return Personality(parse_personality(json.dumps(data)))


def _ask(text: str, voice: Voice) -> str:
    request = ChatRequest((ChatMessage("user", text),), temperature=0.5, max_tokens=100, end_user="x", voice=voice)
    return OfflineChatModel().complete(request).text


def _fact(key: str, value: str, category: str = "personal_info") -> Fact:
    return Fact(category, key, value, 0.9, "m", iso(NOW), iso(NOW))


def test_the_compiled_voice_carries_the_personalitys_language() -> None:
    assert compile_for(_speaking("ja"), "stranger").voice.language == "ja"


@pytest.mark.parametrize("language", ["es", "fr", "de", "it", "pt", "ru", "zh", "ja", "ko"])
def test_the_offline_responder_greets_and_says_goodbye_in_the_personalitys_language(language: str) -> None:
    voice = compile_for(_speaking(language), "stranger").voice
    assert _ask("Hello!", voice) == phrasebook.PHRASES[language]["hello"]
    assert _ask("Bye, talk later", voice) == phrasebook.PHRASES[language]["goodbye"]


def test_greetings_and_thanks_are_recognised_in_the_users_language() -> None:
    voice = Voice(name="Wren", language="es")
    assert _ask("¡Hola!", voice) == phrasebook.PHRASES["es"]["hello"]
    assert _ask("谢谢你", voice) == phrasebook.PHRASES["es"]["thanks"]
    assert _ask("Bonjour", Voice(name="Wren", language="fr")) == phrasebook.PHRASES["fr"]["hello"]


def test_a_known_name_and_a_recalled_fact_are_told_in_the_personalitys_language() -> None:
    voice = Voice(name="Wren", language="es", known_name="Ana", recalled_fact="vives en Sevilla")
    reply = _ask("Mañana tengo una reunión importante.", voice)
    assert reply.startswith("¡Hola, Ana!") and "Recuerdo que vives en Sevilla." in reply
    assert "reunión importante" in reply


def test_a_chinese_message_gets_an_answer_without_a_topic_rather_than_a_request_for_more() -> None:
    reply = _ask("我今天去了公园。", Voice(name="Wren", language="zh"))
    assert reply == phrasebook.PHRASES["zh"]["told_plain"]


def test_recall_tells_facts_back_in_the_personalitys_language_and_english_stays_as_it_was() -> None:
    facts = [_fact("location", "Sevilla"), _fact("job_title", "enfermera", "work")]
    spanish = retrieval.recall(facts, [], "hola", NOW, 400, language="es").recalled_fact
    assert set(spanish.split(" y ")) == {"vives en Sevilla", "trabajas de enfermera"}
    assert "you live in Sevilla" in retrieval.recall(facts, [], "hola", NOW, 400).recalled_fact


def test_a_fact_the_phrasebook_has_no_words_for_is_left_out_of_recall() -> None:
    assert phrasebook.told_back([_fact("pet_dog", "Rex", "relationships")], "de") == ""


def test_the_reply_prompt_asks_for_the_users_language_unless_the_rules_say_otherwise() -> None:
    block = compile_for(_speaking("fr"), "stranger").system_block
    assert "Reply in the language the user writes in unless your rules say otherwise" in block
    assert "'fr'" in block


def test_the_extraction_prompt_keeps_values_in_the_users_language_and_keys_in_english() -> None:
    chat = ScriptedChatModel(json.dumps({"facts": [], "episode": None}))
    LLMExtractor(chat).extract([Message("u1", "s1", "user", "Vivo en Sevilla", "t", seq=0)], [])
    instructions = chat.requests[0].messages[0].content
    assert "category and key are always English" in instructions and "never translated" in instructions


def test_a_non_english_value_is_kept_and_a_stray_accented_key_still_makes_a_key() -> None:
    reply = {"facts": [{"category": "work", "key": "profesión", "value": "enfermera", "confidence": 0.9},
                       {"category": "hobbies", "key": "photography", "value": "摄影", "confidence": 0.9},
                       {"category": "other", "key": "!!", "value": "x", "confidence": 0.9}]}
    found = parse_extraction(json.dumps(reply), [Message("u1", "s1", "user", "t", "t", seq=0)]).facts
    assert [(f.key, f.value) for f in found] == [("profesion", "enfermera"), ("photography", "摄影")]
