"""What is left of a tenant's turn limits now, from the counters the limiter reads."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Protocol

from chalicelib.errors import OperatorError
from chalicelib.models import iso
from chalicelib.usecases.limits import Quota, TenantCounts, minute_of


class AllowanceReader(Protocol):
    """Where a tenant's limit counters and own limits, and a user's turns of a minute, are read."""

    def tenant_counts(self, tenant: str, day: str, minute: str) -> TenantCounts: ...

    def user_turns(self, tenant: str, user_id: str, minute: str) -> int: ...


def allowance(reader: AllowanceReader | None, defaults: Quota, tenant: str, user_id: str | None,
              now: datetime) -> dict[str, object]:
    """Each limit of the tenant (``defaults`` with its own values) with what it used and what is left.

    The user's turns are known only for a ``user_id``; without one, its ``used`` and ``remaining`` are None.
    """
    if reader is None:
        raise OperatorError("limits are counted in DynamoDB; this deployment's store is not")
    now = now.astimezone(UTC)
    minute = minute_of(now)
    counts = reader.tenant_counts(tenant, now.date().isoformat(), minute)
    quota = defaults.with_overrides(counts.overrides)
    next_minute = iso(now.replace(second=0, microsecond=0) + timedelta(minutes=1))
    midnight = iso(datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=UTC))
    user_turns = reader.user_turns(tenant, user_id, minute) if user_id is not None else None
    return {
        "as_of": iso(now),
        "user_turns_per_minute": _limit(quota.user_turns_per_minute, user_turns, next_minute),
        "tenant_turns_per_minute": _limit(quota.tenant_turns_per_minute, counts.turns_this_minute, next_minute),
        "tenant_tokens_per_day": _limit(quota.tenant_tokens_per_day, counts.tokens_today, midnight),
        # Turns waiting for the model: a count, not a period, so nothing resets it at a set time.
        "tenant_turns_in_flight": _limit(quota.tenant_turns_in_flight,
                                         counts.in_flight_before + counts.in_flight_now, None),
    }


def _limit(limit: int, used: int | None, resets_at: str | None) -> dict[str, object]:
    """One limit; 0 is none, so nothing is left of it to count."""
    remaining = max(0, limit - used) if limit and used is not None else None
    return {"limit": limit, "used": used, "remaining": remaining, "resets_at": resets_at}
