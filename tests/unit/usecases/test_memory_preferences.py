"""A personality's memory_preferences decide what deep analysis of its sessions keeps."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.engine.personality.domain import BuiltinPersonalities, Personality
from chalicelib.engine.personality.schema import parse_personality
from chalicelib.models import EpisodeCandidate, Extraction, FactCandidate, MemoryPolicy, TurnInput
from chalicelib.usecases.catalog import Personalities
from chalicelib.usecases.conversation import Conversation
from chalicelib.usecases.memory import Memory
from tests.fakes import InMemoryConversationStore, InMemoryPersonalityStore, ScriptedChatModel
from tests.luminoracore import SHAPES, document

FOUND = Extraction(
    facts=(FactCandidate("personal_info", "name", "Ana", 0.95), FactCandidate("health", "asthma", "has asthma", 0.9),
           FactCandidate("hobbies", "chess", "chess", 0.85)),
    episode=EpisodeCandidate("milestone", "Ana moved house", 5.5),
)


class _Fixed:
    def __init__(self, extraction: Extraction) -> None:
        self.extraction = extraction
        self.policies: list[MemoryPolicy | None] = []

    def extract(self, messages: Any, known: Any, *, end_user: str = "", deadline: float | None = None,
                policy: MemoryPolicy | None = None) -> Extraction:
        self.policies.append(policy)
        return self.extraction


def _luna(preferences: dict[str, Any] | None) -> Personality:
    doc = document(next(s for s in SHAPES if s.file == "dr_luna_v1_1.json"))
    if preferences is None:
        del doc["memory_preferences"]
    else:
        doc["memory_preferences"] = preferences
    return Personality(parse_personality(json.dumps(doc)))


def _analyse(preferences: dict[str, Any] | None, extractor: Any = None) -> InMemoryConversationStore:
    store, own = InMemoryConversationStore(), InMemoryPersonalityStore()
    own.put("t1", _luna(preferences))
    catalog = Personalities(BuiltinPersonalities(), own)
    Conversation(store, ScriptedChatModel("ok"), catalog, clock=store.clock).take_turn(
        TurnInput("t1", "ana", "s1", "Hello there, my name is Ana.", "Dr. Luna"))
    Memory(store, extractor or _Fixed(FOUND), catalog=catalog, clock=store.clock).analyze_session("t1", "ana", "s1")
    return store


def _kept(store: InMemoryConversationStore) -> tuple[set[str], list[str]]:
    return ({f.key for f in store.list_facts("t1", "ana")},
            [e.type for e in store.list_episodes("t1", "ana", None)])


def test_without_preferences_every_category_and_the_default_threshold_apply() -> None:
    assert _kept(_analyse(None)) == ({"name", "asthma", "chess"}, ["milestone"])


def test_the_importance_threshold_drops_lesser_episodes() -> None:
    assert _kept(_analyse({"importance_threshold": 6.0}))[1] == []
    assert _kept(_analyse({"importance_threshold": 5.5}))[1] == ["milestone"]


def test_fact_categories_and_episode_types_limit_what_is_kept() -> None:
    prefs = {"fact_categories": ["personal_info", "hobbies"], "episode_types": ["achievement"]}
    assert _kept(_analyse(prefs)) == ({"name", "chess"}, [])


def test_remember_flags_switch_a_category_off_or_on() -> None:
    assert _kept(_analyse({"remember_hobbies": False}))[0] == {"name", "asthma"}
    prefs = {"fact_categories": ["personal_info"], "remember_health": True, "remember_milestones": False}
    assert _kept(_analyse(prefs)) == ({"name", "asthma"}, [])


def test_the_extractor_is_told_the_policy_including_flags_it_alone_can_act_on() -> None:
    extractor = _Fixed(FOUND)
    _analyse({"fact_categories": ["personal_info"], "remember_topics": True}, extractor)
    (policy,) = extractor.policies
    assert policy is not None and policy.fact_categories == ("personal_info",)
    assert policy.also_remember == ("topics",)


def test_the_offline_extractor_respects_the_policy_through_the_use_case() -> None:
    store = _analyse({"fact_categories": ["hobbies"]}, RuleBasedExtractor())
    assert _kept(store)[0] == set()  # the name is personal_info, not kept by this personality
