"""The nightly job: sweep expired sessions, summarize idle ones, report what was done.

Work is found through the day buckets of GSI3 (see `chalicelib.dynamodb.keys`), never by scanning the table, so the cost
grows with the sessions due, not with the table. Progress is saved after each finished day: a run
cut short by the Lambda's time limit resumes where it stopped, and a day done twice changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from chalicelib.clock import Clock
from chalicelib.errors import LLMError
from chalicelib.models import Message, iso

log = logging.getLogger(__name__)

FIRST_RUN_LOOKBACK_DAYS = 3
# Runs that may fail on the same session (its summary, or its deep analysis) before it is parked.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class SessionRef:
    """Where a session lives: enough to find its items."""

    tenant: str
    user_id: str
    session_id: str


@dataclass(frozen=True)
class SummaryWork:
    """The messages of a session not yet folded into its summary."""

    summary: str
    summary_through: int
    message_count: int
    messages: tuple[Message, ...]
    attempts: int = 0  # summaries of these messages that failed so far
    parked: bool = False  # failed too often: left to an operator (`python -m scripts.parked`)


@dataclass(frozen=True)
class ParkedSession:
    """A session set aside after failing too often: what failed, when, and the last error."""

    ref: SessionRef
    summary_parked_at: str = ""
    summary_error: str = ""
    analysis_parked_at: str = ""
    analysis_error: str = ""


@dataclass(frozen=True)
class MaintenanceState:
    """The last UTC day fully swept for expiry and fully summarized ("" before the first run)."""

    expired_through: str = ""
    summarized_through: str = ""


@dataclass
class MaintenanceReport:
    """Counts of one run; ``complete`` is False when the time limit cut it short."""

    sessions_expired: int = 0
    items_deleted: int = 0
    sessions_summarized: int = 0
    summaries_failed: int = 0
    summaries_parked: int = 0
    days_swept: list[str] = field(default_factory=list)
    days_summarized: list[str] = field(default_factory=list)
    complete: bool = True

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


class MaintenanceStore(Protocol):
    """What the nightly job needs from storage."""

    def load_state(self) -> MaintenanceState: ...

    def save_state(self, state: MaintenanceState) -> None: ...

    def sessions_last_active_on(self, day: str) -> Iterator[SessionRef]:
        """Sessions whose last activity fell on ``day`` (YYYY-MM-DD, UTC) and not since."""
        ...

    def delete_expired_session(self, ref: SessionRef, now: int, revisit_day: Callable[[int], str]) -> int:
        """Delete the session and its messages if expired at ``now``; the number of items deleted.

        A session still live moves, unless its bucket comes later, to the bucket of ``revisit_day(expiry)``:
        the first day the sweep visits after that expiry.
        """
        ...

    def delete_expired_user_items(self, tenant: str, user_id: str, now: int) -> int:
        """Delete the user's expired mood entries and idempotency records; how many."""
        ...

    def summary_work(self, ref: SessionRef) -> SummaryWork | None:
        """The session's summary and the messages after it, or None when the session is gone."""
        ...

    def save_summary(self, ref: SessionRef, summary: str, through: int, expected_through: int) -> bool:
        """Store a summary covering messages before ``through``; False if another run got there first."""
        ...

    def record_summary_failure(self, ref: SessionRef, attempts: int, error: str, parked_at: str | None) -> None:
        """Note a failed summary on the session; with ``parked_at``, park it until an operator retries it."""
        ...

    def parked_sessions(self) -> list[ParkedSession]:
        """Every parked session (summary or deep analysis)."""
        ...

    def unpark(self, ref: SessionRef) -> None:
        """Forget a session's failures; a parked analysis goes back to the pending queue."""
        ...


class Summarizer(Protocol):
    """Folds new messages into a session's running summary."""

    def summarize(self, previous: str, messages: tuple[Message, ...], *, deadline: float | None = None) -> str:
        """The new summary; ``deadline`` is a ``Clock.monotonic()`` value a model call must not pass."""
        ...


