"""Webhook endpoints, one partition per tenant of the single table."""

from __future__ import annotations

from typing import Any

from chalicelib.dynamodb import keys
from chalicelib.dynamodb.wire import Item, call, from_wire, pages, to_wire
from chalicelib.models import Webhook


class DynamoWebhookStore:
    """`WebhookStore` on the single table."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def put(self, hook: Webhook) -> None:
        item = {"PK": keys.webhooks_pk(hook.tenant), "SK": keys.webhook_sk(hook.name), "entity_type": "webhook",
                "name": hook.name, "url": hook.url, "events": list(hook.events), "nonce": hook.nonce,
                "created_at": hook.created_at}
        call(self._client, "put_item", TableName=self._table, Item=to_wire(item))

    def get(self, tenant: str, name: str) -> Webhook | None:
        found = call(self._client, "get_item", TableName=self._table, Key=_key(tenant, name), ConsistentRead=True)
        return _hook(tenant, from_wire(found["Item"])) if "Item" in found else None

    def delete(self, tenant: str, name: str) -> bool:
        found = call(self._client, "delete_item", TableName=self._table, Key=_key(tenant, name),
                     ReturnValues="ALL_OLD")
        return "Attributes" in found

    def all(self, tenant: str) -> list[Webhook]:
        items = pages(self._client, TableName=self._table, KeyConditionExpression="PK = :pk",
                      ExpressionAttributeValues=to_wire({":pk": keys.webhooks_pk(tenant)}))
        return [_hook(tenant, i) for i in items]


def _key(tenant: str, name: str) -> dict[str, Any]:
    return to_wire({"PK": keys.webhooks_pk(tenant), "SK": keys.webhook_sk(name)})


def _hook(tenant: str, item: Item) -> Webhook:
    return Webhook(tenant=tenant, name=str(item["name"]), url=str(item["url"]), events=tuple(item.get("events", ())),
                   nonce=str(item["nonce"]), created_at=str(item.get("created_at", "")))
