"""Personalities: a validated definition, its relationship levels and moods, and the built-in set."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from chalicelib.engine import affinity, cues
from chalicelib.engine.personality.schema import NO_MODIFIERS, PLAIN_MOOD, Modifiers, Mood, PersonalityFile
from chalicelib.errors import NotFoundError
from chalicelib.models import EPISODE_TYPES, FACT_CATEGORIES, MemoryPolicy

BUILTIN_DIR = Path(__file__).parent / "builtin"

_FILE_STEM = re.compile(r"^[a-z0-9_-]{1,64}$")
# Moods `analysis.mood_for` produces, and the mood to use when a personality does not define one.
_MOOD_FALLBACK = {"content": "happy", "happy": "content", "concerned": "sad", "sad": "concerned"}


def name_key(name: str) -> str:
    """Personality names are matched case-insensitively: the form a name is compared and stored under."""
    return name.lower()


@dataclass(frozen=True)
class Personality:
    """A personality definition in LuminoraCore's format, and what it says about levels and moods."""

    definition: PersonalityFile
    built_in: bool = False

    @property
    def name(self) -> str:
        return self.definition.persona.name

    @property
    def description(self) -> str:
        return self.definition.persona.description

    @property
    def archetype(self) -> str:
        return self.definition.core_traits.archetype

    def summary(self) -> dict[str, object]:
        """The entry of `GET /personalities`."""
        return {"name": self.name, "description": self.description, "archetype": self.archetype,
                "built_in": self.built_in}

    @cached_property
    def levels(self) -> tuple[affinity.Level, ...]:
        """The personality's own level table when its file defines one, else the default table."""
        config = self.definition.hierarchical_config
        if not (config.enabled and config.relationship_levels):
            return affinity.DEFAULT_LEVELS
        found = (affinity.Level(lv.name, lv.affinity_range[0], lv.affinity_range[1])
                 for lv in config.relationship_levels)
        return tuple(sorted(found, key=lambda level: level.low))

    def level_for(self, points: int) -> str:
        """The relationship level ``points`` reach with this personality."""
        return affinity.level_for(points, self.levels)

    def warmth(self, level: str) -> float:
        """How far up the level table ``level`` is: 0 for the first level, 1 for the last."""
        names = [lv.name for lv in self.levels]
        if level not in names or len(names) < 2:
            return 0.0
        return names.index(level) / (len(names) - 1)

    def level_description(self, level: str) -> str:
        found = self._level_entries.get(level)
        return (found.description or "") if found else ""

    def level_modifiers(self, level: str) -> Modifiers:
        """The level's modifiers; none when the file has no (enabled) entry for it."""
        found = self._level_entries.get(level)
        return found.modifiers if found else NO_MODIFIERS

    @cached_property
    def _level_entries(self) -> dict[str, _LevelEntry]:
        config = self.definition.hierarchical_config
        if not config.enabled:
            return {}
        return {lv.name: _LevelEntry(lv.description, lv.modifiers) for lv in config.relationship_levels}

    def mood(self, name: str) -> tuple[str, Mood] | None:
        """The mood called ``name`` (or its nearest defined sibling); None when moods are off."""
        config = self.definition.mood_config
        if not config.enabled:
            return None
        for candidate in (name, _MOOD_FALLBACK.get(name, "")):
            if candidate in config.moods:
                return candidate, config.moods[candidate]
        return name, PLAIN_MOOD

    @cached_property
    def memory_policy(self) -> MemoryPolicy:
        """What deep analysis keeps for this personality, from ``memory_preferences``.

        Empty ``fact_categories`` or ``episode_types`` mean all of them. A ``remember_<name>`` flag naming a
        category or an episode type (singular or plural: ``remember_milestones``) switches it off or on;
        other flags that are on (``remember_topics``) are passed to the extractor as things to remember.
        """
        prefs = self.definition.memory_preferences
        categories = list(prefs.fact_categories or FACT_CATEGORIES)
        types = list(prefs.episode_types or EPISODE_TYPES)
        also = []
        for flag, on in (prefs.model_extra or {}).items():
            subject = flag.removeprefix("remember_")
            named = [_toggle(found, on) for found in
                     (_named(subject, FACT_CATEGORIES, categories), _named(subject, EPISODE_TYPES, types))]
            if not any(named) and on:
                also.append(subject)
        return MemoryPolicy(
            fact_categories=tuple(c for c in FACT_CATEGORIES if c in categories),
            episode_types=tuple(t for t in EPISODE_TYPES if t in types),
            importance_threshold=float(prefs.importance_threshold),
            also_remember=tuple(also),
        )

    def turn_delta(self, sentiment: str, message: str) -> int:
        """Affinity points for one message.

        ``affinity_config.interaction_types`` may reweigh the sentiment labels; each of its other types that
        the message shows (`cues.recognised`) adds its points once. The turn's total stays within ±10.
        """
        overrides = self.definition.affinity_config.interaction_types
        table = {label: overrides.get(label, points) for label, points in affinity.SENTIMENT_POINTS.items()}
        extra = sum(overrides[name] for name in self.interactions(sentiment, message))
        return affinity.turn_delta(sentiment, message, table, extra)

    def interactions(self, sentiment: str, message: str) -> list[str]:
        """The file's interaction types, other than sentiment labels, that ``message`` shows."""
        named = [n for n in self.definition.affinity_config.interaction_types if n not in affinity.SENTIMENT_POINTS]
        return cues.recognised_among(named, cues.Said(message, sentiment))


