"""The usage report: a tenant's days, or one end user's, between two UTC dates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Protocol

from chalicelib.clock import Clock
from chalicelib.errors import InvalidInputError, OperatorError

DEFAULT_DAYS = 30
MAX_DAYS = 400


class UsageReader(Protocol):
    """Where the day counters are read."""

    def tenant_days(self, tenant: str, first: str, last: str) -> list[dict[str, object]]: ...

    def user_days(self, tenant: str, user_id: str, first: str, last: str) -> list[dict[str, object]]: ...


def _day(field: str, raw: str | None, default: date) -> date:
    if raw is None or raw == "":
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInputError(field, "must be a date as YYYY-MM-DD") from None


def period(query: Mapping[str, str], clock: Clock) -> tuple[str, str]:
    """The ``from``/``to`` dates of a query (default: the last 30 UTC days up to today), checked."""
    last = _day("to", query.get("to"), clock.now().date())
    first = _day("from", query.get("from"), last - timedelta(days=DEFAULT_DAYS - 1))
    if first > last:
        raise InvalidInputError("from", "must not be after 'to'")
    if (last - first).days >= MAX_DAYS:
        raise InvalidInputError("from", f"the period may span at most {MAX_DAYS} days")
    return first.isoformat(), last.isoformat()


def report(reader: UsageReader | None, tenant: str, first: str, last: str, user_id: str | None) -> dict[str, object]:
    """The tenant's days and totals, and one user's days when ``user_id`` is given."""
    if reader is None:
        raise OperatorError("usage is metered in DynamoDB; this deployment's store is not")
    days = reader.tenant_days(tenant, first, last)
    body: dict[str, object] = {"tenant": tenant, "from": first, "to": last, "days": days, "total": _total(days)}
    if user_id is not None:
        mine = reader.user_days(tenant, user_id, first, last)
        body["user"] = {"user_id": user_id, "days": mine, "total": _total(mine)}
    return body


def _total(days: list[dict[str, object]]) -> dict[str, object]:
    total: dict[str, int] = {}
    for day in days:
        for name, value in day.items():
            if isinstance(value, int) and name != "day":
                total[name] = total.get(name, 0) + value
    return {**total, "cost_usd": round(total.get("cost_nano_usd", 0) / 1e9, 9)}
