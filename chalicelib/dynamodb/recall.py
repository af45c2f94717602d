"""The recall store: a user's recall shards for search, and imports of past messages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.dynamodb import keys, recall_items, usage
from chalicelib.dynamodb.conversation import DynamoConversationStore, failed_at
from chalicelib.dynamodb.items import message_item, relationship_item
from chalicelib.dynamodb.wire import to_wire, translate
from chalicelib.errors import DuplicateTurnError, ImportIncompleteError, UserErasedError
from chalicelib.models import ImportRecord, Message, RecallShard

# Messages per transaction of an import: DynamoDB takes 100 actions, and each transaction also checks
# the erase marker, moves the session, counts its messages in the tenant's and the user's usage and, in
# the last one, writes the relationship and the idempotency record.
IMPORT_MESSAGES_PER_WRITE = 94


class DynamoRecallStore(DynamoConversationStore):
    """`ConversationStore` and `RecallStore` on the one table."""

    def recall_shards(self, tenant: str, user_id: str, newest: int | None = None) -> list[RecallShard]:
        pk = keys.user_pk(tenant, user_id)
        query = recall_items.head_query(self._table, pk, newest or 1)
        if newest is None:
            del query["Limit"]
        raw: list[dict[str, Any]] = []
        while True:
            page = self._call("query", **query)
            raw.extend(page.get("Items", []))
            if newest is not None or "LastEvaluatedKey" not in page:
                return list(recall_items.live_shards(raw, self._epoch()))
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def import_messages(self, record: ImportRecord) -> None:
        pk = keys.user_pk(record.tenant, record.user_id)
        parts = [record.messages[i : i + IMPORT_MESSAGES_PER_WRITE]
                 for i in range(0, len(record.messages), IMPORT_MESSAGES_PER_WRITE)]
        done = 0
        for number, part in enumerate(parts):
            last = number == len(parts) - 1
            actions = [{"ConditionCheck": self.not_erased_since(pk, record.started_at)}]
            actions += [{"Put": self._put_new(message_item(pk, m, record.session.personality))} for m in part]
            actions.append(self._import_session_write(pk, record, done, done + len(part), first=number == 0))
            actions += self._import_usage(record, part)  # with its own part: a part stored counts once
            if last and record.relationship is not None:
                actions.append(self._import_relationship_write(pk, record))
            if last and record.claim is not None:
                actions.append({"Update": self._import_done(pk, record)})
            try:
                self._client.transact_write_items(TransactItems=actions)
            except (ClientError, BotoCoreError) as exc:
                raise self._import_failure(exc, record, done, len(actions)) from exc
            done += len(part)

    def _import_usage(self, record: ImportRecord, part: list[Message] | tuple[Message, ...]) -> list[dict[str, Any]]:
        now = int(self._epoch())
        day, expires = datetime.fromtimestamp(now, UTC).date().isoformat(), usage.retained_from(now)
        return usage.counter_updates(self._table, record.tenant, record.user_id, part[0].message_id, day,
                                     usage.Tally(imported_messages=len(part)), expires)

    def _import_failure(self, exc: Exception, record: ImportRecord, done: int, actions: int) -> Exception:
        if failed_at(exc, 0):
            return UserErasedError("the user was erased while this import ran; nothing more of it was kept")
        if done == 0 and record.claim is not None and failed_at(exc, actions - 1):
            return DuplicateTurnError("this idempotency key was already used")
        error = translate(exc)
        if done:
            stored = record.messages[:done]
            return ImportIncompleteError(done, tuple(m.message_id for m in stored), str(error))
        return error

    def _import_session_write(self, pk: str, record: ImportRecord, done: int, through: int, *,
                              first: bool) -> dict[str, Any]:
        """The session moves on with each part: its count always matches the messages stored. A new
        session, or a new life of an expired one, is written whole first, keeping nothing of the old life."""
        session = record.session
        start = record.messages[0].seq
        gsi3 = keys.activity_gsi3(record.tenant, record.user_id, session.session_id, record.day)
        gsi2 = keys.pending_analysis_gsi2(record.tenant, record.user_id, session.last_activity)
        last = record.messages[through - 1].created_at
        if first and record.new_session:
            item = {"PK": pk, "SK": keys.session_sk(session.session_id), "entity_type": "session",
                    "personality": session.personality, "created_at": session.created_at, "last_activity": last,
                    "expires_at": record.expires_at, "message_count": start + through, "first_seq": session.first_seq,
                    "analyzed_through": session.first_seq, "summary_through": session.first_seq, **gsi3, **gsi2}
            return {"Put": {
                "TableName": self._table, "Item": to_wire(item),
                "ConditionExpression": "attribute_not_exists(message_count) OR message_count = :expected",
                "ExpressionAttributeValues": to_wire({":expected": start}),
            }}
        values: dict[str, Any] = {
            ":last": last if record.new_session else max(last, session.last_activity),
            ":expires": record.expires_at, ":count": start + through, ":g3pk": gsi3["GSI3PK"],
            ":g3sk": gsi3["GSI3SK"], ":gsi2pk": gsi2["GSI2PK"], ":gsi2sk": gsi2["GSI2SK"], ":expected": start + done,
        }
        return {"Update": {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": keys.session_sk(session.session_id)}),
            "UpdateExpression": ("SET last_activity = :last, expires_at = :expires, message_count = :count,"
                                 " GSI3PK = :g3pk, GSI3SK = :g3sk, GSI2PK = if_not_exists(GSI2PK, :gsi2pk),"
                                 " GSI2SK = if_not_exists(GSI2SK, :gsi2sk) REMOVE #ttl"),
            "ConditionExpression": "message_count = :expected",
            "ExpressionAttributeNames": {"#ttl": "ttl"},
            "ExpressionAttributeValues": to_wire(values),
        }}

    def _import_relationship_write(self, pk: str, record: ImportRecord) -> dict[str, Any]:
        rel = record.relationship
        assert rel is not None
        if record.previous is None:
            return {"Put": {"TableName": self._table, "ConditionExpression": "attribute_not_exists(PK)",
                            "Item": to_wire(relationship_item(pk, record.tenant, record.user_id, rel))}}
        values = {":points": rel.affinity_points, ":level": rel.level, ":version": rel.version, ":now": rel.updated_at,
                  ":total": rel.total_interactions - record.previous.total_interactions, ":pos": record.positive,
                  ":neg": record.negative, ":expected": record.previous.version}
        return {"Update": {
            "TableName": self._table,
            "Key": to_wire({"PK": pk, "SK": keys.relationship_sk(rel.personality)}),
            "UpdateExpression": ("SET affinity_points = :points, #level = :level, version = :version,"
                                 " updated_at = :now ADD total_interactions :total, positive_interactions :pos,"
                                 " negative_interactions :neg"),
            "ConditionExpression": "version = :expected",
            "ExpressionAttributeNames": {"#level": "level"},
            "ExpressionAttributeValues": to_wire(values),
        }}

    def _import_done(self, pk: str, record: ImportRecord) -> dict[str, Any]:
        claim = record.claim
        assert claim is not None
        result: dict[str, object] = {"imported": len(record.messages),
                                     "message_ids": [m.message_id for m in record.messages]}
        return self._claim_done(pk, claim, result)

