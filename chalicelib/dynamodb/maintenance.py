"""The DynamoDB side of the nightly job: day buckets on GSI3, batched deletes, summaries."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from chalicelib.dynamodb import keys, lifecycle
from chalicelib.dynamodb.items import message_from
from chalicelib.dynamodb.wire import call, from_wire, pages, to_wire
from chalicelib.errors import ConflictError, StorageThrottledError
from chalicelib.usecases.maintenance import MaintenanceState, ParkedSession, SessionRef, SummaryWork

BATCH = 25
MAX_SUMMARY_MESSAGES = 200
_BATCH_ATTEMPTS = 8
# A parked analysis goes back to the pending queue (at the head: it has waited longest).
_UNPARK = (
    "SET GSI2PK = if_not_exists(GSI2PK, :shard), GSI2SK = if_not_exists(GSI2SK, :head)"
    " REMOVE summary_attempts, summary_error, summary_parked_at,"
    " analysis_attempts, analysis_error, analysis_parked_at, GSI1PK, GSI1SK"
)
# Still expired and not revived since it was read (a session item from before `expires_at` has `ttl`).
_STILL_EXPIRED_SESSION = (
    "message_count = :count AND (expires_at <= :now OR (attribute_not_exists(expires_at) AND #ttl <= :now))"
)


class DynamoMaintenanceStore:
    """`MaintenanceStore` on the single table."""

    def __init__(self, client: Any, table_name: str, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self._client = client
        self._table = table_name
        self._sleep = sleep

    def load_state(self) -> MaintenanceState:
        found = self._call("get_item", TableName=self._table, Key=self._state_key())
        item = from_wire(found.get("Item", {}))
        return MaintenanceState(item.get("expired_through", ""), item.get("summarized_through", ""))

    def save_state(self, state: MaintenanceState) -> None:
        item = {
            "PK": keys.MAINTENANCE_PK,
            "SK": keys.MAINTENANCE_STATE_SK,
            "entity_type": "maintenance_state",
            "expired_through": state.expired_through,
            "summarized_through": state.summarized_through,
        }
        self._call("put_item", TableName=self._table, Item=to_wire(item))

    def sessions_last_active_on(self, day: str) -> Iterator[SessionRef]:
        for shard in range(keys.ACTIVITY_SHARDS):
            for item in self._pages(
                IndexName="GSI3",
                KeyConditionExpression="GSI3PK = :bucket",
                ExpressionAttributeValues=to_wire({":bucket": keys.activity_bucket(day, shard)}),
            ):
                tenant, user_id = keys.parse_user_pk(item["PK"])
                yield SessionRef(tenant, user_id, keys.session_id_of(item["SK"]))

    def delete_expired_session(self, ref: SessionRef, now: int, revisit_day: Callable[[int], str]) -> int:
        items = list(self._user_items(ref.tenant, ref.user_id, keys.session_prefix(ref.session_id)))
        # The session item sorts after its messages, so it is read last: a turn that revived the session
        # before it was read shows here as a live session, and one after it only adds messages numbered
        # from the count read here (a new life never reuses an old number).
        meta = items[-1] if items and items[-1]["SK"] == keys.session_sk(ref.session_id) else None
        if meta is None:
            return 0
        if lifecycle.session_live(meta, now):
            self._revisit_later(ref, meta, revisit_day)
            return 0
        count = int(meta.get("message_count", 0))
        dead = [i for i in items[:-1] if _numbered_below(i, count)]
        deleted = self._delete(dead)
        return deleted + int(self._delete_if(meta, _STILL_EXPIRED_SESSION, {":now": now, ":count": count}))

    def _revisit_later(self, ref: SessionRef, meta: dict[str, Any], revisit_day: Callable[[int], str]) -> None:
        """Move a live session whose bucket the sweep has reached to the bucket it visits after the session
        expires: its expiry was set under a longer TTL than the sweep's."""
        expires, bucket = lifecycle.expiry(meta), meta.get("GSI3PK")
        if expires is None or bucket is None or keys.activity_day(bucket) >= revisit_day(expires):
            return
        moved = keys.activity_gsi3(ref.tenant, ref.user_id, ref.session_id, revisit_day(expires))
        with contextlib.suppress(ConflictError):  # a turn moved it to today's bucket meanwhile
            call(
                self._client, "update_item", TableName=self._table, Key=to_wire({"PK": meta["PK"], "SK": meta["SK"]}),
                UpdateExpression="SET GSI3PK = :moved, GSI3SK = :owner",
                ConditionExpression="message_count = :count AND GSI3PK = :bucket",
                ExpressionAttributeValues=to_wire({":moved": moved["GSI3PK"], ":owner": moved["GSI3SK"],
                                                   ":count": meta.get("message_count", 0), ":bucket": bucket}),
            )

    def delete_expired_user_items(self, tenant: str, user_id: str, now: int) -> int:
        expired = [
            item
            for prefix in (keys.MOOD_PREFIX, keys.IDEMPOTENCY_PREFIX)
            for item in self._user_items(tenant, user_id, prefix)
            if int(item.get("ttl", now + 1)) <= now
        ]
        # One at a time and conditional: an idempotency key reused since it expired holds a new record.
        return sum(self._delete_if(item, "#ttl <= :now", {":now": now}) for item in expired)

    def summary_work(self, ref: SessionRef) -> SummaryWork | None:
        pk = keys.user_pk(ref.tenant, ref.user_id)
        key = to_wire({"PK": pk, "SK": keys.session_sk(ref.session_id)})
        found = self._call("get_item", TableName=self._table, Key=key)
        if "Item" not in found:
            return None
        meta = from_wire(found["Item"])
        through, count = int(meta.get("summary_through", 0)), int(meta.get("message_count", 0))
        first = max(through, count - MAX_SUMMARY_MESSAGES)
        messages = (
            tuple(
                message_from(item, meta)
                for item in self._pages(
                    KeyConditionExpression="PK = :pk AND SK BETWEEN :lo AND :hi",
                    ExpressionAttributeValues=to_wire(
                        {
                            ":pk": pk,
                            ":lo": keys.message_sk(ref.session_id, first),
                            ":hi": keys.message_sk(ref.session_id, max(first, count - 1)),
                        }
                    ),
                )
            )
            if count > through
            else ()
        )
        return SummaryWork(
            summary=meta.get("summary", ""), summary_through=through, message_count=count, messages=messages,
            attempts=int(meta.get("summary_attempts", 0)), parked="summary_parked_at" in meta,
        )

    def save_summary(self, ref: SessionRef, summary: str, through: int, expected_through: int) -> bool:
        key = {"PK": keys.user_pk(ref.tenant, ref.user_id), "SK": keys.session_sk(ref.session_id)}
        try:
            call(
                self._client, "update_item",
                TableName=self._table,
                Key=to_wire(key),
                UpdateExpression=(
                    "SET summary = :summary, summary_through = :through REMOVE summary_attempts, summary_error"
                ),
                ConditionExpression=(
                    "attribute_exists(PK) AND (attribute_not_exists(summary_through) OR summary_through = :expected)"
                ),
                ExpressionAttributeValues=to_wire(
                    {":summary": summary, ":through": through, ":expected": expected_through}
                ),
            )
        except ConflictError:  # a summary written meanwhile, or the session deleted
            return False
        return True

    def record_summary_failure(self, ref: SessionRef, attempts: int, error: str, parked_at: str | None) -> None:
        values: dict[str, Any] = {":n": attempts, ":error": error}
        expression = "SET summary_attempts = :n, summary_error = :error"
        if parked_at is not None:
            expression += ", summary_parked_at = :at, GSI1PK = :g1pk, GSI1SK = :g1sk"
            gsi = keys.parked_gsi1(ref.tenant, ref.user_id, ref.session_id)
            values.update({":at": parked_at, ":g1pk": gsi["GSI1PK"], ":g1sk": gsi["GSI1SK"]})
        self._update_session(ref, expression, values)

    def parked_sessions(self) -> list[ParkedSession]:
        found = []
        for entry in self._pages(
            IndexName="GSI1",
            KeyConditionExpression="GSI1PK = :parked",
            ExpressionAttributeValues=to_wire({":parked": keys.PARKED_PK}),
        ):
            item = self._call("get_item", TableName=self._table, Key=to_wire({"PK": entry["PK"], "SK": entry["SK"]}))
            meta = from_wire(item.get("Item", {}))
            tenant, user_id = keys.parse_user_pk(entry["PK"])
            found.append(ParkedSession(
                ref=SessionRef(tenant, user_id, keys.session_id_of(entry["SK"])),
                summary_parked_at=meta.get("summary_parked_at", ""),
                summary_error=meta.get("summary_error", ""),
                analysis_parked_at=meta.get("analysis_parked_at", ""),
                analysis_error=meta.get("analysis_error", ""),
            ))
        return found

    def unpark(self, ref: SessionRef) -> None:
        shard = keys.pending_analysis_gsi2(ref.tenant, ref.user_id, "")["GSI2PK"]
        self._update_session(ref, _UNPARK, {":shard": shard, ":head": "0"})

    # -- plumbing ------------------------------------------------------------------------------

    def _update_session(self, ref: SessionRef, expression: str, values: dict[str, Any]) -> None:
        key = {"PK": keys.user_pk(ref.tenant, ref.user_id), "SK": keys.session_sk(ref.session_id)}
        with contextlib.suppress(ConflictError):  # a session deleted meanwhile has nothing left to note
            call(
                self._client, "update_item", TableName=self._table, Key=to_wire(key), UpdateExpression=expression,
                ConditionExpression="attribute_exists(PK)", ExpressionAttributeValues=to_wire(values),
            )

    def _state_key(self) -> dict[str, Any]:
        return to_wire({"PK": keys.MAINTENANCE_PK, "SK": keys.MAINTENANCE_STATE_SK})

    def _user_items(self, tenant: str, user_id: str, prefix: str) -> Iterator[dict[str, Any]]:
        return self._pages(
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues=to_wire({":pk": keys.user_pk(tenant, user_id), ":prefix": prefix}),
            ProjectionExpression="PK, SK, #ttl, expires_at, message_count, GSI3PK",
            ExpressionAttributeNames={"#ttl": "ttl"},
            ConsistentRead=True,
        )

    def _pages(self, **query: Any) -> Iterator[dict[str, Any]]:
        query["TableName"] = self._table
        yield from pages(self._client, **query)

    def _delete_if(self, item: dict[str, Any], condition: str, values: dict[str, Any]) -> bool:
        """Delete ``item`` if ``condition`` still holds; False when a write got there first."""
        try:
            call(
                self._client, "delete_item",
                TableName=self._table,
                Key=to_wire({"PK": item["PK"], "SK": item["SK"]}),
                ConditionExpression=condition,
                ExpressionAttributeNames={"#ttl": "ttl"},
                ExpressionAttributeValues=to_wire(values),
            )
        except ConflictError:
            return False
        return True

    def _delete(self, items: list[dict[str, Any]]) -> int:
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            requests = [{"DeleteRequest": {"Key": to_wire({"PK": i["PK"], "SK": i["SK"]})}} for i in batch]
            self._write_batch(requests)
        return len(items)

    def _write_batch(self, requests: list[dict[str, Any]]) -> None:
        pending = {self._table: requests}
        for attempt in range(_BATCH_ATTEMPTS):
            result = self._call("batch_write_item", RequestItems=pending)
            pending = result.get("UnprocessedItems") or {}
            if not pending:
                return
            self._sleep(min(2.0, 0.05 * 2**attempt))
        raise StorageThrottledError("DynamoDB kept returning unprocessed deletes; the next run retries")

    def _call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        return call(self._client, operation, **kwargs)


def _numbered_below(item: dict[str, Any], count: int) -> bool:
    """A message numbered below ``count``, or anything else under a session's prefix."""
    position = keys.message_position(item["SK"])
    return position is None or position[1] < count
