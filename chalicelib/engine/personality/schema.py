"""The LuminoraCore personality file as pydantic models, v1.1 blocks included.

A superset of LuminoraCore's schema, as wide as the files LuminoraCore itself ships: ``compatibility``
also accepts ``deepseek``, ``communication_style`` also ``direct``, a tone is any lowercase word (the
schema lists 18, its own files use more), and the v1.1 blocks (``hierarchical_config``, ``mood_config``,
``memory_preferences``, ``affinity_config``) are part of it. Unknown keys are rejected, naming them.

These models validate a file when a tenant stores one (`parse_personality`), and read it again whenever
it is loaded, from the package or from the table (`stored_definition`, once per text and container). They
build their validator on first use rather than at import.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from itertools import pairwise
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from chalicelib.engine.validation import invalid_input
from chalicelib.errors import InvalidInputError

MAX_FILE_BYTES = 64 * 1024  # the API's request body limit (64 KB), far below DynamoDB's 400 KB item limit

Archetype = Literal[
    "scientist", "adventurer", "caregiver", "skeptic", "trendy",
    "leader", "motivator", "rebel", "academic", "charming",
]
Temperament = Literal["calm", "energetic", "serious", "playful", "mysterious", "direct", "cool"]
CommunicationStyle = Literal["formal", "casual", "technical", "conversational", "poetic", "humorous", "direct"]
# The tone words of LuminoraCore's schema; any other lowercase word (``rigorous``, ``results-focused``) is
# accepted too, as LuminoraCore's SDK accepts its own files.
KNOWN_TONES = (
    "friendly", "professional", "casual", "formal", "warm", "cool", "enthusiastic", "calm", "confident",
    "humble", "playful", "serious", "curious", "connected", "adventurous", "wise", "mysterious", "direct",
)
TONE_PATTERN = r"^[a-z]+(?:[ -][a-z]+)*$"
Tone = Annotated[str, StringConstraints(pattern=TONE_PATTERN, max_length=50)]
Syntax = Literal["simple", "complex", "varied", "concise", "elaborate"]
PunctuationStyle = Literal["minimal", "moderate", "liberal", "excessive"]
Provider = Literal["openai", "anthropic", "llama", "mistral", "cohere", "google", "deepseek"]
ContentFilter = Literal["profanity", "violence", "adult", "political", "religious"]
License = Literal["MIT", "Apache-2.0", "GPL-3.0", "CC-BY-4.0", "Custom"]
FactCategory = Literal[
    "personal_info", "preferences", "relationships", "hobbies", "goals", "health", "work", "events", "other",
]
EpisodeType = Literal[
    "emotional_moment", "confession", "milestone", "achievement", "bonding", "conflict", "routine", "other",
]
Parameter = Literal["verbosity", "formality", "humor", "empathy", "creativity", "directness"]
# The advanced parameters, in the order prompts list them.
PARAMETERS: tuple[Parameter, ...] = get_args(Parameter)

Text50 = Annotated[str, StringConstraints(min_length=1, max_length=50)]
Text100 = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Text200 = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text500 = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Trigger5 = Annotated[str, StringConstraints(min_length=5, max_length=200)]
Trigger10 = Annotated[str, StringConstraints(min_length=10, max_length=200)]
Addition = Annotated[str, StringConstraints(max_length=1000)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Delta = Annotated[float, Field(ge=-1.0, le=1.0)]
Points = Annotated[int, Field(ge=0, le=100)]

T = TypeVar("T")


def _unique(items: list[T]) -> list[T]:
    if len({repr(item) for item in items}) != len(items):
        raise ValueError("items must be unique")
    return items


Unique = Annotated[list[T], AfterValidator(_unique)]


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Persona(_Block):
    name: Text100
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    description: Text500
    author: Text100
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]  # ISO 639-1
    compatibility: Annotated[Unique[Provider], Field(min_length=1)]
    tags: Unique[Text50] = []


class CoreTraits(_Block):
    archetype: Archetype
    temperament: Temperament
    communication_style: CommunicationStyle


class LinguisticProfile(_Block):
    tone: Annotated[Unique[Tone], Field(min_length=1)]
    syntax: Syntax
    vocabulary: list[Text100]
    fillers: Unique[Text50] = []
    punctuation_style: PunctuationStyle = "moderate"


class TriggerResponses(_Block):
    on_greeting: list[Trigger5] = []
    on_confusion: list[Trigger10] = []
    on_success: list[Trigger5] = []
    on_error: list[Trigger10] = []
    on_goodbye: list[Trigger5] = []


class AdvancedParameters(_Block):
    """Each 0–1; 0.5 when the file leaves one out."""

    verbosity: Unit = 0.5
    formality: Unit = 0.5
    humor: Unit = 0.5
    empathy: Unit = 0.5
    creativity: Unit = 0.5
    directness: Unit = 0.5


class ToneLimits(_Block):
    max_aggression: Unit | None = None
    max_informality: Unit | None = None


class SafetyGuards(_Block):
    forbidden_topics: Unique[Text100] = []
    tone_limits: ToneLimits = Field(default_factory=ToneLimits.model_construct)
    content_filters: Unique[ContentFilter] = []


class SampleResponse(_Block):
    input: Annotated[str, StringConstraints(min_length=5, max_length=500)]
    output: Annotated[str, StringConstraints(min_length=10, max_length=1000)]
    context: Annotated[str, StringConstraints(max_length=200)] = ""


class Examples(_Block):
    sample_responses: Annotated[list[SampleResponse], Field(min_length=1)] = []


class Metadata(_Block):
    created_at: datetime | None = None
    updated_at: datetime | None = None
    downloads: Annotated[int, Field(ge=0)] | None = None
    rating: Annotated[float, Field(ge=0.0, le=5.0)] | None = None
    license: License | None = None


# -- v1.1 ------------------------------------------------------------------------------------------


class ParameterDeltas(_Block):
    """Changes added to the advanced parameters; the sums are clamped to 0–1."""

    verbosity: Delta = 0.0
    formality: Delta = 0.0
    humor: Delta = 0.0
    empathy: Delta = 0.0
    creativity: Delta = 0.0
    directness: Delta = 0.0


class LinguisticAdditions(_Block):
    tone_additions: list[Text50] = []
    expression_additions: list[Text200] = []


class PromptAdditions(_Block):
    prefix: Addition = ""
    suffix: Addition = ""


class Modifiers(_Block):
    """What a relationship level or a mood changes; every key is optional."""

    advanced_parameters: ParameterDeltas = Field(default_factory=ParameterDeltas.model_construct)
    linguistic_profile: LinguisticAdditions = Field(default_factory=LinguisticAdditions.model_construct)
    system_prompt_additions: PromptAdditions = Field(default_factory=PromptAdditions.model_construct)
    behavioral_adjustments: list[Text500] = []


class RelationshipLevel(_Block):
    name: Text50
    affinity_range: Annotated[list[Points], Field(min_length=2, max_length=2)]
    description: Text500 | None = None
    modifiers: Modifiers

    @model_validator(mode="after")
    def _ordered(self) -> RelationshipLevel:
        low, high = self.affinity_range
        if low > high:
            raise _error("affinity_range", "the minimum must not be above the maximum")
        return self


def _distinct_levels(levels: list[RelationshipLevel]) -> list[RelationshipLevel]:
    if len({level.name for level in levels}) != len(levels):
        raise ValueError("level names must be unique")
    spans = sorted(level.affinity_range for level in levels)
    if any(later[0] <= earlier[1] for earlier, later in pairwise(spans)):
        raise ValueError("affinity ranges must not overlap")
    return levels


class HierarchicalConfig(_Block):
    enabled: bool = False
    description: Text500 | None = None
    relationship_levels: Annotated[list[RelationshipLevel], AfterValidator(_distinct_levels)] = []


class Mood(_Block):
    description: Annotated[str, StringConstraints(max_length=500)] = ""
    modifiers: Modifiers = Field(default_factory=Modifiers.model_construct)


class MoodDetection(_Block):
    method: Text50 = "automatic"
    confidence_threshold: Unit | None = None
    decay_enabled: bool | None = None
    decay_rate: Unit | None = None


class MoodConfig(_Block):
    enabled: bool = False
    moods: dict[Text50, Mood] = {}
    mood_triggers: dict[Text50, list[Text200]] = {}
    mood_detection: MoodDetection = Field(default_factory=MoodDetection.model_construct)


class MemoryPreferences(BaseModel):
    """Known keys plus any number of ``remember_*`` flags."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True, defer_build=True)

    fact_categories: Unique[FactCategory] = []
    episode_types: Unique[EpisodeType] = []
    importance_threshold: Annotated[float, Field(ge=0.0, le=10.0)] = 5.0

    @model_validator(mode="after")
    def _flags(self) -> MemoryPreferences:
        for key, value in (self.model_extra or {}).items():
            if not key.startswith("remember_"):
                raise _error(key, "is not a known field")
            if not isinstance(value, bool):
                raise _error(key, "must be true or false")
        return self


