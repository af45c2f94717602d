"""The turn's store: two Queries to read a turn's context, one transaction to write it."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.clock import Clock, epoch
from chalicelib.dynamodb import keys, lifecycle, recall_items, usage
from chalicelib.dynamodb.items import (
    fact_from,
    followup_from,
    hot_episodes_from,
    message_from,
    message_item,
    profile_from,
    relationship_from,
    relationship_item,
    session_from,
    session_item,
)
from chalicelib.dynamodb.limits import slot_release, window_adds, window_counts
from chalicelib.dynamodb.safety import safety_writes
from chalicelib.dynamodb.wire import Item, call, from_wire, millis, pages, plain, to_wire, translate
from chalicelib.errors import (
    ConflictError,
    DuplicateTurnError,
    IdempotencyMismatchError,
    StorageError,
    TurnInFlightError,
    UserErasedError,
)
from chalicelib.models import (
    Context,
    FollowUp,
    IdempotencyClaim,
    Message,
    Relationship,
    TurnRecord,
    Usage,
)
from chalicelib.usecases.limits import minute_of

log = logging.getLogger(__name__)


class DynamoConversationStore:
    """`ConversationStore` on one DynamoDB table, through a low-level boto3 client."""

    def __init__(self, client: Any, table_name: str, *, clock: Clock) -> None:
        self._client = client
        self._table = table_name
        self._clock = clock

    # -- reads -----------------------------------------------------------------------------

    def load_context(self, tenant: str, user_id: str, personality: str, session_id: str, window: int,
                     gate: Callable[[int], None] | None = None) -> Context:
        pk = keys.user_pk(tenant, user_id)
        knowledge = list(self._query(pk, "begins_with(SK, :p)", {":p": keys.KNOWLEDGE_PREFIX}))
        counted = window_counts(next((i for i in knowledge if i["SK"] == keys.LIMIT_WINDOW_SK), {}))
        turns = counted.get(minute_of(self._clock.now()), 0)
        if gate is not None:
            gate(turns)
        tail = self._session_tail(pk, session_id, window)
        # A user whose messages were never indexed has no shards: the turn skips their Query.
        indexed = any(i["SK"] == keys.RECALL_MARKER_SK for i in knowledge)
        recall = self._call("query", **recall_items.head_query(self._table, pk)).get("Items", []) if indexed else []
        try:
            context = self._context(personality, knowledge, tail, window)
            return context._replace(recall=recall_items.live_shards(recall, self._epoch()),
                                    turns_this_minute=turns, limit_minutes=tuple(counted))
        except (KeyError, TypeError, ValueError) as exc:
            # An item written by hand or half-written by a faulty tool: say so, never a bare KeyError.
            log.error("an item of %s is missing or has a bad attribute: %r", pk, exc)
            raise StorageError("a stored item of this user is incomplete; the operator's log names it") from exc

    def _session_tail(self, pk: str, session_id: str, messages: int) -> list[Item]:
        """The session item, then its last ``messages`` messages, newest first: one Query."""
        latest = self._call(
            "query",
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :p)",
            ExpressionAttributeValues=to_wire({":pk": pk, ":p": keys.session_prefix(session_id)}),
            ScanIndexForward=False,
            Limit=messages + 1,
        )
        return [from_wire(i) for i in latest.get("Items", [])]

    def _context(self, personality: str, knowledge: list[Item], session_items: list[Item], window: int) -> Context:
        relationship = next(
            (relationship_from(i) for i in knowledge if i["SK"] == keys.relationship_sk(personality)), None
        )
        live = [i for i in knowledge if self._live(i)]
        facts = tuple(fact_from(i) for i in live if i["SK"].startswith(keys.FACT_PREFIX))
        hot = next((i for i in live if i["SK"] == keys.hot_episodes_sk(personality)), None)
        episodes = hot_episodes_from(hot) if hot else ()
        profile = next((profile_from(i) for i in knowledge if i["SK"] == keys.PROFILE_SK), None)
        meta = session_items[0] if session_items and session_items[0].get("entity_type") == "session" else None
        messages = [i for i in session_items if i.get("entity_type") == "message"][:window]
        next_seq = int(meta["message_count"]) if meta else (lifecycle.seq_of(messages[0]) + 1 if messages else 0)
        now = self._epoch()
        live_messages = reversed(lifecycle.live_messages(meta, messages, now))
        return Context(
            relationship=relationship,
            session=session_from(meta) if meta and lifecycle.session_live(meta, now) else None,
            recent_messages=tuple(message_from(i, meta) for i in live_messages),
            facts=facts,
            episodes=episodes,
            next_seq=next_seq,
            followups=tuple(followup_from(i) for i in live if i["SK"].startswith(keys.FOLLOWUP_PREFIX)),
            profile=profile,
        )

    def get_relationship(self, tenant: str, user_id: str, personality: str) -> Relationship | None:
        item = self._get(keys.user_pk(tenant, user_id), keys.relationship_sk(personality))
        return relationship_from(item) if item else None

    def get_turn_result(self, tenant: str, user_id: str, idempotency_key: str) -> dict[str, object] | None:
        # Strongly consistent: it follows a write that failed because another request just completed the record.
        item = self._get(keys.user_pk(tenant, user_id), keys.idempotency_sk(idempotency_key), consistent=True)
        return plain(item["result"]) if item and self._live(item) and "result" in item else None

    def claim_turn(self, claim: IdempotencyClaim, now: int) -> dict[str, object] | None:
        pk = keys.user_pk(claim.tenant, claim.user_id)
        item = {
            "PK": pk,
            "SK": keys.idempotency_sk(claim.key),
            "entity_type": "idempotency",
            "state": "pending",
            "fingerprint": claim.fingerprint,
            "created_at": claim.created_at,
            "pending_until": claim.pending_until,
            "ttl": claim.expires_at,
        }
        try:
            self._client.put_item(
                TableName=self._table,
                Item=to_wire(item),
                # Free, expired, or held by a request that never finished.
                ConditionExpression=(
                    "attribute_not_exists(SK) OR #ttl <= :now OR (#state = :pending AND pending_until <= :now)"
                ),
                ExpressionAttributeNames={"#ttl": "ttl", "#state": "state"},
                ExpressionAttributeValues=to_wire({":now": now, ":pending": "pending"}),
            )
            return None
        except (ClientError, BotoCoreError) as exc:
            error = translate(exc)
            if not isinstance(error, ConflictError):
                raise error from exc
        held = self._get(pk, keys.idempotency_sk(claim.key), consistent=True)
        if held is None:  # released in between: the client may simply retry
            raise TurnInFlightError("a request with this Idempotency-Key just ended; send it again", 1)
        return held_result(held, claim, now)

    def release_turn(self, claim: IdempotencyClaim) -> None:
        with contextlib.suppress(ClientError, BotoCoreError):
            self._client.delete_item(
                TableName=self._table,
                Key=to_wire({"PK": keys.user_pk(claim.tenant, claim.user_id), "SK": keys.idempotency_sk(claim.key)}),
                ConditionExpression="#state = :pending AND fingerprint = :fp",
                ExpressionAttributeNames={"#state": "state"},
                ExpressionAttributeValues=to_wire({":pending": "pending", ":fp": claim.fingerprint}),
            )

    def list_messages(
        self, tenant: str, user_id: str, session_id: str, after: int | None, limit: int
    ) -> tuple[list[Message], int | None]:
        meta = self._get(keys.user_pk(tenant, user_id), keys.session_sk(session_id))
        if not lifecycle.session_live(meta, self._epoch()):
            return [], None
        assert meta is not None
        start = max(0 if after is None else after + 1, int(meta.get("first_seq", 0)))
        page = self._call(
            "query",
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND SK BETWEEN :lo AND :hi",
            ExpressionAttributeValues=to_wire(
                {
                    ":pk": keys.user_pk(tenant, user_id),
                    ":lo": keys.message_sk(session_id, start),
                    ":hi": keys.message_sk(session_id, 10**keys.MESSAGE_SEQ_DIGITS - 1),
                }
            ),
            Limit=limit,
        )
        items = [from_wire(i) for i in page.get("Items", [])]
        cursor = lifecycle.seq_of(items[-1]) if items and "LastEvaluatedKey" in page else None
        return [message_from(i, meta) for i in lifecycle.live_messages(meta, items, self._epoch())], cursor

    # -- the turn's one write ----------------------------------------------------------------

    def record_turn(self, record: TurnRecord) -> None:
        pk = keys.user_pk(record.tenant, record.user_id)
        actions = [
            {"Put": self._message_put(pk, record, record.user_message)},
            {"Put": self._message_put(pk, record, record.assistant_message)},
            self._relationship_write(pk, record),
            self._session_write(pk, record),
            {"Put": self._put_new(self._mood_item(pk, record))},
            *self._usage_adds(record),  # in the turn's own write, so a turn counts exactly once
            *window_adds(self._table, record, int(self._epoch())),  # the minute windows of the limits
            *safety_writes(self._table, pk, record),
        ]
        if record.lease_minute:  # the turn's slot among its tenant's turns in flight, given back with its write
            actions.append(slot_release(self._table, record.tenant, record.lease_minute))
        actions += [{"Update": self._followup_status(pk, f)} for f in record.followups]
        if record.claim:
            actions.append({"Update": self._idempotency_done(pk, record, record.claim)})
        actions.insert(0, {"ConditionCheck": self.not_erased_since(pk, record.started_at)})
        try:
            self._client.transact_write_items(TransactItems=actions)
        except (ClientError, BotoCoreError) as exc:
            if failed_at(exc, 0):
                raise UserErasedError("the user was erased while this turn ran; nothing of it was kept") from exc
            if record.claim and failed_at(exc, len(actions) - 1):
                raise DuplicateTurnError("this idempotency key was already used") from exc
            raise translate(exc) from exc

    def _followup_status(self, pk: str, followup: FollowUp) -> dict[str, Any]:
        """Mark a follow-up asked or closed; only an open one, so it is never asked twice."""
        return {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": keys.followup_sk(followup.followup_id)}),
            "UpdateExpression": "SET #s = :s, updated_at = :at REMOVE GSI3PK, GSI3SK",
            "ConditionExpression": "#s = :open",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": to_wire({":s": followup.status, ":at": followup.updated_at, ":open": "open"}),
        }

    def not_erased_since(self, pk: str, started_at: str) -> dict[str, Any]:
        """A transaction's check that no erase of the user is running or ended after ``started_at``.

        A marker without a state was written before erases recorded their end: its start counts.
        """
        return {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": keys.ERASED_SK}),
            "ConditionExpression": (
                "attribute_not_exists(SK) OR (#state = :erased AND done_at < :started)"
                " OR (attribute_not_exists(#state) AND erased_at < :started)"
            ),
            "ExpressionAttributeNames": {"#state": "state"},
            "ExpressionAttributeValues": to_wire({":started": started_at, ":erased": keys.ERASED}),
        }

    def _message_put(self, pk: str, record: TurnRecord, message: Message) -> dict[str, Any]:
        return self._put_new(message_item(pk, message, record.session.personality))

    def _relationship_write(self, pk: str, record: TurnRecord) -> dict[str, Any]:
        """A first turn writes the relationship whole; later turns update what a turn changes."""
        rel = record.relationship
        if record.previous is None:
            return {"Put": {
                "TableName": self._table,
                "Item": to_wire(relationship_item(pk, record.tenant, record.user_id, rel)),
                "ConditionExpression": "attribute_not_exists(PK)",
            }}
        values: dict[str, Any] = {
            ":points": rel.affinity_points,
            ":level": rel.level,
            ":mood": rel.mood,
            ":intensity": rel.mood_intensity,
            ":version": rel.version,
            ":now": rel.updated_at,
            ":one": 1,
            ":pos": 1 if record.positive else 0,
            ":neg": 1 if record.negative else 0,
            ":expected": record.previous.version,
        }
        return {"Update": {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": keys.relationship_sk(rel.personality)}),
            "UpdateExpression": (
                "SET affinity_points = :points, #level = :level, mood = :mood, mood_intensity = :intensity,"
                " version = :version, updated_at = :now"
                " ADD total_interactions :one, positive_interactions :pos, negative_interactions :neg"
                " REMOVE user_id"  # the partition key names the user; older items repeated it
            ),
            "ConditionExpression": "version = :expected",
            "ExpressionAttributeNames": {"#level": "level"},
            "ExpressionAttributeValues": to_wire(values),
        }}

    def _session_write(self, pk: str, record: TurnRecord) -> dict[str, Any]:
        """A turn that read no live session writes its item whole: a new life keeps nothing of an
        expired one but its numbering. Later turns move the session on and note pending analysis."""
        session = record.session
        expected = {":expected": record.user_message.seq}
        if record.new_session:
            return {"Put": {
                "TableName": self._table,
                "Item": to_wire(session_item(pk, record)),
                "ConditionExpression": "attribute_not_exists(message_count) OR message_count = :expected",
                "ExpressionAttributeValues": to_wire(expected),
            }}
        gsi3 = keys.activity_gsi3(record.tenant, record.user_id, session.session_id, session.last_activity[:10])
        return {"Update": {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": keys.session_sk(session.session_id)}),
            "UpdateExpression": (
                "SET last_activity = :now, expires_at = :expires, message_count = :count,"
                " GSI3PK = :g3pk, GSI3SK = :g3sk,"
                # Enters the sparse index of pending analyses; deep analysis removes it when caught up.
                " GSI2PK = if_not_exists(GSI2PK, :gsi2pk), GSI2SK = if_not_exists(GSI2SK, :gsi2sk)"
                " REMOVE #ttl, session_id"  # older items carried a ttl and repeated their key's session
            ),
            # The session was read live: if it is gone now, the turn reads its context again.
            "ConditionExpression": "message_count = :expected",
            "ExpressionAttributeNames": {"#ttl": "ttl"},
            "ExpressionAttributeValues": to_wire(
                {
                    ":now": session.last_activity,
                    ":expires": record.expires_at,
                    ":count": record.assistant_message.seq + 1,
                    ":g3pk": gsi3["GSI3PK"],
                    ":g3sk": gsi3["GSI3SK"],
                    **_prefixed(keys.pending_analysis_gsi2(record.tenant, record.user_id, session.last_activity)),
                    **expected,
                }
            ),
        }}

    def _mood_item(self, pk: str, record: TurnRecord) -> Item:
        rel = record.relationship
        return {
            "PK": pk,
            "SK": keys.mood_sk(rel.personality, record.user_message.message_id),
            "entity_type": "mood",
            "personality": rel.personality,
            "mood": rel.mood,
            "intensity": rel.mood_intensity,
            "created_at": rel.updated_at,
            "ttl": record.expires_at,
        }

    def _usage_adds(self, record: TurnRecord) -> list[dict[str, Any]]:
        reply = record.assistant_message
        tally = usage.tally_of(reply.usage or Usage(), turns=1)
        expires = usage.retained_from(millis(reply.created_at, self._epoch()) // 1000)
        return usage.counter_updates(self._table, record.tenant, record.user_id, reply.message_id,
                                     reply.created_at[:10], tally, expires)

    def _idempotency_done(self, pk: str, record: TurnRecord, claim: IdempotencyClaim) -> dict[str, Any]:
        """Completes the turn's own claim on its key, with the answer a repeat will get."""
        return self._claim_done(pk, claim, record.result())

    def _claim_done(self, pk: str, claim: IdempotencyClaim, result: dict[str, object]) -> dict[str, Any]:
        """The update that completes a pending claim on an idempotency key with the answer it stores."""
        return {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": keys.idempotency_sk(claim.key)}),
            "UpdateExpression": "SET #state = :done, #result = :result REMOVE pending_until",
            "ConditionExpression": "#state = :pending AND fingerprint = :fp",
            "ExpressionAttributeNames": {"#state": "state", "#result": "result"},
            "ExpressionAttributeValues": to_wire(
                {":done": "done", ":result": result, ":pending": "pending", ":fp": claim.fingerprint}
            ),
        }

    # -- plumbing ------------------------------------------------------------------------------

    def _put_new(self, item: Item) -> dict[str, Any]:
        """A transaction Put that fails if a live item holds the key (an expired one may be replaced)."""
        return {
            "TableName": self._table,
            "Item": to_wire(item),
            "ConditionExpression": "attribute_not_exists(SK) OR #ttl <= :now",
            "ExpressionAttributeNames": {"#ttl": "ttl"},
            "ExpressionAttributeValues": to_wire({":now": int(self._epoch())}),
        }

    def _epoch(self) -> float:
        return epoch(self._clock)

    def _live(self, item: Mapping[str, Any]) -> bool:
        """DynamoDB deletes expired items up to days late; treat them as gone."""
        ttl = item.get("ttl")
        return ttl is None or int(ttl) > self._epoch()

    def _get(self, pk: str, sk: str, *, consistent: bool = False) -> Item | None:
        found = self._call(
            "get_item", TableName=self._table, Key=to_wire({"PK": pk, "SK": sk}), ConsistentRead=consistent
        )
        return from_wire(found["Item"]) if "Item" in found else None

    def _query(self, pk: str, condition: str, values: dict[str, Any]) -> Iterator[Item]:
        kwargs: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "PK = :pk AND " + condition,
            "ExpressionAttributeValues": to_wire({":pk": pk, **values}),
        }
        yield from pages(self._client, **kwargs)

    def _call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        return call(self._client, operation, **kwargs)


def _prefixed(gsi: Mapping[str, str]) -> dict[str, str]:
    return {":" + name.lower(): value for name, value in gsi.items()}


def failed_at(exc: Exception, index: int) -> bool:
    """Whether a cancelled transaction failed the condition of its action number ``index``."""
    if not isinstance(exc, ClientError):
        return False
    reasons = exc.response.get("CancellationReasons", [])
    return len(reasons) > index and reasons[index].get("Code") == "ConditionalCheckFailed"


def held_result(held: Mapping[str, Any], claim: IdempotencyClaim, now: int) -> dict[str, object]:
    """What a request finds when its key is already held: the first answer, or why it cannot have one."""
    if held.get("fingerprint") != claim.fingerprint:
        raise IdempotencyMismatchError(
            "Idempotency-Key: this key was already used with a different request; use a new key for a new message"
        )
    if held.get("state") == "done" and "result" in held:
        return dict(plain(held["result"]))
    wait = max(1, int(held.get("pending_until", now + 1)) - now)
    raise TurnInFlightError("Idempotency-Key: the first request with this key is still running", min(wait, 5))
