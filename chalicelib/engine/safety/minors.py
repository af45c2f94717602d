"""What a minor's prompt leaves out: relationship levels whose modifiers are romantic."""

# ruff: noqa: E501  (texts and word lists are data: they read better unbroken)

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from chalicelib.engine.safety.text import fold

if TYPE_CHECKING:
    from chalicelib.engine.personality.domain import Personality
    from chalicelib.engine.personality.schema import Modifiers

# Words of romance and intimacy in the languages personality files are written in, folded.
_ROMANCE_WORDS = (
    r"\b(?:romanc\w*|romantic\w*|romantique\w*|romantisch\w*|romantic[oa]s?|romantico|flirt\w*|coquet\w*|lover|in love|my love|"
    r"darling|sweetheart|honey|babe|kiss\w*|intima\w*|intimit\w*|seduc\w*|seduz\w*|seduis\w*|sensual\w*|sexy|sexual\w*|"
    r"passion\w*|crush|caress\w*|cuddl\w*|girlfriend|boyfriend|amor\w*|amour\w*|liebe\w*|liebling|schatz|amore|tesoro|"
    r"carin\w*|cheri\w*|querid[oa]|namorad[oa]|любов\w*|любим\w*|милая|милыи)\b"
    r"|恋|爱人|亲爱的|情侣|ダーリン|キス|사랑|애인|연인|키스"
)


@functools.cache
def _romance() -> re.Pattern[str]:
    return re.compile(_ROMANCE_WORDS)  # compiled for the first minor, not at every cold start


def romantic(modifiers: Modifiers, description: str = "") -> bool:
    """Whether a level's modifiers (or its description) speak of romance or intimacy."""
    profile, additions = modifiers.linguistic_profile, modifiers.system_prompt_additions
    parts = [description, additions.prefix, additions.suffix, *profile.tone_additions,
             *profile.expression_additions, *modifiers.behavioral_adjustments]
    return bool(_romance().search(fold(" ".join(part for part in parts if part))))


def platonic_level(personality: Personality, level: str) -> str:
    """``level``, or the closest level below it whose modifiers are not romantic (a minor's prompt uses it)."""
    names = [lv.name for lv in personality.levels]
    if level not in names:
        return level
    for name in reversed(names[: names.index(level) + 1]):
        if not romantic(personality.level_modifiers(name), personality.level_description(name)):
            return name
    return names[0]
