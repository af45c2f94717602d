from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chalicelib.engine.personality.schema import (
    PARAMETERS,
    AdvancedParameters,
    ParameterDeltas,
    parse_personality,
    stored_definition,
)
from chalicelib.errors import InvalidInputError

WREN = Path(__file__).parents[2] / "data" / "wren.json"


def _wren() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(WREN.read_text(encoding="utf-8"))
    return data


def _with(path: str, value: Any) -> dict[str, Any]:
    """Wren's file with the value at dotted ``path`` replaced (``...`` deletes the key)."""
    data = _wren()
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if value is ...:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


def test_a_luminoracore_file_with_every_block_loads_unchanged() -> None:
    raw = WREN.read_text(encoding="utf-8")
    assert parse_personality(raw).as_json() == json.loads(raw)


def test_deepseek_is_an_accepted_provider() -> None:
    parsed = parse_personality(json.dumps(_with("persona.compatibility", ["deepseek"])))
    assert parsed.persona.compatibility == ["deepseek"]


def test_any_remember_flag_is_accepted_in_memory_preferences() -> None:
    parsed = parse_personality(json.dumps(_with("memory_preferences.remember_jokes", False)))
    assert parsed.as_json()["memory_preferences"]["remember_jokes"] is False


def test_the_smallest_file_needs_only_the_four_core_blocks() -> None:
    data = {key: _wren()[key] for key in ("persona", "core_traits", "linguistic_profile", "behavioral_rules")}
    parsed = parse_personality(json.dumps(data))
    assert parsed.as_json() == data
    assert parsed.advanced_parameters.creativity == 0.5
    assert not parsed.hierarchical_config.enabled


INVALID = [
    (_with("colour", "blue"), "colour", "is not a known field"),
    (_with("core_traits.archetype", "wizard"), "core_traits.archetype", "scientist"),
    (_with("core_traits.temperament", "grumpy"), "core_traits.temperament", "calm"),
    (_with("core_traits.communication_style", "shouty"), "core_traits.communication_style", "poetic"),
    (_with("linguistic_profile.tone", ["friendly", "Sarcastic!"]), "linguistic_profile.tone.1", "must match"),
    (_with("linguistic_profile.tone", []), "linguistic_profile.tone", "at least 1"),
    (_with("linguistic_profile.syntax", "run-on"), "linguistic_profile.syntax", "concise"),
    (_with("linguistic_profile.punctuation_style", "loud"), "linguistic_profile.punctuation_style", "minimal"),
    (_with("linguistic_profile.fillers", ["Hush...", "Hush..."]), "linguistic_profile.fillers", "unique"),
    (_with("persona.version", "1.0"), "persona.version", "must match"),
    (_with("persona.compatibility", ["skynet"]), "persona.compatibility.0", "deepseek"),
    (_with("persona.compatibility", []), "persona.compatibility", "at least 1"),
    (_with("persona.name", ""), "persona.name", "at least 1"),
    (_with("persona.author", ...), "persona.author", "is required"),
    (_with("persona.nickname", "W"), "persona.nickname", "is not a known field"),
    (_with("behavioral_rules", []), "behavioral_rules", "at least 1"),
    (_with("behavioral_rules", ...), "behavioral_rules", "is required"),
    (_with("advanced_parameters.humor", 1.5), "advanced_parameters.humor", "less than or equal to 1"),
    (_with("advanced_parameters.humor", "high"), "advanced_parameters.humor", "number"),
    (_with("advanced_parameters.charm", 0.5), "advanced_parameters.charm", "is not a known field"),
    (_with("trigger_responses.on_greeting", ["Hi"]), "trigger_responses.on_greeting.0", "at least 5"),
    (_with("safety_guards.content_filters", ["gore"]), "safety_guards.content_filters.0", "profanity"),
    (_with("safety_guards.tone_limits.max_sarcasm", 0.1), "safety_guards.tone_limits.max_sarcasm", "not a known"),
    (_with("metadata.license", "WTFPL"), "metadata.license", "MIT"),
    (_with("hierarchical_config.relationship_levels.0.affinity_range", [30, 10]),
     "hierarchical_config.relationship_levels.0.affinity_range", "minimum"),
    (_with("hierarchical_config.relationship_levels.0.affinity_range", [0, 150]),
     "hierarchical_config.relationship_levels.0.affinity_range.1", "less than or equal to 100"),
    (_with("hierarchical_config.relationship_levels.1.affinity_range", [30, 75]),
     "hierarchical_config.relationship_levels", "overlap"),
    (_with("hierarchical_config.relationship_levels.1.name", "stranger"),
     "hierarchical_config.relationship_levels", "unique"),
    (_with("hierarchical_config.relationship_levels.0.modifiers.advanced_parameters.charm", 0.1),
     "hierarchical_config.relationship_levels.0.modifiers.advanced_parameters.charm", "not a known"),
    (_with("hierarchical_config.relationship_levels.0.modifiers.advanced_parameters.verbosity", -2),
     "hierarchical_config.relationship_levels.0.modifiers.advanced_parameters.verbosity", "greater than"),
    (_with("mood_config.moods.delighted.modifiers.colour", "gold"),
     "mood_config.moods.delighted.modifiers.colour", "not a known"),
    (_with("memory_preferences.forget_everything", True), "memory_preferences.forget_everything", "not a known"),
    (_with("memory_preferences.remember_topics", "yes"), "memory_preferences.remember_topics", "true or false"),
    (_with("memory_preferences.fact_categories", ["secrets"]), "memory_preferences.fact_categories.0", "hobbies"),
    (_with("affinity_config.interaction_types.shared_sighting", 50),
     "affinity_config.interaction_types.shared_sighting", "less than or equal to 10"),
]


@pytest.mark.parametrize(("data", "field", "problem"), INVALID)
def test_an_invalid_file_is_rejected_naming_the_field(data: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_personality(json.dumps(data))
    assert caught.value.field == field
    assert problem in caught.value.problem


@pytest.mark.parametrize(("raw", "problem"), [("{not json", "valid JSON"), ("[1, 2]", "JSON object"),
                                              ("x" * 100_001, "at most")])
def test_a_body_that_is_no_personality_file_is_rejected_as_the_body(raw: str, problem: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_personality(raw)
    assert caught.value.field == "body" and problem in caught.value.problem




def test_a_stored_definition_is_read_once_per_text_as_validation_makes_it() -> None:
    data = _with("memory_preferences", {"importance_threshold": 6, "remember_topics": True})
    del data["mood_config"]
    raw = json.dumps(data)
    read = stored_definition(raw)
    assert stored_definition(raw) is read
    assert stored_definition(json.dumps(_wren())) is not read
    assert read == parse_personality(raw)
    assert read.memory_preferences.importance_threshold == 6.0
    assert isinstance(read.memory_preferences.importance_threshold, float)
    assert read.memory_preferences.model_extra == {"remember_topics": True}
    assert read.mood_config.enabled is False and read.mood_config.moods == {}
    assert read.as_json() == {**data, "memory_preferences": {"importance_threshold": 6.0, "remember_topics": True}}


def test_the_parameters_are_listed_in_the_models_order() -> None:
    assert PARAMETERS == tuple(AdvancedParameters.model_fields) == tuple(ParameterDeltas.model_fields)
