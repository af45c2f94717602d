"""A personality definition as a turn reads it: validated JSON behind the attributes of its models.

`chalicelib.engine.persona` validates a definition with pydantic when a tenant stores one, and the tests
validate the built-in files with it. After that, the engine reads the definition through `Block`: the
same attribute names, defaults and numbers as the models give (their fields are copied into
`chalicelib.engine.shapes`, which a test keeps equal to the models), without importing pydantic or
building a validator, which every cold start would pay for. Type checkers see the models themselves.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from chalicelib.engine.shapes import SHAPES

if TYPE_CHECKING:
    from chalicelib.engine.persona import Modifiers, Mood, PersonalityFile

# The advanced parameters, in the order prompts list them.
PARAMETERS = ("verbosity", "formality", "humor", "empathy", "creativity", "directness")


class Block:
    """One block of a validated definition, read as the model called ``shape`` reads it."""

    __slots__ = ("_cache", "_data", "_fields", "_shape")

    def __init__(self, data: Mapping[str, Any], shape: str) -> None:
        self._data = data
        self._shape = shape
        self._fields = SHAPES[shape][0]
        self._cache: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            fields = object.__getattribute__(self, "_fields")
        except AttributeError:  # before __init__ ran (copying, unpickling)
            raise AttributeError(name) from None
        if name not in fields:
            raise AttributeError(f"{self._shape} has no field {name!r}")
        cache = self._cache
        if name not in cache:
            kind, *default = fields[name]
            if name in self._data:
                cache[name] = _read(kind, self._data[name])
            elif default:
                cache[name] = _read(kind, copy.deepcopy(default[0]))
            else:
                raise AttributeError(f"{self._shape}.{name} is required and missing: the definition is not valid")
        return cache[name]

    @property
    def model_extra(self) -> dict[str, Any] | None:
        """The keys beyond the fields, where the model allows them (``remember_*`` flags); else None."""
        if SHAPES[self._shape][1] != "allow":
            return None
        return {key: value for key, value in self._data.items() if key not in self._fields}

    def as_json(self) -> dict[str, Any]:
        """The definition as it was given (validated): keys it left out stay out."""
        return copy.deepcopy(dict(self._data))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Block):
            return NotImplemented
        return self._shape == other._shape and self._data == other._data

    def __hash__(self) -> int:
        return hash((self._shape, json.dumps(self._data, sort_keys=True)))

    def __repr__(self) -> str:
        return f"{self._shape}({self._data!r})"


def _read(kind: str, value: Any) -> Any:
    if value is None or kind == "value":
        return value
    if kind == "float":
        return float(value)
    if kind.startswith("list:"):
        return [_read(kind[5:], item) for item in value]
    if kind.startswith("dict:"):
        return {key: _read(kind[5:], item) for key, item in value.items()}
    return Block(value, kind)


def trusted_personality(data: Mapping[str, Any]) -> PersonalityFile:
    """A definition that was validated before (stored by a tenant, or built in), read without pydantic."""
    return cast("PersonalityFile", Block(data, "PersonalityFile"))


def no_modifiers() -> Modifiers:
    """The modifiers of a level or mood that the file leaves out: every one at its default."""
    return cast("Modifiers", Block({}, "Modifiers"))


def plain_mood() -> Mood:
    """A mood the file names nowhere: no description, no modifiers."""
    return cast("Mood", Block({}, "Mood"))
