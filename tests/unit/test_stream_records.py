"""Which sessions a batch of the table's stream names: inserted messages only, each session once."""

from __future__ import annotations

from typing import Any

from chalicelib.dynamodb import keys
from chalicelib.dynamodb.stream import inserted_sessions


def _record(event: str, pk: str, sk: str, entity: str | None = "message") -> dict[str, Any]:
    change: dict[str, Any] = {"Keys": {"PK": {"S": pk}, "SK": {"S": sk}}, "StreamViewType": "NEW_IMAGE"}
    if entity is not None:
        change["NewImage"] = {**change["Keys"], "entity_type": {"S": entity}}
    return {"eventName": event, "dynamodb": change}


ANA = keys.user_pk("acme", "ana")
BOB = keys.user_pk("acme", "bob")


def test_sessions_come_once_each_in_the_order_of_their_first_message() -> None:
    records = [
        _record("INSERT", BOB, keys.message_sk("s9", 0)),
        _record("INSERT", ANA, keys.message_sk("s1", 0)),
        _record("INSERT", BOB, keys.message_sk("s9", 1)),
        _record("INSERT", ANA, keys.message_sk("s1", 1)),
        _record("INSERT", ANA, keys.message_sk("s2", 0)),
        _record("INSERT", keys.user_pk("other", "ana"), keys.message_sk("s1", 0)),
    ]
    assert inserted_sessions(records) == [
        ("acme", "bob", "s9"), ("acme", "ana", "s1"), ("acme", "ana", "s2"), ("other", "ana", "s1")]


def test_updates_deletions_and_other_items_name_no_session() -> None:
    records = [
        _record("MODIFY", ANA, keys.message_sk("s1", 0)),
        _record("REMOVE", ANA, keys.message_sk("s1", 1), entity=None),
        _record("INSERT", ANA, keys.session_sk("s1"), entity="session"),
        _record("INSERT", ANA, keys.relationship_sk("Assistant"), entity="relationship"),
        _record("INSERT", ANA, keys.message_sk("s1", 2), entity="session"),  # the image says what the item is
        _record("INSERT", keys.API_KEYS_PK, keys.api_key_sk("ab12"), entity="api_key"),
        {"eventName": "INSERT", "dynamodb": {}},
    ]
    assert inserted_sessions(records) == []


def test_a_record_without_its_image_is_judged_by_its_key() -> None:
    assert inserted_sessions([_record("INSERT", ANA, keys.message_sk("s1", 0), entity=None)]) == [("acme", "ana", "s1")]
