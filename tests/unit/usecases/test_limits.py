"""The limiter: the tightest limit in the headers, and a tenant's counters read only every few seconds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.errors import RateLimitedError
from chalicelib.usecases.limits import Limiter, Quota, TenantCounts, duration, headers
from tests.fakes import FakeClock


class _Counter:
    def __init__(self, counts: TenantCounts) -> None:
        self.counts, self.reads = counts, 0

        self.in_flight: dict[str, int] = {}

    def tenant_counts(self, tenant: str, day: str, minute: str) -> TenantCounts:
        self.reads += 1
        return self.counts

    def take_slot(self, tenant: str, minute: str, room: int) -> bool:
        if self.in_flight.get(minute, 0) >= room:
            return False
        self.in_flight[minute] = self.in_flight.get(minute, 0) + 1
        return True

    def give_back(self, tenant: str, minute: str) -> None:
        self.in_flight[minute] -= 1


def test_reset_times_are_written_as_openai_writes_them() -> None:
    assert [duration(s) for s in (7, 60, 61, 3725)] == ["7s", "1m0s", "1m1s", "1h2m5s"]


def test_the_headers_describe_the_limit_with_the_least_left() -> None:
    clock = FakeClock()
    seen = Limiter(Quota(10, 100, 0), _Counter(TenantCounts(turns_this_minute=98)), clock=clock).admit("t")
    assert headers(seen, user_turns=3)["x-ratelimit-limit-requests"] == "100"  # 2 left of the tenant's, 7 of the user's
    assert headers(seen, user_turns=9)["x-ratelimit-remaining-requests"] == "1"
    assert "x-ratelimit-limit-tokens" not in headers(seen, user_turns=0)  # no token limit, no token headers


def test_a_tenants_counters_are_read_once_per_refresh_and_again_in_a_new_minute() -> None:
    clock = FakeClock()
    clock.set(clock.now().replace(second=0, microsecond=0))
    counter = _Counter(TenantCounts(turns_this_minute=0, tokens_today=0))
    limiter = Limiter(Quota(0, 3, 0), counter, clock=clock, refresh_seconds=5)
    for _ in range(3):
        limiter.spent("t", limiter.admit("t"), user_turns=0, tokens=10)
    assert counter.reads == 1
    with pytest.raises(RateLimitedError) as refused:  # this container's own turns count between reads
        limiter.admit("t")
    assert refused.value.retry_after == 60
    clock.advance(timedelta(minutes=1))
    limiter.admit("t")
    assert counter.reads == 2


def test_a_tenants_own_limits_replace_the_defaults() -> None:
    counter = _Counter(TenantCounts(tokens_today=500, overrides={"tenant_tokens_per_day": 400}))
    with pytest.raises(RateLimitedError, match="tokens"):
        Limiter(Quota(0, 0, 1000), counter, clock=FakeClock()).admit("t")


def test_the_turns_in_flight_of_the_minute_before_leave_less_room() -> None:
    clock = FakeClock()
    counter = _Counter(TenantCounts(in_flight_before=2))
    limiter = Limiter(Quota(tenant_turns_in_flight=3), counter, clock=clock)
    seen = limiter.admit("t")
    lease = limiter.acquire("t", seen)
    assert lease is not None and lease.minute == seen.minute
    with pytest.raises(RateLimitedError, match="3 turns waiting") as refused:
        limiter.acquire("t", seen)
    assert refused.value.retry_after == 1
    limiter.give_back(lease)
    assert limiter.acquire("t", seen) is not None


def test_a_minute_before_already_at_the_cap_is_refused_without_a_request() -> None:
    counter = _Counter(TenantCounts(in_flight_before=3))
    limiter = Limiter(Quota(tenant_turns_in_flight=3), counter, clock=FakeClock())
    with pytest.raises(RateLimitedError):
        limiter.acquire("t", limiter.admit("t"))
    assert counter.in_flight == {}


def test_no_cap_takes_no_slot() -> None:
    counter = _Counter(TenantCounts())
    limiter = Limiter(Quota(tenant_turns_in_flight=0), counter, clock=FakeClock())
    assert limiter.acquire("t", limiter.admit("t")) is None
    assert counter.in_flight == {}