class Maintenance:
    """Runs the nightly work against a `MaintenanceStore`."""

    def __init__(
        self,
        store: MaintenanceStore,
        summarizer: Summarizer,
        *,
        session_ttl_days: int,
        clock: Clock,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self._store = store
        self._summarizer = summarizer
        self._ttl_days = session_ttl_days
        self._max_attempts = max_attempts
        self._now = clock.now
        self._clock = clock.monotonic

    def run(self, deadline: float) -> MaintenanceReport:
        """Do what is due until done or until ``deadline`` (a ``Clock.monotonic()`` value)."""
        report = MaintenanceReport()
        state = self._store.load_state()
        today = self._now().date()
        state = self._sweep(state, today - timedelta(days=self._ttl_days + 1), deadline, report)
        if report.complete:
            self._summarize(state, today - timedelta(days=1), deadline, report)
        return report

    def _sweep(
        self, state: MaintenanceState, last_day: date, deadline: float, report: MaintenanceReport
    ) -> MaintenanceState:
        now = int(self._now().timestamp())
        for day in _days(state.expired_through, last_day):
            for ref in self._store.sessions_last_active_on(day):
                if self._clock() >= deadline:
                    report.complete = False
                    return state
                deleted = self._store.delete_expired_session(ref, now, self._revisit_day)
                deleted += self._store.delete_expired_user_items(ref.tenant, ref.user_id, now)
                report.sessions_expired += int(deleted > 0)
                report.items_deleted += deleted
            state = replace(state, expired_through=day)
            self._store.save_state(state)
            report.days_swept.append(day)
        return state

    def _revisit_day(self, expires_at: int) -> str:
        """The bucket the sweep visits first after ``expires_at`` (day D is swept on day D + TTL + 1).

        Sessions whose expiry was set under a longer TTL are moved there, so lowering the TTL strands none.
        """
        expiry_day = datetime.fromtimestamp(expires_at, UTC).date()
        return (expiry_day - timedelta(days=self._ttl_days)).isoformat()

    def _summarize(
        self, state: MaintenanceState, last_day: date, deadline: float, report: MaintenanceReport
    ) -> None:
        # A day with a session still due for a retry holds the saved progress back; later days are still
        # done every night (a session summarized already has nothing new), so one failure blocks nothing.
        held = False
        for day in _days(state.summarized_through, last_day):
            retry = False
            for ref in self._store.sessions_last_active_on(day):
                if self._clock() >= deadline:
                    report.complete = False
                    return
                retry = self._summarize_one(ref, report, deadline) or retry
            held = held or retry
            if not held:
                state = replace(state, summarized_through=day)
                self._store.save_state(state)
                report.days_summarized.append(day)

    def _summarize_one(self, ref: SessionRef, report: MaintenanceReport, deadline: float) -> bool:
        """Summarize one session; True when it failed and should be tried again next run."""
        work = self._store.summary_work(ref)
        if work is None or not work.messages or work.parked:
            return False
        try:
            summary = self._summarizer.summarize(work.summary, work.messages, deadline=deadline)
        except LLMError as exc:
            return self._failed(ref, work, exc, report)
        if self._store.save_summary(ref, summary, work.message_count, work.summary_through):
            report.sessions_summarized += 1
        return False

    def _failed(self, ref: SessionRef, work: SummaryWork, exc: LLMError, report: MaintenanceReport) -> bool:
        attempts = work.attempts + 1
        park = attempts >= self._max_attempts
        error = f"{type(exc).__name__}: {exc}"[:300]
        self._store.record_summary_failure(ref, attempts, error, iso(self._now()) if park else None)
        report.summaries_failed += 1
        if park:
            report.summaries_parked += 1
            log.error("summary parked after %d attempts: %s#%s#%s: %s", attempts, *_owner(ref), error)
        else:
            log.warning("summary failed (attempt %d of %d): %s", attempts, self._max_attempts, error)
        return not park

    def parked(self) -> list[ParkedSession]:
        """Sessions whose summary or deep analysis failed too often, for an operator to look at."""
        return self._store.parked_sessions()

    def unpark(self, ref: SessionRef, deadline: float) -> bool:
        """Clear a session's failures and summarize it now; True unless the summary failed again.

        Its pending deep analysis, if any, is back in the queue of the nightly pass.
        """
        self._store.unpark(ref)
        report = MaintenanceReport()
        self._summarize_one(ref, report, deadline)
        return report.summaries_failed == 0


def _owner(ref: SessionRef) -> tuple[str, str, str]:
    return ref.tenant, ref.user_id, ref.session_id


def _days(done_through: str, last_day: date) -> Iterator[str]:
    """The days after ``done_through`` up to ``last_day``; a first run looks back a few days."""
    if done_through:
        start = date.fromisoformat(done_through) + timedelta(days=1)
    else:
        start = last_day - timedelta(days=FIRST_RUN_LOOKBACK_DAYS - 1)
    day = start
    while day <= last_day:
        yield day.isoformat()
        day += timedelta(days=1)
