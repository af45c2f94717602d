"""Tenants' own personalities, one item each in the tenant's partition."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.clock import Clock
from chalicelib.dynamodb import keys
from chalicelib.dynamodb.items import (
    personality_from,
)
from chalicelib.dynamodb.wire import call, from_wire, pages, to_wire
from chalicelib.engine.personality.domain import Personality
from chalicelib.models import (
    iso,
)


class DynamoPersonalityStore:
    """`PersonalityStore`: a tenant's own personalities, one item each in the tenant's partition."""

    def __init__(self, client: Any, table_name: str, *, clock: Clock) -> None:
        self._client = client
        self._table = table_name
        self._clock = clock

    def get(self, tenant: str, name: str) -> Personality | None:
        key = {"PK": keys.custom_personality_pk(tenant), "SK": keys.custom_personality_sk(name)}
        found = call(self._client, "get_item", TableName=self._table, Key=to_wire(key))
        return personality_from(from_wire(found["Item"])) if "Item" in found else None

    def all(self, tenant: str) -> list[Personality]:
        kwargs: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :p)",
            "ExpressionAttributeValues": to_wire(
                {":pk": keys.custom_personality_pk(tenant), ":p": keys.CUSTOM_PERSONALITY_PREFIX}
            ),
        }
        return [personality_from(item) for item in pages(self._client, **kwargs)]

    def put(self, tenant: str, personality: Personality) -> None:
        item = {
            "PK": keys.custom_personality_pk(tenant),
            "SK": keys.custom_personality_sk(personality.name),
            "entity_type": "personality",
            "name": personality.name,
            "definition": json.dumps(personality.definition.as_json(), ensure_ascii=False),
            "updated_at": iso(self._clock.now()),
        }
        call(self._client, "put_item", TableName=self._table, Item=to_wire(item))

    def delete(self, tenant: str, name: str) -> bool:
        key = {"PK": keys.custom_personality_pk(tenant), "SK": keys.custom_personality_sk(name)}
        gone = call(self._client, "delete_item", TableName=self._table, Key=to_wire(key), ReturnValues="ALL_OLD")
        return "Attributes" in gone
