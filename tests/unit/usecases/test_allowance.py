"""What is left of a tenant's limits: counts against the quota, clamped, reset times in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from chalicelib.errors import OperatorError
from chalicelib.usecases.allowance import allowance
from chalicelib.usecases.limits import Quota, TenantCounts

QUOTA = Quota(user_turns_per_minute=2, tenant_turns_per_minute=10, tenant_tokens_per_day=1_000)


class _Counts:
    def __init__(self, counts: TenantCounts, user_turns: int = 0) -> None:
        self.counts, self.turns = counts, user_turns
        self.asked: list[tuple[str, ...]] = []

    def tenant_counts(self, tenant: str, day: str, minute: str) -> TenantCounts:
        self.asked.append((tenant, day, minute))
        return self.counts

    def user_turns(self, tenant: str, user_id: str, minute: str) -> int:
        self.asked.append((tenant, user_id, minute))
        return self.turns


def test_a_count_over_its_limit_leaves_nothing_rather_than_less_than_nothing() -> None:
    reader = _Counts(TenantCounts(turns_this_minute=12, tokens_today=1_400), user_turns=3)
    found: Any = allowance(reader, QUOTA, "acme", "ana", datetime(2030, 6, 15, 23, 59, 30, tzinfo=UTC))
    names = ("user_turns_per_minute", "tenant_turns_per_minute", "tenant_tokens_per_day")
    assert [found[n]["remaining"] for n in names] == [0, 0, 0]


def test_the_day_and_minute_are_utcs_whatever_zone_now_is_given_in() -> None:
    reader = _Counts(TenantCounts())
    lisbon_summer = timezone(timedelta(hours=1))
    found: Any = allowance(reader, QUOTA, "acme", "ana", datetime(2030, 6, 16, 0, 30, 5, tzinfo=lisbon_summer))
    assert reader.asked == [("acme", "2030-06-15", "2030-06-15T23:30"), ("acme", "ana", "2030-06-15T23:30")]
    assert found["as_of"] == "2030-06-15T23:30:05.000Z"
    assert found["tenant_tokens_per_day"]["resets_at"] == "2030-06-16T00:00:00.000Z"
    assert found["user_turns_per_minute"]["resets_at"] == "2030-06-15T23:31:00.000Z"


def test_the_tenants_own_values_replace_the_quotas() -> None:
    reader = _Counts(TenantCounts(overrides={"tenant_turns_per_minute": 0}))
    found: Any = allowance(reader, QUOTA, "acme", None, datetime(2030, 6, 15, 12, tzinfo=UTC))
    assert found["tenant_turns_per_minute"]["limit"] == 0
    assert found["tenant_turns_per_minute"]["remaining"] is None
    assert reader.asked == [("acme", "2030-06-15", "2030-06-15T12:00")]


def test_a_deployment_without_dynamodb_says_so() -> None:
    with pytest.raises(OperatorError):
        allowance(None, QUOTA, "acme", None, datetime(2030, 6, 15, 12, tzinfo=UTC))
