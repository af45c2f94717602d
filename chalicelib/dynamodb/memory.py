"""The memory store: deep analysis bookkeeping, facts, episodes, export and erase."""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.clock import Clock
from chalicelib.dynamodb import keys, lifecycle, recall_items, usage
from chalicelib.dynamodb.conversation import failed_at
from chalicelib.dynamodb.items import (
    episode_from,
    episode_item,
    fact_from,
    fact_item,
    followup_from,
    followup_item,
    from_item,
    hot_episodes_item,
    message_from,
    session_from,
)
from chalicelib.dynamodb.recall import DynamoRecallStore
from chalicelib.dynamodb.wire import Item, from_wire, millis, pages, to_wire, translate
from chalicelib.errors import ConflictError, StorageError, StorageThrottledError, UserErasedError
from chalicelib.models import (
    Episode,
    Fact,
    FollowUp,
    MemoryUpdate,
    Message,
    MoodEntry,
    PendingAnalysis,
    RecallShard,
    Relationship,
    Session,
    UserData,
    UserProfile,
    iso,
)

_BATCH = 25  # BatchWriteItem's limit
# Items read per Query of an export page: a page stops by size, so most of a read is used.
_EXPORT_QUERY_ITEMS = 200
_UNPROCESSED_ATTEMPTS = 8
_ERASE_PASSES = 5


