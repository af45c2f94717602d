"""How a session and its messages age: one expiry on the session item, inherited by its messages.

A message carries no expiry of its own: it lives as long as its session's current life. The session
item holds ``expires_at`` (epoch seconds, renewed by every turn) rather than the table's ``ttl``
attribute, so DynamoDB never removes it behind the sweep's back and orphans its messages; the
nightly sweep deletes a session and its messages together once the session has expired. A turn on an
expired session starts a new life at ``first_seq``: the numbering goes on, so no key of the earlier
life is ever written again, and everything below ``first_seq`` is treated as gone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from chalicelib.dynamodb import keys

Item = Mapping[str, Any]
_Stored = TypeVar("_Stored", bound=Item)


def expiry(meta: Item) -> int | None:
    """When the session expires; items written before ``expires_at`` existed carry ``ttl``."""
    value = meta.get("expires_at", meta.get("ttl"))
    return None if value is None else int(value)


def session_live(meta: Item | None, now: float) -> bool:
    if meta is None:
        return False
    expires = expiry(meta)
    return expires is None or expires > now


def message_live(meta: Item | None, message: Item, now: float) -> bool:
    """A message is live while its session is, from the session's current life on."""
    if not session_live(meta, now) or meta is None:
        return False
    own_ttl = message.get("ttl")  # messages written before they inherited the session's expiry
    if own_ttl is not None and int(own_ttl) <= now:
        return False
    return seq_of(message) >= int(meta.get("first_seq", 0))


def seq_of(message: Item) -> int:
    """A message's number in its session, from its sort key."""
    position = keys.message_position(message["SK"])
    if position is None:
        raise ValueError(f"not a message's sort key: {message['SK']!r}")
    return position[1]


def live_messages(meta: Item | None, messages: Iterable[_Stored], now: float) -> list[_Stored]:
    return [m for m in messages if message_live(meta, m, now)]
