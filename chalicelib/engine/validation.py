"""Pydantic validation errors as `InvalidInputError`s that name the field's dotted path."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from chalicelib.errors import InvalidInputError


def invalid_input(exc: ValidationError) -> InvalidInputError:
    """The first error of ``exc``, named by its path (``core_traits.archetype``, ``tags.2``)."""
    first = exc.errors()[0]
    ctx: dict[str, Any] = dict(first.get("ctx") or {})
    loc = [str(part) for part in first["loc"]]
    if "field" in ctx:  # a validator pointed at a key it could not attach to itself
        loc.append(str(ctx["field"]))
    return InvalidInputError(".".join(loc) or "body", _problem(first["type"], loc, ctx, str(first["msg"])))


def _problem(kind: str, loc: list[str], ctx: dict[str, Any], message: str) -> str:
    if "problem" in ctx:
        return str(ctx["problem"])
    if kind == "missing":
        return "is required"
    if kind == "string_type":
        return "must be a string"
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "json_invalid":
        return "is not valid JSON"
    if kind in ("model_type", "dict_type") and not loc:
        return "must be a JSON object"
    if kind == "string_pattern_mismatch":
        return "must match " + str(ctx["pattern"])
    if kind == "value_error":
        return str(ctx.get("error", message))
    return message[:1].lower() + message[1:]
