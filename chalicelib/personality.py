"""Personalities: loading the built-in definitions and compiling them into a system block."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from chalicelib import keys
from chalicelib.errors import NotFoundError
from chalicelib.models import Voice

BUILTIN_DIR = Path(__file__).parent / "personalities"
DEFAULT_PERSONALITY = "Assistant"


@dataclass(frozen=True)
class Personality:
    """A personality definition in LuminoraCore's JSON format."""

    definition: Mapping[str, Any]
    built_in: bool = True

    @property
    def name(self) -> str:
        return str(self.definition["persona"]["name"])

    @property
    def description(self) -> str:
        return str(self.definition["persona"].get("description", ""))

    @property
    def archetype(self) -> str:
        return str(self.definition["core_traits"]["archetype"])

    def modifiers(self, level: str) -> Mapping[str, Any]:
        """The relationship level's modifiers, empty when the file gives none."""
        config = self.definition.get("hierarchical_config") or {}
        for entry in config.get("relationship_levels", []) if config.get("enabled", True) else []:
            if entry.get("name") == level:
                return entry.get("modifiers") or {}
        return {}

    def parameters(self, level: str) -> dict[str, float]:
        """Advanced parameters after the level's deltas, each clamped to 0–1."""
        base = dict(self.definition.get("advanced_parameters") or {})
        for name, delta in (self.modifiers(level).get("advanced_parameters") or {}).items():
            base[name] = base.get(name, 0.5) + float(delta)
        return {name: max(0.0, min(1.0, float(value))) for name, value in base.items()}

    def temperature(self, level: str) -> float:
        """LuminoraCore's rule: 0.1 + 0.9 × creativity."""
        return round(0.1 + 0.9 * self.parameters(level).get("creativity", 0.5), 3)

    def system_block(self, level: str) -> str:
        """The stable part of the prompt: who the personality is and how it speaks at ``level``."""
        d = self.definition
        traits = d["core_traits"]
        profile = d["linguistic_profile"]
        mods = self.modifiers(level)
        extra = mods.get("system_prompt_additions") or {}
        tones = list(profile.get("tone", [])) + list((mods.get("linguistic_profile") or {}).get("tone_additions", []))
        rules = list(d.get("behavioral_rules", [])) + list(mods.get("behavioral_adjustments", []))
        lines = [
            extra.get("prefix", ""),
            f"You are {self.name}. {self.description}",
            f"Archetype: {traits['archetype']}; temperament: {traits['temperament']};"
            f" communication style: {traits['communication_style']}.",
            f"Tone: {', '.join(dict.fromkeys(tones))}. Syntax: {profile.get('syntax', 'varied')}.",
            f"Relationship with this user: {level}.",
            "Rules:",
            *(f"- {rule}" for rule in rules),
            *_guards(d.get("safety_guards") or {}),
            extra.get("suffix", ""),
        ]
        return "\n".join(line for line in lines if line)

    def voice(self, level: str) -> Voice:
        """What the offline responder needs to sound like this personality at ``level``."""
        triggers = self.definition.get("trigger_responses") or {}
        profile = self.definition["linguistic_profile"]
        mods = self.modifiers(level).get("linguistic_profile") or {}
        return Voice(
            name=self.name,
            level=level,
            greetings=tuple(triggers.get("on_greeting", [])),
            farewells=tuple(triggers.get("on_goodbye", [])),
            confusions=tuple(triggers.get("on_confusion", [])),
            fillers=tuple(profile.get("fillers") or []),
            expressions=tuple(mods.get("expression_additions", [])),
            punctuation=profile.get("punctuation_style") or "moderate",
        )


def _guards(guards: Mapping[str, Any]) -> list[str]:
    lines = []
    if guards.get("forbidden_topics"):
        lines.append("Never discuss: " + "; ".join(guards["forbidden_topics"]) + ".")
    if guards.get("content_filters"):
        lines.append("Refuse content of these kinds: " + ", ".join(guards["content_filters"]) + ".")
    return lines


class BuiltinPersonalities:
    """The personalities shipped inside ``chalicelib/personalities``."""

    def __init__(self, directory: Path = BUILTIN_DIR) -> None:
        self._directory = directory

    @cached_property
    def _by_key(self) -> dict[str, Personality]:
        found = {}
        for path in sorted(self._directory.glob("*.json")):
            personality = Personality(json.loads(path.read_text(encoding="utf-8")))
            found[keys.personality_key(personality.name)] = personality
        return found

    def all(self) -> list[Personality]:
        return list(self._by_key.values())

    def get(self, tenant: str, name: str) -> Personality:
        """The personality called ``name`` (any case); `NotFoundError` when there is none."""
        try:
            return self._by_key[keys.personality_key(name)]
        except KeyError:
            raise NotFoundError(f"personality {name!r} does not exist") from None
