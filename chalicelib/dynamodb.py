"""The DynamoDB adapter: the single-table `ConversationStore`."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import BotoCoreError, ClientError

from chalicelib import keys
from chalicelib.errors import (
    ConflictError,
    DuplicateTurnError,
    StorageError,
    StorageThrottledError,
)
from chalicelib.models import (
    Context,
    Episode,
    Fact,
    Message,
    MoodEntry,
    Relationship,
    Session,
    TurnRecord,
    Usage,
    iso,
)
from chalicelib.persona import parse_personality
from chalicelib.personality import Personality

Item = dict[str, Any]

IDEMPOTENCY_TTL_S = 24 * 3600

_THROTTLING = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "ThrottlingError",
}
_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


def to_wire(item: Mapping[str, Any]) -> dict[str, Any]:
    """Python values (floats become Decimal) to DynamoDB's typed JSON."""
    return {k: _SERIALIZER.serialize(_decimals(v)) for k, v in item.items() if v is not None}


def from_wire(item: Mapping[str, Any]) -> Item:
    """DynamoDB's typed JSON to Python values (numbers stay Decimal)."""
    return {k: _DESERIALIZER.deserialize(v) for k, v in item.items()}


def _decimals(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_decimals(v) for v in value]
    return value


def translate(exc: Exception) -> Exception:
    """Map a botocore failure to Luminora's error tree, by error code only."""
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        if code in _THROTTLING:
            return StorageThrottledError("DynamoDB is throttling requests; retry shortly")
        if code == "ConditionalCheckFailedException":
            return ConflictError("the item changed while this request was running; retry")
        if code == "TransactionCanceledException":
            return _cancellation(exc)
        return StorageError(f"DynamoDB request failed ({code})")
    return StorageError("DynamoDB could not be reached")


def _cancellation(exc: ClientError) -> Exception:
    reasons = [r.get("Code", "None") for r in exc.response.get("CancellationReasons", [])]
    if any(code in _THROTTLING for code in reasons):
        return StorageThrottledError("DynamoDB is throttling requests; retry shortly")
    return ConflictError("a concurrent turn changed this conversation; send the message again")


