"""The one reader of the wall clock: every other module asks the `Clock` that `bootstrap` wires."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Calendar time for stamps and TTLs; monotonic seconds for deadlines."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back, for deadlines and durations."""
        ...


class SystemClock:
    """The machine's clock: what production runs on."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


SYSTEM_CLOCK: Clock = SystemClock()


def epoch(clock: Clock) -> float:
    """The clock's current time as POSIX seconds (DynamoDB's `ttl` unit)."""
    return clock.now().timestamp()


def deadline_for(clock: Clock, lambda_context: object, *, margin: float, fallback: float,
                 budget: float | None = None) -> float:
    """A `Clock.monotonic()` deadline for an invocation: the Lambda's remaining time less ``margin``
    (the time kept back to answer or to log what failed, never more than half of what remains), at
    most ``budget`` seconds; ``fallback`` seconds where no Lambda context exists (`chalice local`)."""
    remaining = getattr(lambda_context, "get_remaining_time_in_millis", None)
    left = remaining() / 1000 if remaining is not None else None
    seconds = left - min(margin, left / 2) if left is not None else fallback
    if budget is not None:
        seconds = min(seconds, budget)
    return clock.monotonic() + seconds
