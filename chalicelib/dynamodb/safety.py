"""Profiles, tenants' safety settings and protocol counts on the one table."""

from __future__ import annotations

from typing import Any

from chalicelib.dynamodb import keys
from chalicelib.dynamodb.items import profile_from
from chalicelib.dynamodb.wire import Item, call, from_wire, pages, plain, to_wire
from chalicelib.models import CrisisResource, SafetyConfig, TurnRecord, UserProfile


def safety_writes(table: str, pk: str, record: TurnRecord) -> list[dict[str, Any]]:
    """The actions a turn's safety protocol adds to its transaction: a minor's stamps and the day's count."""
    found = record.safety
    if found is None:
        return []
    actions: list[dict[str, Any]] = []
    if found.profile is not None:
        stamps = found.profile
        actions.append({"Update": {
            "TableName": table,
            "Key": to_wire({"PK": pk, "SK": keys.PROFILE_SK}),
            "UpdateExpression": "SET active_since = :since, last_turn_at = :last, reminded_at = :reminded",
            # An app that removed the profile meanwhile: the turn reads its context again.
            "ConditionExpression": "attribute_exists(SK)",
            "ExpressionAttributeValues": to_wire({":since": stamps.active_since, ":last": stamps.last_turn_at,
                                                  ":reminded": stamps.reminded_at}),
        }})
    if found.protocol is not None:
        actions.append({"Update": {
            "TableName": table,
            "Key": to_wire({"PK": keys.safety_pk(record.tenant),
                            "SK": keys.safety_count_sk(found.day, record.user_id)}),
            "UpdateExpression": "SET entity_type = :kind, #day = :day ADD #protocol :one",
            "ExpressionAttributeNames": {"#protocol": found.protocol, "#day": "day"},
            "ExpressionAttributeValues": to_wire({":kind": "safety_count", ":day": found.day, ":one": 1}),
        }})
    return actions


class DynamoSafetyStore:
    """`SafetyStore` on the one table, through a low-level boto3 client."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def get_profile(self, tenant: str, user_id: str) -> UserProfile | None:
        item = self._get(keys.user_pk(tenant, user_id), keys.PROFILE_SK)
        return profile_from(item) if item else None

    def put_profile(self, tenant: str, user_id: str, profile: UserProfile) -> UserProfile:
        answer = call(
            self._client, "update_item", TableName=self._table,
            Key=to_wire({"PK": keys.user_pk(tenant, user_id), "SK": keys.PROFILE_SK}),
            UpdateExpression="SET entity_type = :kind, minor = :minor, locale = :locale, #zone = :zone, "
                             "updated_at = :at",
            ExpressionAttributeValues=to_wire({":kind": "profile", ":minor": profile.minor, ":locale": profile.locale,
                                               ":zone": profile.timezone, ":at": profile.updated_at}),
            ExpressionAttributeNames={"#zone": "timezone"},  # a reserved word
            ReturnValues="ALL_NEW",
        )
        return profile_from(from_wire(answer["Attributes"]))

    def get_safety_config(self, tenant: str) -> SafetyConfig | None:
        item = self._get(keys.safety_pk(tenant), keys.SAFETY_CONFIG_SK)
        return config_from(item) if item else None

    def put_safety_config(self, tenant: str, config: SafetyConfig) -> None:
        item = {"PK": keys.safety_pk(tenant), "SK": keys.SAFETY_CONFIG_SK, "entity_type": "safety_config",
                "resources": {country: [r.as_dict() for r in lines] for country, lines in config.resources},
                "break_reminder_minutes": config.break_reminder_minutes, "updated_at": config.updated_at}
        call(self._client, "put_item", TableName=self._table, Item=to_wire(item))

    def safety_counts(self, tenant: str, first_day: str, last_day: str) -> dict[str, dict[str, int]]:
        low, high = keys.safety_count_range(first_day, last_day)
        items = pages(self._client, TableName=self._table, KeyConditionExpression="PK = :pk AND SK BETWEEN :lo AND :hi",
                      ExpressionAttributeValues=to_wire({":pk": keys.safety_pk(tenant), ":lo": low, ":hi": high}))
        counts: dict[str, dict[str, int]] = {}
        for item in items:
            day = counts.setdefault(keys.safety_count_day(item["SK"]), {})
            for name, value in item.items():
                if name not in ("PK", "SK", "entity_type", "day"):
                    day[name] = day.get(name, 0) + int(value)
        return counts

    def _get(self, pk: str, sk: str) -> Item | None:
        found = call(self._client, "get_item", TableName=self._table, Key=to_wire({"PK": pk, "SK": sk}))
        return from_wire(found["Item"]) if "Item" in found else None


def config_from(item: Item) -> SafetyConfig:
    stored = plain(item.get("resources") or {})
    return SafetyConfig(
        resources=tuple((country, tuple(CrisisResource(**line) for line in lines))
                        for country, lines in stored.items()),
        break_reminder_minutes=int(item.get("break_reminder_minutes", 180)),
        updated_at=item.get("updated_at", ""),
    )
