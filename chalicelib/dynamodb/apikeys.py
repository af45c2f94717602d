"""API keys, stored as SHA-256 hashes in one partition of the table."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.dynamodb import keys
from chalicelib.dynamodb.wire import Item, call, from_wire, pages, to_wire, translate
from chalicelib.errors import ConflictError
from chalicelib.models import ApiKey


class DynamoApiKeyStore:
    """`ApiKeyStore` on the single table."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def get_key(self, key_hash: str) -> ApiKey | None:
        found = call(self._client, "get_item", TableName=self._table, Key=_key(key_hash), ConsistentRead=True)
        return _api_key(from_wire(found["Item"])) if "Item" in found else None

    def put_key(self, key: ApiKey) -> None:
        item = {
            "PK": keys.API_KEYS_PK,
            "SK": keys.api_key_sk(key.key_hash),
            "entity_type": "api_key",
            "key_hash": key.key_hash,
            "tenant": key.tenant,
            "name": key.name,
            "created_at": key.created_at,
        }
        try:
            self._client.put_item(
                TableName=self._table, Item=to_wire(item), ConditionExpression="attribute_not_exists(SK)"
            )
        except (ClientError, BotoCoreError) as exc:
            error = translate(exc)
            if isinstance(error, ConflictError):
                raise ConflictError("an API key with this hash already exists") from exc
            raise error from exc

    def list_keys(self) -> list[ApiKey]:
        kwargs: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": to_wire({":pk": keys.API_KEYS_PK}),
        }
        return sorted((_api_key(i) for i in pages(self._client, **kwargs)), key=lambda k: (k.tenant, k.created_at))

    def revoke_key(self, key_hash: str, at: str) -> bool:
        try:
            self._client.update_item(
                TableName=self._table,
                Key=_key(key_hash),
                UpdateExpression="SET revoked_at = if_not_exists(revoked_at, :at)",
                ConditionExpression="attribute_exists(SK)",
                ExpressionAttributeValues=to_wire({":at": at}),
            )
        except (ClientError, BotoCoreError) as exc:
            error = translate(exc)
            if isinstance(error, ConflictError):
                return False
            raise error from exc
        return True


def _key(key_hash: str) -> dict[str, Any]:
    return to_wire({"PK": keys.API_KEYS_PK, "SK": keys.api_key_sk(key_hash)})


def _api_key(item: Item) -> ApiKey:
    return ApiKey(
        key_hash=str(item["key_hash"]),
        tenant=str(item["tenant"]),
        name=str(item.get("name", "")),
        created_at=str(item.get("created_at", "")),
        revoked_at=str(item["revoked_at"]) if item.get("revoked_at") else None,
    )