class DynamoMemoryStore(DynamoRecallStore):
    """`ConversationStore`, `MemoryStore` and `RecallStore` on the one table."""

    def __init__(
        self,
        client: Any,
        table_name: str,
        *,
        clock: Clock,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(client, table_name, clock=clock)
        self._sleep = sleep

    # -- deep analysis -------------------------------------------------------------------------

    def load_pending(self, tenant: str, user_id: str, session_id: str, batch: int) -> PendingAnalysis | None:
        pk = keys.user_pk(tenant, user_id)
        items = self._session_tail(pk, session_id, batch)
        if not items or items[0]["entity_type"] != "session":
            return None
        meta, session = items[0], session_from(items[0])
        unread = (i for i in items[1:] if lifecycle.seq_of(i) >= session.analyzed_through)
        messages = sorted(unread, key=lifecycle.seq_of)
        if session.message_count - session.analyzed_through > len(messages):
            messages = self._backlog(pk, session, batch)
        # Facts, follow-ups and the profile (its time zone dates what the user says) in one Query.
        knowledge = list(self._query(pk, "begins_with(SK, :p)", {":p": keys.KNOWLEDGE_PREFIX}))
        episodes = self._query(pk, "begins_with(SK, :p)", {":p": keys.episode_prefix(session.personality)})
        facts = [i for i in knowledge if i["SK"].startswith(keys.FACT_PREFIX)]
        followups = [i for i in knowledge if i["SK"].startswith(keys.FOLLOWUP_PREFIX)]
        profile = next((i for i in knowledge if i["SK"] == keys.PROFILE_SK), None)
        return PendingAnalysis(
            tenant=tenant,
            user_id=user_id,
            session=session,
            messages=tuple(message_from(i, meta) for i in lifecycle.live_messages(meta, messages, self._epoch())),
            facts=tuple(fact_from(i) for i in facts),
            episodes=tuple(episode_from(i) for i in episodes),
            followups=tuple(followup_from(i) for i in followups if self._live(i)),
            timezone=str(profile.get("timezone", "")) if profile else "",
        )

    def _backlog(self, pk: str, session: Session, batch: int) -> list[Item]:
        """More is pending than the latest page holds: read forward from the mark instead."""
        low = keys.message_sk(session.session_id, session.analyzed_through)
        high = keys.message_sk(session.session_id, session.analyzed_through + batch - 1)
        return list(self._query(pk, "SK BETWEEN :lo AND :hi", {":lo": low, ":hi": high}))

    def save_memory(self, update: MemoryUpdate) -> None:
        try:
            self._save(update, leave_index=update.caught_up)
        except ConflictError:
            if not update.caught_up:
                raise
            # A turn may have arrived since the read: advance the mark but stay in the pending index.
            self._save(update, leave_index=False)

    def _save(self, update: MemoryUpdate, *, leave_index: bool) -> None:
        pk = keys.user_pk(update.tenant, update.user_id)
        actions: list[dict[str, Any]] = [{"Put": self._fact_put(pk, f)} for f in update.facts]
        actions += [
            {"Delete": self._versioned_delete(pk, keys.fact_sk(f.category, f.key), f.version)}
            for f in update.dropped_facts
        ]
        actions += [{"Put": self._new_put(episode_item(pk, e))} for e in update.episodes]
        actions += [
            {"Delete": {"TableName": self._table, "Key": to_wire({"PK": pk, "SK": _episode_sk(e)})}}
            for e in update.dropped_episodes
        ]
        actions += recall_items.shard_puts(self._table, pk, update.recall)
        actions += [{"Put": {"TableName": self._table, "Item": to_wire(followup_item(pk, f))}}
                    for f in update.followups]
        if update.hot_episodes is not None:
            hot = hot_episodes_item(pk, update.personality, update.hot_episodes)
            actions.append({"Put": {"TableName": self._table, "Item": to_wire(hot)}})
        actions.append({"Update": self._mark(pk, update, leave_index)})
        actions += self._analysis_usage(update)  # with the analysis's write: a retried analysis counts once
        actions.insert(0, {"ConditionCheck": self.not_erased_since(pk, update.started_at)})
        try:
            self._client.transact_write_items(TransactItems=actions)
        except (ClientError, BotoCoreError) as exc:
            if failed_at(exc, 0):
                raise UserErasedError("the user was erased during the analysis; nothing of it was kept") from exc
            raise translate(exc) from exc

    def _analysis_usage(self, update: MemoryUpdate) -> list[dict[str, Any]]:
        if update.usage is None:
            return []
        at = millis(update.started_at, self._epoch()) // 1000
        return usage.counter_updates(
            self._table, update.tenant, update.user_id, f"{update.session_id}#{update.analyzed_from}",
            update.started_at[:10], usage.tally_of(update.usage, analyses=1), usage.retained_from(at))

    def _fact_put(self, pk: str, fact: Fact) -> dict[str, Any]:
        if fact.version == 0:
            return self._new_put(fact_item(pk, fact))
        return {
            "TableName": self._table,
            "Item": to_wire(fact_item(pk, fact)),
            "ConditionExpression": "version = :v",
            "ExpressionAttributeValues": to_wire({":v": fact.version}),
        }

    def _new_put(self, item: Item) -> dict[str, Any]:
        return {"TableName": self._table, "Item": to_wire(item), "ConditionExpression": "attribute_not_exists(SK)"}

    def _versioned_delete(self, pk: str, sk: str, version: int) -> dict[str, Any]:
        return {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": sk}),
            "ConditionExpression": "version = :v",
            "ExpressionAttributeValues": to_wire({":v": version}),
        }

    def _mark(self, pk: str, update: MemoryUpdate, leave_index: bool) -> dict[str, Any]:
        condition = "attribute_exists(SK) AND (analyzed_through = :from"
        condition += " OR attribute_not_exists(analyzed_through))" if update.analyzed_from == 0 else ")"
        expression = "SET analyzed_through = :through REMOVE analysis_attempts, analysis_error"
        if leave_index:
            condition += " AND message_count = :through"
            expression += ", GSI2PK, GSI2SK"
        return {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": keys.session_sk(update.session_id)}),
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ExpressionAttributeValues": to_wire({":from": update.analyzed_from, ":through": update.through}),
        }

    def pending_analyses(self, limit: int) -> list[tuple[str, str, str]]:
        found: list[tuple[str, str, str]] = []
        for partition in keys.pending_analysis_partitions():
            page = self._call(
                "query",
                TableName=self._table,
                IndexName="GSI2",
                KeyConditionExpression="GSI2PK = :p",
                ExpressionAttributeValues=to_wire({":p": partition}),
                Limit=limit,
            )
            found.extend((i["GSI2SK"], i["PK"], i["SK"]) for i in map(from_wire, page.get("Items", [])))
        return [(*keys.parse_user_pk(pk), keys.session_id_of(sk)) for _, pk, sk in sorted(found)[:limit]]

    def record_analysis_failure(
        self, tenant: str, user_id: str, session_id: str, error: str, now: str, park_after: int
    ) -> bool:
        key = to_wire({"PK": keys.user_pk(tenant, user_id), "SK": keys.session_sk(session_id)})
        try:
            counted = self._call(
                "update_item", TableName=self._table, Key=key,
                UpdateExpression="ADD analysis_attempts :one SET analysis_error = :error, GSI2SK = :now",
                ConditionExpression="attribute_exists(GSI2PK)",
                ExpressionAttributeValues=to_wire({":one": 1, ":error": error, ":now": now}),
                ReturnValues="UPDATED_NEW",
            )
        except ConflictError:
            return False  # deleted or caught up meanwhile: no failure left to count
        if int(from_wire(counted["Attributes"])["analysis_attempts"]) < park_after:
            return False
        parked = keys.parked_gsi1(tenant, user_id, session_id)
        try:
            self._call(
                "update_item", TableName=self._table, Key=key,
                UpdateExpression="SET analysis_parked_at = :now, GSI1PK = :g1pk, GSI1SK = :g1sk REMOVE GSI2PK, GSI2SK",
                ConditionExpression="attribute_exists(GSI2PK)",  # never a stub of a session deleted meanwhile
                ExpressionAttributeValues=to_wire({":now": now, ":g1pk": parked["GSI1PK"], ":g1sk": parked["GSI1SK"]}),
            )
        except ConflictError:
            return False  # deleted or caught up since it was counted
        return True

    # -- the memory routes -------------------------------------------------------------------

    def list_facts(self, tenant: str, user_id: str) -> list[Fact]:
        items = self._query(keys.user_pk(tenant, user_id), "begins_with(SK, :p)", {":p": keys.FACT_PREFIX})
        return [fact_from(i) for i in items]

    def delete_fact(self, tenant: str, user_id: str, category: str, key: str) -> bool:
        found = self._call(
            "delete_item",
            TableName=self._table,
            Key=to_wire({"PK": keys.user_pk(tenant, user_id), "SK": keys.fact_sk(category, key)}),
            ReturnValues="ALL_OLD",
        )
        return "Attributes" in found

    def list_episodes(self, tenant: str, user_id: str, personality: str | None) -> list[Episode]:
        prefix = keys.episode_prefix(personality) if personality else keys.EPISODE_PREFIX
        items = self._query(keys.user_pk(tenant, user_id), "begins_with(SK, :p)", {":p": prefix})
        episodes = [episode_from(i) for i in items if keys.is_episode_sk(i["SK"])]
        return sorted(episodes, key=lambda e: e.occurred_at)

    def list_followups(self, tenant: str, user_id: str) -> list[FollowUp]:
        items = self._query(keys.user_pk(tenant, user_id), "begins_with(SK, :p)", {":p": keys.FOLLOWUP_PREFIX})
        return sorted((followup_from(i) for i in items if self._live(i)), key=lambda f: (f.due, f.followup_id))

    def delete_followup(self, tenant: str, user_id: str, followup_id: str) -> bool:
        found = self._call(
            "delete_item",
            TableName=self._table,
            Key=to_wire({"PK": keys.user_pk(tenant, user_id), "SK": keys.followup_sk(followup_id)}),
            ReturnValues="ALL_OLD",
        )
        return "Attributes" in found

    def due_followups(self, due: str) -> list[tuple[str, str, FollowUp]]:
        """Open follow-ups due on local date ``due``, as (tenant, user, follow-up), from GSI3's day buckets."""
        found: list[tuple[str, str, FollowUp]] = []
        for bucket in keys.followup_due_buckets(due):
            for ref in pages(self._client, TableName=self._table, IndexName="GSI3",
                             KeyConditionExpression="GSI3PK = :b", ExpressionAttributeValues=to_wire({":b": bucket})):
                item = self._get(ref["PK"], ref["SK"])
                if item is not None and item.get("status") == "open" and self._live(item):
                    found.append((*keys.parse_user_pk(ref["PK"]), followup_from(item)))
        return found

    def export_user(self, tenant: str, user_id: str) -> UserData:
        items = list(self._partition(keys.user_pk(tenant, user_id)))
        sessions = _sessions(items)
        return _user_data([_model(i, sessions) for i in items if self._exportable(i, sessions)])

    def export_page(self, tenant: str, user_id: str, after: str | None, max_bytes: int) -> tuple[UserData, str | None]:
        pk = keys.user_pk(tenant, user_id)
        query: dict[str, Any] = {"TableName": self._table, "KeyConditionExpression": "PK = :pk",
                                 "ExpressionAttributeValues": to_wire({":pk": pk}), "Limit": _EXPORT_QUERY_ITEMS}
        if after is not None:
            query["ExclusiveStartKey"] = to_wire({"PK": pk, "SK": after})
        kept: list[Item] = []
        size, last = 0, None
        while True:
            page = self._call("query", **query)
            for raw in page.get("Items", []):
                item_size = len(json.dumps(raw, default=bytes.hex))  # the stored form, larger than the exported one
                if last is not None and size + item_size > max_bytes:
                    return self._page_data(pk, kept), last
                item = from_wire(raw)
                size, last = size + item_size, str(item["SK"])
                kept.append(item)
            if "LastEvaluatedKey" not in page:
                return self._page_data(pk, kept), None
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _page_data(self, pk: str, items: list[Item]) -> UserData:
        """What the routes consider live on an export page: a message lives by its session's current life,
        so a message whose session is on another page has it read (once per page)."""
        sessions = _sessions(items)
        for item in items:
            if item.get("entity_type") == "message" and keys.session_id_of(item["SK"]) not in sessions:
                session_id = keys.session_id_of(item["SK"])
                sessions[session_id] = self._get(pk, keys.session_sk(session_id))
        return _user_data([_model(i, sessions) for i in items if self._exportable(i, sessions)])

    def _exportable(self, item: Item, sessions: dict[str, Item | None]) -> bool:
        kind, now = item.get("entity_type"), self._epoch()
        if kind == "session":
            return lifecycle.session_live(item, now)
        if kind == "message":
            return lifecycle.message_live(sessions.get(keys.session_id_of(item["SK"])), item, now)
        return self._live(item)

    def erase_user(self, tenant: str, user_id: str) -> dict[str, int]:
        pk = keys.user_pk(tenant, user_id)
        now = self._clock.now()
        erased_at = iso(now)
        marker = {"PK": pk, "SK": keys.ERASED_SK, "entity_type": "erasure", "state": keys.ERASING,
                  "erased_at": erased_at, "ttl": int(now.timestamp()) + keys.ERASED_TTL_S}
        self._call("put_item", TableName=self._table, Item=to_wire(marker))  # first: from now on writes see it
        counts: Counter[str] = Counter()
        # A write that did not check the marker may land behind a pass's read: read again until one finds nothing.
        for _ in range(_ERASE_PASSES):
            if not self._erase_pass(pk, counts):
                self._erase_done(pk, erased_at)
                return dict(counts)
        raise StorageError("the user's data kept changing during the erase; send the erase again to finish it")

    def _erase_pass(self, pk: str, counts: Counter[str]) -> int:
        """Delete every item of the partition but the marker, as a consistent read finds them; how many."""
        batch: list[Item] = []
        deleted = 0
        for item in self._partition(pk, keys_only=True):
            if item["SK"] != keys.ERASED_SK:
                batch.append(item)
            if len(batch) == _BATCH:
                deleted += self._delete_batch(batch, counts)
                batch = []
        return deleted + (self._delete_batch(batch, counts) if batch else 0)

    def _erase_done(self, pk: str, erased_at: str) -> None:
        """Work that starts from now on finds an empty partition; unless a later erase took the marker over."""
        with contextlib.suppress(ConflictError):
            self._call(
                "update_item", TableName=self._table, Key=to_wire({"PK": pk, "SK": keys.ERASED_SK}),
                UpdateExpression="SET #state = :done, done_at = :at",
                ConditionExpression="erased_at = :mine",
                ExpressionAttributeNames={"#state": "state"},
                ExpressionAttributeValues=to_wire({":done": keys.ERASED, ":at": iso(self._clock.now()),
                                                   ":mine": erased_at}),
            )

    def _delete_batch(self, items: list[Item], counts: Counter[str]) -> int:
        requests = [{"DeleteRequest": {"Key": to_wire({"PK": i["PK"], "SK": i["SK"]})}} for i in items]
        for attempt in range(_UNPROCESSED_ATTEMPTS):
            answer = self._call("batch_write_item", RequestItems={self._table: requests})
            requests = answer.get("UnprocessedItems", {}).get(self._table, [])
            if not requests:
                counts.update(str(i.get("entity_type", "other")) for i in items)
                return len(items)
            self._sleep(min(2.0, 0.05 * 2**attempt))
        raise StorageThrottledError("DynamoDB kept deferring deletes; the erase can be sent again to finish")

    def _partition(self, pk: str, *, keys_only: bool = False) -> Iterator[Item]:
        kwargs: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": to_wire({":pk": pk}),
            "ConsistentRead": True,
        }
        if keys_only:
            kwargs["ProjectionExpression"] = "PK, SK, entity_type"
        yield from pages(self._client, **kwargs)


def _sessions(items: list[Item]) -> dict[str, Item | None]:
    return {keys.session_id_of(i["SK"]): i for i in items if i.get("entity_type") == "session"}


def _model(item: Item, sessions: dict[str, Item | None]) -> object | None:
    if item.get("entity_type") == "message":
        return message_from(item, sessions.get(keys.session_id_of(item["SK"])))
    return from_item(item)


def _user_data(models: list[object | None]) -> UserData:
    found: dict[type, list[Any]] = {}
    for model in models:
        if model is not None:
            found.setdefault(type(model), []).append(model)
    return UserData(
        relationships=tuple(found.get(Relationship, [])),
        facts=tuple(found.get(Fact, [])),
        episodes=tuple(found.get(Episode, [])),
        moods=tuple(found.get(MoodEntry, [])),
        sessions=tuple(found.get(Session, [])),
        messages=tuple(found.get(Message, [])),
        recall=tuple(found.get(RecallShard, [])),
        followups=tuple(found.get(FollowUp, [])),
        profile=next(iter(found.get(UserProfile, [])), None),
    )


def _episode_sk(episode: Episode) -> str:
    return str(episode_item("", episode)["SK"])