def _named(subject: str, names: tuple[str, ...], chosen: list[str]) -> tuple[str, list[str]] | None:
    """The name in ``names`` that ``subject`` (singular or plural) stands for, with the list it toggles."""
    for name in names:
        if subject in (name, name + "s") or (subject.endswith("s") and subject[:-1] == name):
            return name, chosen
    return None


def _toggle(found: tuple[str, list[str]] | None, on: object) -> bool:
    if found is None:
        return False
    name, chosen = found
    if on and name not in chosen:
        chosen.append(name)
    if not on and name in chosen:
        chosen.remove(name)
    return True


class _LevelEntry(NamedTuple):
    description: str | None
    modifiers: Modifiers


class BuiltinPersonalities:
    """The personalities shipped inside ``chalicelib/personalities``.

    Each lives in ``<lowercase name>.json`` and is read through its model on first use, so a cold start
    reads only the personality its first turn asks for.
    """

    def __init__(self, directory: Path = BUILTIN_DIR) -> None:
        self._directory = directory
        self._loaded: dict[str, Personality | None] = {}

    def all(self) -> list[Personality]:
        found = (self.find(path.stem) for path in sorted(self._directory.glob("*.json")))
        return [personality for personality in found if personality is not None]

    def get(self, tenant: str, name: str) -> Personality:
        """`PersonalityFinder` over the built-ins alone; `NotFoundError` for any other name."""
        found = self.find(name)
        if found is None:
            raise NotFoundError(f"personality {name!r} does not exist")
        return found

    def find(self, name: str) -> Personality | None:
        """The built-in personality called ``name`` (any case)."""
        key = name_key(name)
        if key not in self._loaded:
            path = self._directory / f"{key}.json"
            if not (_FILE_STEM.fullmatch(key) and path.is_file()):
                return None  # not remembered: looking up many unknown names must not grow memory
            self._loaded[key] = self._load(key, path)
        return self._loaded[key]

    @staticmethod
    def _load(key: str, path: Path) -> Personality:
        personality = Personality(PersonalityFile.model_validate_json(path.read_bytes()), built_in=True)
        if name_key(personality.name) != key:
            raise ValueError(f"{path.name} must hold the personality {key!r}, not {personality.name!r}")
        return personality
