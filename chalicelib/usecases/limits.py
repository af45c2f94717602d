"""Turn limits per end user and per tenant, checked before the model is called, with OpenAI's headers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import NamedTuple, Protocol

from chalicelib.clock import Clock
from chalicelib.errors import RateLimitedError

NAMES = ("user_turns_per_minute", "tenant_turns_per_minute", "tenant_tokens_per_day", "tenant_turns_in_flight")


class Quota(NamedTuple):
    """A tenant's limits; 0 means none."""

    user_turns_per_minute: int = 0
    tenant_turns_per_minute: int = 0
    tenant_tokens_per_day: int = 0
    tenant_turns_in_flight: int = 0  # turns of the tenant waiting for the model at once

    def with_overrides(self, overrides: dict[str, int]) -> Quota:
        return self._replace(**{name: int(v) for name, v in overrides.items() if name in NAMES})


class TenantCounts(NamedTuple):
    """What the table holds of a tenant: turns this minute, tokens today, its own limits if set, and its
    turns still in flight of those that started in the minute before this one."""

    turns_this_minute: int = 0
    tokens_today: int = 0
    overrides: dict[str, int] = {}
    in_flight_before: int = 0
    in_flight_now: int = 0  # of those that started in this minute (when read)


class TenantCounter(Protocol):
    """Where a tenant's counters and limits are read (the truth across containers)."""

    def tenant_counts(self, tenant: str, day: str, minute: str) -> TenantCounts: ...

    def take_slot(self, tenant: str, minute: str, room: int) -> bool:
        """Counts a turn in flight in ``minute``'s counter if it holds fewer than ``room``; False if not."""
        ...

    def give_back(self, tenant: str, minute: str) -> None:
        """Takes back a slot `take_slot` gave, for a turn that ends without its write."""
        ...


class Admission(NamedTuple):
    """A turn let through the tenant's limits: what it saw, to check the user and to build headers."""

    quota: Quota
    tenant_turns: int
    tenant_tokens: int
    to_next_minute: int
    to_next_day: int
    minute: str = ""  # the UTC minute the turn counts in
    in_flight_before: int = 0


class Lease(NamedTuple):
    """A turn's slot among its tenant's turns in flight: the turn's write gives it back."""

    tenant: str
    minute: str


class _Snapshot(NamedTuple):
    read_at: float
    minute: str
    counts: TenantCounts


def minute_of(now: datetime) -> str:
    """The UTC minute of ``now`` as ``YYYY-MM-DDTHH:MM``, the key of a minute's counters."""
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def _seconds_to_next_minute(now: datetime) -> int:
    return max(1, 60 - now.second)


