"""Recall index shards as items: a packed, deflated blob per shard, read newest first by a turn."""

from __future__ import annotations

from typing import Any

from chalicelib.dynamodb import keys
from chalicelib.dynamodb.wire import Item, from_wire, to_wire
from chalicelib.models import RecallShard

# Shards a turn reads (the newest): with `chalicelib.engine.recall.index.SHARD_ENTRIES` entries each,
# the last 768 messages. A search reads them all.
HEAD_SHARDS = 12


def shard_item(pk: str, shard: RecallShard) -> Item:
    """A shard's item; its version is the one this write expects to replace, plus one."""
    return {"PK": pk, "SK": keys.recall_sk(shard.key), "entity_type": "recall", "entries": shard.blob,
            "version": shard.version + 1, "ttl": shard.ttl}


def shard_from(item: Item) -> RecallShard:
    blob = item["entries"]  # boto3 hands binary attributes over wrapped in its `Binary`
    raw = bytes(blob.value if hasattr(blob, "value") else blob)
    return RecallShard(keys.recall_key_of(item["SK"]), raw, int(item.get("version", 0)), int(item.get("ttl", 0)))


def head_query(table: str, pk: str, shards: int = HEAD_SHARDS) -> dict[str, Any]:
    """The Query that reads a user's newest ``shards`` shards (newest first)."""
    return {
        "TableName": table,
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :p)",
        "ExpressionAttributeValues": to_wire({":pk": pk, ":p": keys.RECALL_PREFIX}),
        "ScanIndexForward": False,
        "Limit": shards,
    }


def live_shards(raw: list[dict[str, Any]], now: float) -> tuple[RecallShard, ...]:
    """Shards from a Query's raw items, oldest first, without those whose ``ttl`` has passed."""
    shards = [shard_from(from_wire(i)) for i in raw]
    return tuple(sorted((s for s in shards if s.ttl > now), key=lambda s: s.key))


def shard_puts(table: str, pk: str, shards: tuple[RecallShard, ...]) -> list[dict[str, Any]]:
    """A transaction's writes of ``shards``; a first shard also leaves the marker turns look for."""
    puts = [{"Put": shard_put(table, pk, shard)} for shard in shards]
    if any(shard.version == 0 for shard in shards):
        marker = {"PK": pk, "SK": keys.RECALL_MARKER_SK, "entity_type": "recall_marker"}
        puts.append({"Put": {"TableName": table, "Item": to_wire(marker)}})
    return puts


def shard_put(table: str, pk: str, shard: RecallShard) -> dict[str, Any]:
    """A transaction Put of a shard that fails if another writer changed (or created) it first."""
    put: dict[str, Any] = {"TableName": table, "Item": to_wire(shard_item(pk, shard))}
    if shard.version == 0:
        put["ConditionExpression"] = "attribute_not_exists(SK)"
    else:
        put["ConditionExpression"] = "version = :v"
        put["ExpressionAttributeValues"] = to_wire({":v": shard.version})
    return put
