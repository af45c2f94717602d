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
