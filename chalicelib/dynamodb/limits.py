"""Limit counters and a tenant's own limits: minute windows added in the turn's write, read in one request."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.dynamodb import keys
from chalicelib.dynamodb.wire import Item, call, from_wire, plain, to_wire, translate
from chalicelib.models import TurnRecord
from chalicelib.usecases.limits import NAMES, TenantCounts

log = logging.getLogger(__name__)

# A tenant's minute counters are kept a little past their minute (reads only ever ask for the current one).
WINDOW_TTL_S = 600
_TOKENS = ("prompt_tokens", "completion_tokens")
_MINUTE = "m"  # the user's window holds one counter per minute, named m<YYYY-MM-DDTHH:MM>


def window_adds(table: str, record: TurnRecord, epoch_s: int) -> list[dict[str, Any]]:
    """Transaction actions counting the turn in its user's window and in one shard of its tenant's minute."""
    minute = record.user_message.created_at[:16]
    shard = keys.usage_shard_of(record.assistant_message.message_id)
    values = to_wire({":one": 1, ":entity": "limit_window", ":ttl": epoch_s + WINDOW_TTL_S})
    tenant = {"TableName": table, "Key": to_wire({"PK": keys.usage_pk(record.tenant),
                                                  "SK": keys.tenant_minute_sk(minute, shard)}),
              "UpdateExpression": "SET entity_type = :entity, #ttl = :ttl ADD turns :one",
              "ExpressionAttributeNames": {"#ttl": "ttl"}, "ExpressionAttributeValues": values}
    return [{"Update": _user_window(table, record, minute)}, {"Update": tenant}]


def slot_release(table: str, tenant: str, minute: str) -> dict[str, Any]:
    """The transaction action that gives back a turn's slot among its tenant's turns in flight."""
    key = to_wire({"PK": keys.usage_pk(tenant), "SK": keys.in_flight_sk(minute)})
    return {"Update": {"TableName": table, "Key": key, "UpdateExpression": "ADD turns :less",
                       "ExpressionAttributeValues": to_wire({":less": -1})}}


def minute_before(minute: str) -> str:
    """The UTC minute before ``minute`` (both ``YYYY-MM-DDTHH:MM``)."""
    return (datetime.fromisoformat(minute) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")


def _user_window(table: str, record: TurnRecord, minute: str) -> dict[str, Any]:
    """Adds to the user's count of this minute and drops the earlier minutes the turn read, so the item
    stays one or two counters long; no condition, so concurrent turns all count."""
    names = {"#now": _MINUTE + minute} | {f"#old{n}": _MINUTE + m for n, m in enumerate(record.stale_minutes)}
    drop = " REMOVE " + ", ".join(n for n in names if n != "#now") if record.stale_minutes else ""
    return {"TableName": table,
            "Key": to_wire({"PK": keys.user_pk(record.tenant, record.user_id), "SK": keys.LIMIT_WINDOW_SK}),
            "UpdateExpression": "SET entity_type = :entity ADD #now :one" + drop,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": to_wire({":one": 1, ":entity": "limit_window"})}


def window_counts(item: Item) -> dict[str, int]:
    """The user's turns by UTC minute, as their limit window item holds them."""
    return {name[len(_MINUTE):]: int(plain(value)) for name, value in item.items() if name.startswith(_MINUTE)}