class Limiter:
    """Checks a turn against its tenant's limits, reading the tenant's counters at most every few seconds.

    Between two reads this container adds its own turns and tokens, so it alone never goes over; turns
    served by other containers count from the next read on (``refresh_seconds`` late at most).
    """

    def __init__(self, defaults: Quota, counter: TenantCounter | None, *, clock: Clock,
                 refresh_seconds: float = 5.0) -> None:
        self._defaults = defaults
        self._counter = counter
        self._clock = clock
        self._refresh = refresh_seconds
        self._guard = threading.Lock()
        self._snapshots: dict[str, _Snapshot] = {}

    def admit(self, tenant: str) -> Admission:
        """The tenant's limits and counts now; raises `RateLimitedError` when the tenant is over one."""
        now = self._clock.now()
        counts = self._counts(tenant, now)
        quota = self._defaults.with_overrides(counts.overrides)
        seen = Admission(quota=quota, tenant_turns=counts.turns_this_minute, tenant_tokens=counts.tokens_today,
                         to_next_minute=_seconds_to_next_minute(now), to_next_day=_seconds_to_next_day(now),
                         minute=minute_of(now), in_flight_before=counts.in_flight_before)
        if quota.tenant_tokens_per_day and counts.tokens_today >= quota.tenant_tokens_per_day:
            raise RateLimitedError("this tenant used its tokens for today (UTC); the limit resets at midnight UTC",
                                   seen.to_next_day, headers(seen, user_turns=0))
        if quota.tenant_turns_per_minute and counts.turns_this_minute >= quota.tenant_turns_per_minute:
            raise RateLimitedError("this tenant sent its turns for this minute; retry in the next minute",
                                   seen.to_next_minute, headers(seen, user_turns=0))
        return seen

    def check_user(self, seen: Admission, user_turns: int) -> None:
        """Raises `RateLimitedError` when the end user already took this minute's turns."""
        limit = seen.quota.user_turns_per_minute
        if limit and user_turns >= limit:
            raise RateLimitedError(f"this user sent {limit} messages this minute; retry in the next minute",
                                   seen.to_next_minute, headers(seen, user_turns=user_turns))

    def acquire(self, tenant: str, seen: Admission) -> Lease | None:
        """A slot among the tenant's turns in flight toward the model; raises `RateLimitedError` when all
        are taken. None when the tenant has no such cap (or no table holds the counters).

        Turns in flight are counted by the minute they started in: a turn lasts less than a minute (the
        function's timeout), so those in flight now started in this minute or the one before. The earlier
        minute's count comes from the tenant's snapshot, read during this minute: it can only have gone
        down since, so the cap is never exceeded, only approached from the safe side.
        """
        cap = seen.quota.tenant_turns_in_flight
        if not cap or self._counter is None:
            return None
        room = cap - seen.in_flight_before
        if room > 0 and self._counter.take_slot(tenant, seen.minute, room):
            return Lease(tenant, seen.minute)
        raise RateLimitedError(f"this tenant has {cap} turns waiting for the model already; retry in a second",
                               1, headers(seen, user_turns=0))

    def give_back(self, lease: Lease) -> None:
        """Frees the slot of a turn that ends without its write (the write frees it otherwise)."""
        if self._counter is not None:
            self._counter.give_back(lease.tenant, lease.minute)

    def peek(self, tenant: str) -> dict[str, str]:
        """The headers of a request that spends nothing (a replayed turn): the tenant's limits as they stand."""
        now = self._clock.now()
        counts = self._counts(tenant, now)
        seen = Admission(quota=self._defaults.with_overrides(counts.overrides), tenant_turns=counts.turns_this_minute,
                         tenant_tokens=counts.tokens_today, to_next_minute=_seconds_to_next_minute(now),
                         to_next_day=_seconds_to_next_day(now))
        return headers(seen._replace(quota=seen.quota._replace(user_turns_per_minute=0)), user_turns=0)

    def spent(self, tenant: str, seen: Admission, user_turns: int, tokens: int) -> dict[str, str]:
        """Counts an answered turn in this container's view of the tenant; the headers of its response."""
        with self._guard:
            held = self._snapshots.get(tenant)
            if held is not None:
                counts = held.counts._replace(turns_this_minute=held.counts.turns_this_minute + 1,
                                              tokens_today=held.counts.tokens_today + tokens)
                self._snapshots[tenant] = held._replace(counts=counts)
        after = seen._replace(tenant_turns=seen.tenant_turns + 1, tenant_tokens=seen.tenant_tokens + tokens)
        return headers(after, user_turns=user_turns + 1)

    def _counts(self, tenant: str, now: datetime) -> TenantCounts:
        if self._counter is None:
            return TenantCounts()
        minute = minute_of(now)
        with self._guard:
            held = self._snapshots.get(tenant)
        fresh = held is not None and held.minute == minute and self._clock.monotonic() - held.read_at < self._refresh
        if held is not None and fresh:
            return held.counts
        counts = self._counter.tenant_counts(tenant, now.date().isoformat(), minute)
        with self._guard:
            self._snapshots[tenant] = _Snapshot(read_at=self._clock.monotonic(), minute=minute, counts=counts)
        return counts


def _seconds_to_next_day(now: datetime) -> int:
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    return max(1, int((midnight - now).total_seconds() + 0.999))


def headers(seen: Admission, *, user_turns: int) -> dict[str, str]:
    """OpenAI's ``x-ratelimit-*`` headers for the tightest request limit and the token limit that apply."""
    quota = seen.quota
    out: dict[str, str] = {}
    requests = [(limit, max(0, limit - used)) for limit, used in
                ((quota.user_turns_per_minute, user_turns), (quota.tenant_turns_per_minute, seen.tenant_turns))
                if limit]
    if requests:
        limit, remaining = min(requests, key=lambda pair: (pair[1], pair[0]))
        out |= {"x-ratelimit-limit-requests": str(limit),
                "x-ratelimit-remaining-requests": str(remaining),
                "x-ratelimit-reset-requests": duration(seen.to_next_minute)}
    if quota.tenant_tokens_per_day:
        out |= {"x-ratelimit-limit-tokens": str(quota.tenant_tokens_per_day),
                "x-ratelimit-remaining-tokens": str(max(0, quota.tenant_tokens_per_day - seen.tenant_tokens)),
                "x-ratelimit-reset-tokens": duration(seen.to_next_day)}
    return out


def duration(seconds: int) -> str:
    """A reset time as OpenAI writes it: ``17s``, ``6m0s``, ``2h3m0s``."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"