class DynamoConversationStore:
    """`ConversationStore` on one DynamoDB table, through a low-level boto3 client."""

    def __init__(self, client: Any, table_name: str, *, now: Callable[[], float] = time.time) -> None:
        self._client = client
        self._table = table_name
        self._now = now

    # -- reads -----------------------------------------------------------------------------

    def load_context(
        self, tenant: str, user_id: str, personality: str, session_id: str, window: int
    ) -> Context:
        pk = keys.user_pk(tenant, user_id)
        knowledge = list(self._query(pk, "begins_with(SK, :p)", {":p": keys.KNOWLEDGE_PREFIX}))
        recent = self._call(
            "query",
            TableName=self._table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :p)",
            ExpressionAttributeValues=to_wire({":pk": pk, ":p": keys.session_prefix(session_id)}),
            ScanIndexForward=False,
            Limit=window + 1,
        )
        session_items = [from_wire(i) for i in recent.get("Items", [])]
        return self._context(personality, knowledge, session_items, window)

    def _context(self, personality: str, knowledge: list[Item], session_items: list[Item], window: int) -> Context:
        own = keys.personality_prefix(personality)
        relationship = next(
            (_relationship(i) for i in knowledge if i["SK"] == keys.relationship_sk(personality)), None
        )
        live = [i for i in knowledge if self._live(i)]
        facts = tuple(_fact(i) for i in live if i["SK"].startswith(keys.FACT_PREFIX))
        episodes = tuple(_episode(i) for i in live if i["SK"].startswith(own + "EP#"))
        meta = session_items[0] if session_items and session_items[0]["entity_type"] == "session" else None
        messages = [i for i in session_items if i["entity_type"] == "message"][:window]
        next_seq = int(meta["message_count"]) if meta else (int(messages[0]["seq"]) + 1 if messages else 0)
        return Context(
            relationship=relationship,
            session=_session(meta) if meta and self._live(meta) else None,
            recent_messages=tuple(_message(i) for i in reversed(messages) if self._live(i)),
            facts=facts,
            episodes=episodes,
            next_seq=next_seq,
        )

    def get_relationship(self, tenant: str, user_id: str, personality: str) -> Relationship | None:
        item = self._get(keys.user_pk(tenant, user_id), keys.relationship_sk(personality))
        return _relationship(item) if item else None

    def get_turn_result(self, tenant: str, user_id: str, idempotency_key: str) -> dict[str, object] | None:
        item = self._get(keys.user_pk(tenant, user_id), keys.idempotency_sk(idempotency_key))
        return _plain(item["result"]) if item and self._live(item) else None

    def list_messages(
        self, tenant: str, user_id: str, session_id: str, after: int | None, limit: int
    ) -> tuple[list[Message], int | None]:
        start = 0 if after is None else after + 1
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
        cursor = int(items[-1]["seq"]) if items and "LastEvaluatedKey" in page else None
        return [_message(i) for i in items if self._live(i)], cursor

    # -- the turn's one write ----------------------------------------------------------------

    def record_turn(self, record: TurnRecord) -> None:
        pk = keys.user_pk(record.tenant, record.user_id)
        actions = [
            {"Put": self._message_put(pk, record, record.user_message)},
            {"Put": self._message_put(pk, record, record.assistant_message)},
            {"Update": self._relationship_update(pk, record)},
            {"Update": self._session_update(pk, record)},
            {"Put": self._mood_put(pk, record)},
        ]
        if record.idempotency_key:
            actions.append({"Put": self._idempotency_put(pk, record)})
        try:
            self._client.transact_write_items(TransactItems=actions)
        except (ClientError, BotoCoreError) as exc:
            if record.idempotency_key and _failed_at(exc, len(actions) - 1):
                raise DuplicateTurnError("this idempotency key was already used") from exc
            raise translate(exc) from exc

    def _message_put(self, pk: str, record: TurnRecord, message: Message) -> dict[str, Any]:
        item = {
            "PK": pk,
            "SK": keys.message_sk(record.session.session_id, message.seq),
            "entity_type": "message",
            "message_id": message.message_id,
            "session_id": message.session_id,
            "personality": message.personality,
            "role": message.role,
            "content": message.content,
            "created_at": message.created_at,
            "seq": message.seq,
            "usage": message.usage.as_dict() if message.usage else None,
            "ttl": record.expires_at,
        }
        return {
            "TableName": self._table,
            "Item": to_wire(item),
            "ConditionExpression": "attribute_not_exists(SK) OR #ttl < :now",
            "ExpressionAttributeNames": {"#ttl": "ttl"},
            "ExpressionAttributeValues": to_wire({":now": int(self._now())}),
        }

    def _relationship_update(self, pk: str, record: TurnRecord) -> dict[str, Any]:
        rel = record.relationship
        values: dict[str, Any] = {
            ":points": rel.affinity_points,
            ":level": rel.level,
            ":mood": rel.mood,
            ":intensity": rel.mood_intensity,
            ":version": rel.version,
            ":now": rel.updated_at,
            ":user": record.user_id,
            ":personality": rel.personality,
            ":et": "relationship",
            ":one": 1,
            ":pos": 1 if record.positive else 0,
            ":neg": 1 if record.negative else 0,
        }
        gsi = keys.relationship_gsi1(record.tenant, rel.personality, record.user_id)
        values.update({":g1pk": gsi["GSI1PK"], ":g1sk": gsi["GSI1SK"]})
        if record.previous is None:
            condition = "attribute_not_exists(PK)"
        else:
            condition = "version = :expected"
            values[":expected"] = record.previous.version
        return {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": keys.relationship_sk(rel.personality)}),
            "UpdateExpression": (
                "SET affinity_points = :points, #level = :level, mood = :mood, mood_intensity = :intensity,"
                " version = :version, updated_at = :now, created_at = if_not_exists(created_at, :now),"
                " user_id = :user, personality = :personality, entity_type = :et,"
                " GSI1PK = :g1pk, GSI1SK = :g1sk"
                " ADD total_interactions :one, positive_interactions :pos, negative_interactions :neg"
            ),
            "ConditionExpression": condition,
            "ExpressionAttributeNames": {"#level": "level"},
            "ExpressionAttributeValues": to_wire(values),
        }

    def _session_update(self, pk: str, record: TurnRecord) -> dict[str, Any]:
        session = record.session
        gsi3 = keys.activity_gsi3(record.tenant, record.user_id, session.session_id, session.last_activity[:10])
        return {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": keys.session_sk(session.session_id)}),
            "UpdateExpression": (
                "SET last_activity = :now, #ttl = :ttl, entity_type = :et, session_id = :sid,"
                " personality = :personality, created_at = if_not_exists(created_at, :created),"
                " message_count = :count, GSI3PK = :g3pk, GSI3SK = :g3sk,"
                # Enters the sparse index of pending analyses; deep analysis removes it when caught up.
                " GSI2PK = if_not_exists(GSI2PK, :gsi2pk), GSI2SK = if_not_exists(GSI2SK, :gsi2sk)"
            ),
            "ConditionExpression": "attribute_not_exists(message_count) OR message_count = :expected",
            "ExpressionAttributeNames": {"#ttl": "ttl"},
            "ExpressionAttributeValues": to_wire(
                {
                    ":now": session.last_activity,
                    ":ttl": record.expires_at,
                    ":et": "session",
                    ":sid": session.session_id,
                    ":personality": session.personality,
                    ":created": session.created_at,
                    ":count": record.assistant_message.seq + 1,
                    ":expected": record.user_message.seq,
                    ":g3pk": gsi3["GSI3PK"],
                    ":g3sk": gsi3["GSI3SK"],
                    **_prefixed(keys.pending_analysis_gsi2(record.tenant, record.user_id, session.last_activity)),
                }
            ),
        }

    def _mood_put(self, pk: str, record: TurnRecord) -> dict[str, Any]:
        rel = record.relationship
        item = {
            "PK": pk,
            "SK": keys.mood_sk(rel.personality, _millis(rel.updated_at, self._now())),
            "entity_type": "mood",
            "personality": rel.personality,
            "mood": rel.mood,
            "intensity": rel.mood_intensity,
            "created_at": rel.updated_at,
            "ttl": record.expires_at,
        }
        return {"TableName": self._table, "Item": to_wire(item)}

    def _idempotency_put(self, pk: str, record: TurnRecord) -> dict[str, Any]:
        assert record.idempotency_key is not None
        result = {
            "response": record.assistant_message.content,
            "affinity_level": record.relationship.level,
            "affinity_points": record.relationship.affinity_points,
            "session_id": record.session.session_id,
            "message_id": record.assistant_message.message_id,
            "mood": record.relationship.mood,
            "usage": (record.assistant_message.usage or Usage()).as_dict(),
        }
        item = {
            "PK": pk,
            "SK": keys.idempotency_sk(record.idempotency_key),
            "entity_type": "idempotency",
            "result": result,
            "created_at": record.session.last_activity,
            "ttl": _millis(record.session.last_activity, self._now()) // 1000 + IDEMPOTENCY_TTL_S,
        }
        return {
            "TableName": self._table,
            "Item": to_wire(item),
            "ConditionExpression": "attribute_not_exists(SK) OR #ttl < :now",
            "ExpressionAttributeNames": {"#ttl": "ttl"},
            "ExpressionAttributeValues": to_wire({":now": int(self._now())}),
        }

    # -- plumbing ------------------------------------------------------------------------------

    def _live(self, item: Mapping[str, Any]) -> bool:
        """DynamoDB deletes expired items up to days late; treat them as gone."""
        ttl = item.get("ttl")
        return ttl is None or int(ttl) > self._now()

    def _get(self, pk: str, sk: str) -> Item | None:
        found = self._call("get_item", TableName=self._table, Key=to_wire({"PK": pk, "SK": sk}))
        return from_wire(found["Item"]) if "Item" in found else None

    def _query(self, pk: str, condition: str, values: dict[str, Any]) -> Iterator[Item]:
        kwargs: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "PK = :pk AND " + condition,
            "ExpressionAttributeValues": to_wire({":pk": pk, **values}),
        }
        while True:
            page = self._call("query", **kwargs)
            yield from (from_wire(i) for i in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        try:
            return getattr(self._client, operation)(**kwargs)  # type: ignore[no-any-return]
        except (ClientError, BotoCoreError) as exc:
            raise translate(exc) from exc


def _prefixed(gsi: Mapping[str, str]) -> dict[str, str]:
    return {":" + name.lower(): value for name, value in gsi.items()}


def _failed_at(exc: Exception, index: int) -> bool:
    if not isinstance(exc, ClientError):
        return False
    reasons = exc.response.get("CancellationReasons", [])
    return len(reasons) > index and reasons[index].get("Code") == "ConditionalCheckFailed"


def _millis(iso_time: str, fallback: float) -> int:
    from datetime import datetime

    try:
        return int(datetime.fromisoformat(iso_time.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        return int(fallback * 1000)


def _plain(value: Any) -> Any:
    """Decimals back to int or float, for JSON responses."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _relationship(item: Item) -> Relationship:
    return Relationship(
        user_id=item["user_id"],
        personality=item["personality"],
        affinity_points=int(item.get("affinity_points", 0)),
        level=item.get("level", "stranger"),
        total_interactions=int(item.get("total_interactions", 0)),
        positive_interactions=int(item.get("positive_interactions", 0)),
        negative_interactions=int(item.get("negative_interactions", 0)),
        mood=item.get("mood", "neutral"),
        mood_intensity=float(item.get("mood_intensity", 0)),
        version=int(item.get("version", 0)),
        created_at=item.get("created_at", ""),
        updated_at=item.get("updated_at", ""),
    )


def _message(item: Item) -> Message:
    usage = item.get("usage")
    return Message(
        message_id=item["message_id"],
        session_id=item["session_id"],
        role=item["role"],
        content=item["content"],
        created_at=item["created_at"],
        personality=item.get("personality", ""),
        seq=int(item["seq"]),
        usage=Usage(**{k: int(v) for k, v in usage.items()}) if usage else None,
    )


def _session(item: Item) -> Session:
    return Session(
        session_id=item["session_id"],
        personality=item["personality"],
        created_at=item["created_at"],
        last_activity=item["last_activity"],
        summary=item.get("summary", ""),
        message_count=int(item.get("message_count", 0)),
        analyzed_through=int(item.get("analyzed_through", 0)),
    )


def _fact(item: Item) -> Fact:
    return Fact(
        category=item["category"],
        key=item["key"],
        value=item["value"],
        confidence=float(item["confidence"]),
        source_message_id=item.get("source_message_id", ""),
        first_seen=item.get("first_seen", ""),
        last_seen=item.get("last_seen", ""),
        history=tuple(_plain(h) for h in item.get("history", [])),
        version=int(item.get("version", 0)),
    )


def _episode(item: Item) -> Episode:
    return Episode(
        episode_id=item["episode_id"],
        personality=item["personality"],
        type=item["type"],
        summary=item["summary"],
        importance=float(item["importance"]),
        sentiment=item.get("sentiment", "neutral"),
        occurred_at=item["occurred_at"],
    )


def _mood(item: Item) -> MoodEntry:
    return MoodEntry(
        personality=item["personality"],
        mood=item["mood"],
        intensity=float(item.get("intensity", 0)),
        created_at=item["created_at"],
    )


def fact_item(pk: str, fact: Fact) -> Item:
    """A fact's item; its version is the one this write expects to replace, plus one."""
    return {
        "PK": pk,
        "SK": keys.fact_sk(fact.category, fact.key),
        "entity_type": "fact",
        "category": fact.category,
        "key": fact.key,
        "value": fact.value,
        "confidence": fact.confidence,
        "source_message_id": fact.source_message_id,
        "first_seen": fact.first_seen,
        "last_seen": fact.last_seen,
        "history": [dict(h) for h in fact.history],
        "version": fact.version + 1,
    }


def episode_item(pk: str, episode: Episode) -> Item:
    return {
        "PK": pk,
        "SK": keys.episode_sk(episode.personality, _millis(episode.occurred_at, 0), episode.episode_id),
        "entity_type": "episode",
        "episode_id": episode.episode_id,
        "personality": episode.personality,
        "type": episode.type,
        "summary": episode.summary,
        "importance": episode.importance,
        "sentiment": episode.sentiment,
        "occurred_at": episode.occurred_at,
    }


def from_item(item: Item) -> object | None:
    """The domain model of any stored item, by its ``entity_type``; None for bookkeeping items."""
    mappers = {
        "relationship": _relationship,
        "fact": _fact,
        "episode": _episode,
        "mood": _mood,
        "session": _session,
        "message": _message,
    }
    mapper = mappers.get(str(item.get("entity_type")))
    return mapper(item) if mapper else None


class DynamoPersonalityStore:
    """`PersonalityStore`: a tenant's own personalities, one item each in the tenant's partition."""

    def __init__(self, client: Any, table_name: str, *, now: Callable[[], float] = time.time) -> None:
        self._client = client
        self._table = table_name
        self._now = now

    def get(self, tenant: str, name: str) -> Personality | None:
        key = {"PK": keys.custom_personality_pk(tenant), "SK": keys.custom_personality_sk(name)}
        found = _call(self._client, "get_item", TableName=self._table, Key=to_wire(key))
        return _personality(from_wire(found["Item"])) if "Item" in found else None

    def all(self, tenant: str) -> list[Personality]:
        kwargs: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :p)",
            "ExpressionAttributeValues": to_wire(
                {":pk": keys.custom_personality_pk(tenant), ":p": keys.CUSTOM_PERSONALITY_PREFIX}
            ),
        }
        found: list[Personality] = []
        while True:
            page = _call(self._client, "query", **kwargs)
            found.extend(_personality(from_wire(item)) for item in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return found
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def put(self, tenant: str, personality: Personality) -> None:
        item = {
            "PK": keys.custom_personality_pk(tenant),
            "SK": keys.custom_personality_sk(personality.name),
            "entity_type": "personality",
            "name": personality.name,
            "definition": json.dumps(personality.definition.as_json(), ensure_ascii=False),
            "updated_at": iso(datetime.fromtimestamp(self._now(), UTC)),
        }
        _call(self._client, "put_item", TableName=self._table, Item=to_wire(item))

    def delete(self, tenant: str, name: str) -> bool:
        key = {"PK": keys.custom_personality_pk(tenant), "SK": keys.custom_personality_sk(name)}
        gone = _call(self._client, "delete_item", TableName=self._table, Key=to_wire(key), ReturnValues="ALL_OLD")
        return "Attributes" in gone


def _call(client: Any, operation: str, **kwargs: Any) -> dict[str, Any]:
    try:
        return getattr(client, operation)(**kwargs)  # type: ignore[no-any-return]
    except (ClientError, BotoCoreError) as exc:
        raise translate(exc) from exc


def _personality(item: Item) -> Personality:
    return Personality(parse_personality(item["definition"]), built_in=False)