class DynamoLimitStore:
    """Reads a tenant's minute turns, day tokens and own limits with one BatchGetItem; sets the limits."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def tenant_counts(self, tenant: str, day: str, minute: str) -> TenantCounts:
        pk = keys.usage_pk(tenant)
        sks = [keys.usage_shard_sk(day, s) for s in range(keys.USAGE_SHARDS)]
        sks += [keys.tenant_minute_sk(minute, s) for s in range(keys.USAGE_SHARDS)] + [keys.TENANT_LIMITS_SK]
        before, now = keys.in_flight_sk(minute_before(minute)), keys.in_flight_sk(minute)
        items = self._batch_get([{"PK": pk, "SK": sk} for sk in [*sks, before, now]])
        in_flight = {sk: sum(max(0, int(plain(i.get("turns", 0)))) for i in items if i["SK"] == sk)
                     for sk in (before, now)}
        turns = sum(int(plain(i.get("turns", 0))) for i in items if i["SK"].startswith(keys.TENANT_MINUTE_PREFIX))
        tokens = sum(int(plain(i.get(n, 0))) for i in items if i["SK"].startswith("D#") for n in _TOKENS)
        limits = next((i for i in items if i["SK"] == keys.TENANT_LIMITS_SK), {})
        overrides = {n: int(plain(limits[n])) for n in NAMES if n in limits}
        return TenantCounts(turns_this_minute=turns, tokens_today=tokens, overrides=overrides,
                            in_flight_before=in_flight[before], in_flight_now=in_flight[now])

    def take_slot(self, tenant: str, minute: str, room: int) -> bool:
        expires = int(datetime.fromisoformat(minute).replace(tzinfo=UTC).timestamp()) + WINDOW_TTL_S
        try:
            self._client.update_item(
                TableName=self._table, Key=to_wire({"PK": keys.usage_pk(tenant), "SK": keys.in_flight_sk(minute)}),
                UpdateExpression="SET entity_type = :entity, #ttl = :ttl ADD turns :one",
                ConditionExpression="attribute_not_exists(turns) OR turns < :room",
                ExpressionAttributeNames={"#ttl": "ttl"},
                ExpressionAttributeValues=to_wire({":one": 1, ":room": room, ":entity": "in_flight", ":ttl": expires}))
        except (ClientError, BotoCoreError) as exc:
            code = exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""
            if code == "ConditionalCheckFailedException":
                return False
            raise translate(exc) from exc
        return True

    def give_back(self, tenant: str, minute: str) -> None:
        try:
            call(self._client, "update_item", **slot_release(self._table, tenant, minute)["Update"])
        except Exception:  # the slot is forgotten with its minute anyway: never turn a failure into another
            log.warning("a turn's slot among the tenant's turns in flight could not be given back", exc_info=True)

    def get_limits(self, tenant: str) -> dict[str, int]:
        found = call(self._client, "get_item", TableName=self._table,
                     Key=to_wire({"PK": keys.usage_pk(tenant), "SK": keys.TENANT_LIMITS_SK}), ConsistentRead=True)
        item = from_wire(found["Item"]) if "Item" in found else {}
        return {n: int(plain(item[n])) for n in NAMES if n in item}

    def set_limits(self, tenant: str, limits: dict[str, int]) -> None:
        """Store the tenant's own values of ``limits`` (names of `NAMES`); others keep their defaults."""
        names = {f"#{n}": n for n in limits}
        values = to_wire({f":{n}": v for n, v in limits.items()} | {":entity": "tenant_limits"})
        sets = ", ".join(["entity_type = :entity", *(f"#{n} = :{n}" for n in limits)])
        call(self._client, "update_item", TableName=self._table,
             Key=to_wire({"PK": keys.usage_pk(tenant), "SK": keys.TENANT_LIMITS_SK}), UpdateExpression="SET " + sets,
             ExpressionAttributeNames=names or None, ExpressionAttributeValues=values)

    def _batch_get(self, wanted: list[dict[str, str]]) -> list[Item]:
        request: dict[str, Any] = {self._table: {"Keys": [to_wire(k) for k in wanted]}}
        found: list[Item] = []
        for _ in range(3):  # keys DynamoDB left unprocessed under load are asked again, a bounded number of times
            answer = call(self._client, "batch_get_item", RequestItems=request)
            found += [from_wire(i) for i in answer.get("Responses", {}).get(self._table, [])]
            request = answer.get("UnprocessedKeys") or {}
            if not request:
                break
        return found
