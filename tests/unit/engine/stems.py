"""Proof that a pattern's stems are in every text it matches: what lets the safety check skip patterns."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

# The regex parser of the standard library (private, typed by nothing): it names the parts of a pattern.
sre: Any = importlib.import_module("re._parser")
ASSERT, ASSERT_NOT, AT, ATOMIC_GROUP, BRANCH = sre.ASSERT, sre.ASSERT_NOT, sre.AT, sre.ATOMIC_GROUP, sre.BRANCH
IN, LITERAL, SUBPATTERN = sre.IN, sre.LITERAL, sre.SUBPATTERN
MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT = sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT

# Expansions of literal alternatives are followed up to this many strings; past it a part counts as open.
_LIMIT = 512
_ZERO_WIDTH = (AT, ASSERT, ASSERT_NOT)
_REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)


def unproven(pattern: str, stems: Iterable[str]) -> list[str]:
    """The top-level alternatives of ``pattern`` of which some match may hold none of ``stems``."""
    items = list(sre.parse(pattern))
    stems = tuple(stems)
    if len(items) == 1 and items[0][0] is BRANCH:
        return [str(branch) for branch in items[0][1][1] if not _covered(list(branch), stems)]
    return [] if _covered(items, stems) else [pattern]


def _finite(items: list[Any]) -> set[str] | None:
    """Every string ``items`` can match when they are finitely many literals, else None."""
    found = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        options = _options(op, av)
        if options is None:
            return None
        found = {a + b for a in found for b in options}
        if len(found) > _LIMIT:
            return None
    return found


def _options(op: Any, av: Any) -> set[str] | None:
    if op is LITERAL:
        return {chr(av)}
    if op is IN and all(kind is LITERAL for kind, _ in av):
        return {chr(value) for _, value in av}
    if op is SUBPATTERN:
        return _finite(list(av[-1]))
    if op is BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            options = _finite(list(branch))
            if options is None:
                return None
            found |= options
        return found
    if op in _REPEATS and av[1] <= 1:
        options = _finite(list(av[2]))
        return None if options is None else options | ({""} if av[0] == 0 else set())
    return None


def _covered(items: list[Any], stems: tuple[str, ...], runs: frozenset[str] = frozenset({""})) -> bool:
    """Whether every match of ``items``, after one of ``runs``, holds a stem."""
    current = set(runs)
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        options = _finite([(op, av)])
        if options is not None and len(current) * len(options) <= _LIMIT:
            current = {a + b for a in current for b in options}
            continue
        if _all_hold(current, stems) or _part_covered(op, av, stems, frozenset(current)):
            return True
        current = {""}
    return _all_hold(current, stems)


def _part_covered(op: Any, av: Any, stems: tuple[str, ...], runs: frozenset[str]) -> bool:
    if op is BRANCH:
        return all(_covered(list(branch), stems, runs) for branch in av[1])
    if op is SUBPATTERN:
        return _covered(list(av[-1]), stems, runs)
    if op is ATOMIC_GROUP:
        return _covered(list(av), stems, runs)
    if op in _REPEATS:
        return bool(av[0] >= 1) and _covered(list(av[2]), stems, runs)
    return False


def _all_hold(runs: set[str], stems: tuple[str, ...]) -> bool:
    return all(any(stem in run for stem in stems) for run in runs)