class AffinityConfig(_Block):
    interaction_types: dict[Text50, Annotated[int, Field(ge=-10, le=10)]] = {}


class PersonalityFile(_Block):
    """A whole personality definition."""

    persona: Persona
    core_traits: CoreTraits
    linguistic_profile: LinguisticProfile
    behavioral_rules: Annotated[list[Text200], Field(min_length=1)]
    trigger_responses: TriggerResponses = Field(default_factory=TriggerResponses.model_construct)
    advanced_parameters: AdvancedParameters = Field(default_factory=AdvancedParameters.model_construct)
    safety_guards: SafetyGuards = Field(default_factory=SafetyGuards.model_construct)
    examples: Examples = Field(default_factory=Examples.model_construct)
    metadata: Metadata = Field(default_factory=Metadata.model_construct)
    hierarchical_config: HierarchicalConfig = Field(default_factory=HierarchicalConfig.model_construct)
    mood_config: MoodConfig = Field(default_factory=MoodConfig.model_construct)
    memory_preferences: MemoryPreferences = Field(default_factory=MemoryPreferences.model_construct)
    affinity_config: AffinityConfig = Field(default_factory=AffinityConfig.model_construct)

    def as_json(self) -> dict[str, Any]:
        """The definition as it was given: keys the file left out stay out."""
        return self.model_dump(mode="json", exclude_unset=True)


def _error(field: str, problem: str) -> PydanticCustomError:
    return PydanticCustomError("invalid_field", "{field}: {problem}", {"field": field, "problem": problem})


def parse_personality(raw: str | bytes) -> PersonalityFile:
    """Validate a personality file's JSON text; `InvalidInputError` names the first bad field."""
    if len(raw.encode() if isinstance(raw, str) else raw) > MAX_FILE_BYTES:
        raise InvalidInputError("body", f"must be at most {MAX_FILE_BYTES} bytes")
    try:
        return PersonalityFile.model_validate_json(raw)
    except ValidationError as exc:
        raise invalid_input(exc) from None


@lru_cache(maxsize=256)
def stored_definition(raw: str | bytes) -> PersonalityFile:
    """A definition that was valid when it was stored, read as its model; each text is read once per container."""
    return PersonalityFile.model_validate_json(raw)


# What a level or a mood that the file leaves out changes: nothing.
NO_MODIFIERS = Modifiers.model_construct()
PLAIN_MOOD = Mood.model_construct()
