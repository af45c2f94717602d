"""DynamoDB's published item-size rules, applied to items in DynamoDB's typed wire JSON.

From the developer guide ("DynamoDB item sizes and formats"): an item's size is the sum, over its
attributes, of the UTF-8 length of the name plus the size of the value, where

- a string is its UTF-8 bytes; a binary value its raw (base64-decoded) bytes;
- a number is about one byte per two significant digits, plus one byte (leading and trailing zeros
  trimmed; the guide calls this an approximation);
- null and boolean are one byte;
- a list or map is 3 bytes of overhead plus, for each element, 1 byte plus the element's size (map
  elements also count their key's UTF-8 length);
- a set is the sum of its elements' sizes.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable, Mapping
from typing import Any

WireItem = Mapping[str, Mapping[str, Any]]


def item_size(item: WireItem) -> int:
    """Bytes DynamoDB counts for ``item`` (``{"name": {"S": "value"}, ...}``)."""
    return sum(_utf8(name) + value_size(value) for name, value in item.items())


def value_size(value: Mapping[str, Any]) -> int:
    """Bytes of one typed value (``{"S": ...}``, ``{"N": ...}``, ``{"M": {...}}``, ...)."""
    ((kind, raw),) = value.items()
    if kind == "S":
        return _utf8(raw)
    if kind == "N":
        return number_size(raw)
    if kind == "B":
        return _binary(raw)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(_utf8(v) for v in raw)
    if kind == "NS":
        return sum(number_size(v) for v in raw)
    if kind == "BS":
        return sum(_binary(v) for v in raw)
    if kind == "L":
        return 3 + sum(1 + value_size(v) for v in raw)
    if kind == "M":
        return 3 + sum(1 + _utf8(k) + value_size(v) for k, v in raw.items())
    raise ValueError(f"unknown DynamoDB type {kind!r}")


def number_size(text: str) -> int:
    """About one byte per two significant digits, plus one (the guide's rule)."""
    digits = text.lstrip("+-").lower().split("e")[0].replace(".", "").strip("0")
    return math.ceil(max(len(digits), 1) / 2) + 1


def total_size(items: Iterable[WireItem]) -> int:
    return sum(item_size(i) for i in items)


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _binary(raw: str | bytes) -> int:
    return len(raw) if isinstance(raw, bytes) else len(base64.b64decode(raw))
