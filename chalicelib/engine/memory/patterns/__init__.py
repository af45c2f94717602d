"""The offline extractor outside English: each language's rules over the user's own sentences."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from functools import cache
from types import ModuleType

from chalicelib.engine.memory.patterns.common import sentences
from chalicelib.models import FactCandidate

LANGUAGES = ("es", "fr", "de", "it", "pt", "ru", "zh", "ja", "ko")


def facts_in(text: str, language: str) -> Iterator[FactCandidate]:
    """Facts the user states about themselves in ``text``, written in ``language``.

    Quoted speech, questions and sentences that suppose, wish or report someone else's words state nothing.
    """
    grammar = _grammar(language)
    for sentence in sentences(text):
        if grammar.SKIP.search(sentence):
            continue
        for rule in grammar.RULES:
            for match in rule.pattern.finditer(sentence):
                built = rule.build(match)
                yield from (f for f in (built if isinstance(built, list) else [built]) if f is not None)


@cache
def _grammar(language: str) -> ModuleType:
    # Imported on first use: a container compiles only the rules of the languages it meets.
    if language not in LANGUAGES:
        raise ValueError(f"no extraction rules for language {language!r}")
    return importlib.import_module(f"chalicelib.engine.memory.patterns.{language}")
