"""What apps and operators set and read about safety: end users' profiles, a tenant's settings, the report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from chalicelib.clock import Clock
from chalicelib.errors import InvalidInputError
from chalicelib.models import SafetyConfig, TurnRecord, UserProfile, iso
from chalicelib.ports import SafetyStore
from chalicelib.usecases.safety import (
    AI_DISCLOSURE,
    BREAK_REMINDER,
    CRISIS_REFERRAL,
    MINOR_CONTENT,
    Safeguards,
    counts_view,
)

# The longest span one report covers: a year and a little more, for the annual report.
MAX_REPORT_DAYS = 400
DEFAULT_REPORT_DAYS = 30
# One metric per protocol, for the operator's alarm on crisis referrals.
METRICS = {CRISIS_REFERRAL: "SafetyCrisisReferrals", AI_DISCLOSURE: "SafetyDisclosures",
           BREAK_REMINDER: "SafetyBreakReminders", MINOR_CONTENT: "SafetyMinorContent"}


class Oversight:
    """Profiles, safety settings and the count of protocols fired, for the routes."""

    def __init__(self, store: SafetyStore, safeguards: Safeguards, *, clock: Clock) -> None:
        self._store = store
        self._safeguards = safeguards
        self._clock = clock

    def profile(self, tenant: str, user_id: str) -> UserProfile:
        """The user's profile; a user the app never described is an adult with no locale."""
        return self._store.get_profile(tenant, user_id) or UserProfile()

    def set_profile(self, tenant: str, user_id: str, *, minor: bool, locale: str, timezone: str = "") -> UserProfile:
        profile = UserProfile(minor=minor, locale=locale, timezone=timezone, updated_at=iso(self._clock.now()))
        return self._store.put_profile(tenant, user_id, profile)

    def config(self, tenant: str) -> SafetyConfig:
        return self._store.get_safety_config(tenant) or SafetyConfig()

    def set_config(self, tenant: str, config: SafetyConfig) -> SafetyConfig:
        stored = config._replace(updated_at=iso(self._clock.now()))
        self._store.put_safety_config(tenant, stored)
        self._safeguards.forget(tenant)  # this container at once; others within their cache's minute
        return stored

    def report(self, tenant: str, first: str | None, last: str | None) -> dict[str, object]:
        """Protocol firings per UTC day from ``first`` to ``last`` (both included; the last 30 days by default)."""
        end = _day("to", last) if last else self._clock.now().date()
        start = _day("from", first) if first else end - timedelta(days=DEFAULT_REPORT_DAYS - 1)
        if start > end:
            raise InvalidInputError("from", "must not be after to")
        if (end - start).days >= MAX_REPORT_DAYS:
            raise InvalidInputError("from", f"a report spans at most {MAX_REPORT_DAYS} days")
        counts = self._store.safety_counts(tenant, start.isoformat(), end.isoformat())
        return counts_view(counts, start.isoformat(), end.isoformat())


def _day(field: str, raw: str) -> date:
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInputError(field, "must be a date, YYYY-MM-DD") from None


def meter_protocols(count: Callable[[str], None],
                    then: Callable[[TurnRecord, float | None], None] | None
                    ) -> Callable[[TurnRecord, float | None], None]:
    """An ``after_turn`` hook that counts the turn's safety protocol as a metric, then runs ``then``."""

    def after_turn(record: TurnRecord, deadline: float | None = None) -> None:
        if record.safety is not None and record.safety.protocol in METRICS:
            count(METRICS[record.safety.protocol])
        if then is not None:
            then(record, deadline)

    return after_turn
