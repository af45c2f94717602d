"""Usage counters: per tenant (sharded) and per end user, by UTC day, added with atomic ADDs."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from chalicelib.clock import Clock
from chalicelib.config import PRICES, Prices
from chalicelib.dynamodb import keys
from chalicelib.dynamodb.limits import DynamoLimitStore, window_counts
from chalicelib.dynamodb.wire import Item, call, from_wire, pages, plain, to_wire
from chalicelib.models import Usage
from chalicelib.usecases.limits import TenantCounts

# How long a day's counters are kept: long enough for a year-on-year look.
RETENTION_DAYS = 400
COUNTERS = ("turns", "analyses", "imported_messages", "prompt_tokens", "prompt_cache_hit_tokens",
            "prompt_cache_miss_tokens", "completion_tokens", "cost_nano_usd")


class Tally(NamedTuple):
    """What one turn or analysis adds to a day's usage; cost in billionths of a US dollar, so sums are exact."""

    turns: int = 0
    analyses: int = 0
    imported_messages: int = 0
    prompt_tokens: int = 0
    prompt_cache_hit_tokens: int = 0
    prompt_cache_miss_tokens: int = 0
    completion_tokens: int = 0
    cost_nano_usd: int = 0


def tally_of(usage: Usage, *, turns: int = 0, analyses: int = 0, prices: Prices = PRICES) -> Tally:
    """The counters of one LLM call at the price table (a provider that reports no cache split: all misses)."""
    hit = usage.prompt_cache_hit_tokens
    miss = usage.prompt_cache_miss_tokens if hit + usage.prompt_cache_miss_tokens else usage.prompt_tokens
    # A price per million tokens is, per token, that many thousandths of a nano-dollar.
    cost = (hit * prices.deepseek_cache_hit_per_million_tokens + miss * prices.deepseek_cache_miss_per_million_tokens
            + usage.completion_tokens * prices.deepseek_output_per_million_tokens) * 1000
    return Tally(turns=turns, analyses=analyses, prompt_tokens=usage.prompt_tokens, prompt_cache_hit_tokens=hit,
                 prompt_cache_miss_tokens=miss, completion_tokens=usage.completion_tokens, cost_nano_usd=round(cost))


def _add(tally: Tally, expires: int) -> tuple[str, dict[str, Any], dict[str, str]]:
    names = {f"#{n}": n for n in COUNTERS} | {"#ttl": "ttl"}
    values: dict[str, Any] = {f":{n}": getattr(tally, n) for n in COUNTERS}
    values |= {":entity": "usage", ":ttl": expires}
    expression = "SET entity_type = :entity, #ttl = :ttl ADD " + ", ".join(f"#{n} :{n}" for n in COUNTERS)
    return expression, values, names


def counter_updates(table: str, tenant: str, user_id: str, turn_id: str, day: str, tally: Tally,
                    expires: int) -> list[dict[str, Any]]:
    """Transaction actions adding ``tally`` to the tenant's day (one shard, by ``turn_id``) and the user's day."""
    expression, values, names = _add(tally, expires)
    targets = [(keys.usage_pk(tenant), keys.usage_shard_sk(day, keys.usage_shard_of(turn_id))),
               (keys.user_pk(tenant, user_id), keys.user_usage_sk(day))]
    return [{"Update": {"TableName": table, "Key": to_wire({"PK": pk, "SK": sk}), "UpdateExpression": expression,
                        "ExpressionAttributeNames": names, "ExpressionAttributeValues": to_wire(values)}}
            for pk, sk in targets]


def expiry(clock: Clock) -> int:
    return retained_from(int(clock.now().timestamp()))


def retained_from(epoch_s: int) -> int:
    """The ``ttl`` of a day's counters written at ``epoch_s``."""
    return epoch_s + RETENTION_DAYS * 86_400


def utc_day(clock: Clock) -> str:
    return clock.now().date().isoformat()


class DynamoUsageStore:
    """Reads a tenant's or a user's days and limit counters, and adds what runs off the turn's write
    (deep analysis)."""

    def __init__(self, client: Any, table_name: str, *, clock: Clock) -> None:
        self._client = client
        self._table = table_name
        self._clock = clock
        self._limits = DynamoLimitStore(client, table_name)

    def add(self, tenant: str, user_id: str, tally: Tally) -> None:
        """Add ``tally`` to today's counters of the tenant and the user, in one transaction."""
        actions = counter_updates(self._table, tenant, user_id, secrets.token_hex(8), utc_day(self._clock), tally,
                                  expiry(self._clock))
        call(self._client, "transact_write_items", TransactItems=actions)

    def tenant_days(self, tenant: str, first: str, last: str) -> list[dict[str, object]]:
        """The tenant's days from ``first`` to ``last`` (ISO dates), its shards summed, oldest first."""
        items = self._between(keys.usage_pk(tenant), f"D#{first}", f"D#{last}#~")
        return _days(items, lambda sk: sk.split("#")[1])

    def user_days(self, tenant: str, user_id: str, first: str, last: str) -> list[dict[str, object]]:
        """One end user's days from ``first`` to ``last``, oldest first."""
        items = self._between(keys.user_pk(tenant, user_id), keys.user_usage_sk(first), keys.user_usage_sk(last))
        return _days(items, lambda sk: sk[len(keys.USER_USAGE_PREFIX):])

    def tenant_counts(self, tenant: str, day: str, minute: str) -> TenantCounts:
        """The tenant's turns of ``minute``, tokens of ``day`` and own limits, as the limiter reads them."""
        return self._limits.tenant_counts(tenant, day, minute)

    def user_turns(self, tenant: str, user_id: str, minute: str) -> int:
        """The user's turns of ``minute`` (``YYYY-MM-DDTHH:MM``), from their limit window item."""
        found = call(self._client, "get_item", TableName=self._table, ConsistentRead=True,
                     Key=to_wire({"PK": keys.user_pk(tenant, user_id), "SK": keys.LIMIT_WINDOW_SK}))
        return window_counts(from_wire(found["Item"]) if "Item" in found else {}).get(minute, 0)

    def _between(self, pk: str, low: str, high: str) -> Iterable[Item]:
        return pages(self._client, TableName=self._table, KeyConditionExpression="PK = :pk AND SK BETWEEN :lo AND :hi",
                     ExpressionAttributeValues=to_wire({":pk": pk, ":lo": low, ":hi": high}))


def _days(items: Iterable[Mapping[str, Any]], day_of: Any) -> list[dict[str, object]]:
    totals: dict[str, dict[str, int]] = {}
    for item in items:
        day = totals.setdefault(day_of(item["SK"]), dict.fromkeys(COUNTERS, 0))
        for name in COUNTERS:
            day[name] += int(plain(item.get(name, 0)))
    return [{"day": day, **counts, "cost_usd": round(counts["cost_nano_usd"] / 1e9, 9)}
            for day, counts in sorted(totals.items())]
