"""The table's stream: which sessions a batch of stream records asks the deep analysis to read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from chalicelib.dynamodb import keys

SessionRef = tuple[str, str, str]  # (tenant, user_id, session_id)


def inserted_sessions(records: Iterable[Mapping[str, Any]]) -> list[SessionRef]:
    """Each session with a message inserted by ``records``, once, in the order of its first record.

    A turn inserts two messages, and a burst of turns more: the session is analysed once for all of
    them (the analysis reads every unread message of the session). Updates, deletions (an erase, TTL)
    and every other kind of item are left out.
    """
    seen: dict[SessionRef, None] = {}
    for record in records:
        found = _message_session(record)
        if found is not None:
            seen.setdefault(found, None)
    return list(seen)


def _message_session(record: Mapping[str, Any]) -> SessionRef | None:
    if record.get("eventName") != "INSERT":
        return None
    change = record.get("dynamodb") or {}
    image = change.get("NewImage")
    if image is not None and image.get("entity_type", {}).get("S") != "message":
        return None
    key = change.get("Keys") or {}
    position = keys.message_position(str(key.get("SK", {}).get("S", "")))
    pk = str(key.get("PK", {}).get("S", ""))
    if position is None or not pk.startswith("T#"):
        return None
    tenant, user_id = keys.parse_user_pk(pk)
    return tenant, user_id, position[0]
