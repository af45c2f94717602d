"""Which webhook events a turn and the nightly job raise, with tenant-scoped data and no message text."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Protocol

from chalicelib.models import FollowUp, MemoryUpdate, TurnRecord
from chalicelib.usecases.webhooks import Webhooks

log = logging.getLogger(__name__)

AfterTurn = Callable[[TurnRecord, float | None], None]


class DueFollowUps(Protocol):
    def due_followups(self, due: str) -> list[tuple[str, str, FollowUp]]: ...


def turn_events(record: TurnRecord) -> list[tuple[str, dict[str, object]]]:
    """A level change, a mood shift and a safety protocol of this turn, as (type, data)."""
    before, after = record.previous, record.relationship
    who = {"user_id": record.user_id, "personality": after.personality}
    found: list[tuple[str, dict[str, object]]] = []
    if before is not None and before.level != after.level:
        found.append(("affinity.level_changed", {**who, "from": before.level, "to": after.level,
                                                  "affinity_points": after.affinity_points}))
    if (before.mood if before else "neutral") != after.mood:
        found.append(("mood.shifted", {**who, "from": before.mood if before else "neutral", "to": after.mood,
                                       "intensity": after.mood_intensity}))
    if record.safety and record.safety.protocol:  # which protocol, never the message that fired it
        found.append(("safety.protocol", {**who, "protocol": record.safety.protocol}))
    return found


def with_events(after_turn: AfterTurn | None, webhooks: Webhooks) -> AfterTurn:
    """``after_turn`` that first publishes the turn's events; a failure to publish never fails the turn."""

    def run(record: TurnRecord, deadline: float | None) -> None:
        for event_type, data in turn_events(record):
            try:
                webhooks.publish(record.tenant, event_type, data)
            except Exception as exc:  # the turn is stored and answered; the event is lost, and logged
                log.warning("webhook event %s not queued: %s: %s", event_type, type(exc).__name__, exc)
        if after_turn is not None:
            after_turn(record, deadline)

    return run


def announce_due(store: DueFollowUps, webhooks: Webhooks, today: date) -> int:
    """Publish `followup.due` for every open follow-up that fell due yesterday (the day before ``today``)."""
    sent = 0
    for tenant, user_id, followup in store.due_followups((today - timedelta(days=1)).isoformat()):
        data: dict[str, object] = {"user_id": user_id, "followup_id": followup.followup_id, "due": followup.due,
                                   "personality": followup.personality}
        sent += webhooks.publish(tenant, "followup.due", data)
    return sent


def announcer(store: object, webhooks: Webhooks | None, today: Callable[[], date]) -> Callable[[], int] | None:
    """The nightly job's `followup.due` step, where there are webhooks and a store that finds due follow-ups."""
    if webhooks is None or not hasattr(store, "due_followups"):
        return None
    due: DueFollowUps = store
    return lambda: announce_due(due, webhooks, today())


def fact_events(update: MemoryUpdate) -> list[tuple[str, dict[str, object]]]:
    """One `memory.fact_changed` per fact an analysis wrote or dropped: its category and key, never its value."""
    changes = [(f, "set") for f in update.facts] + [(f, "dropped") for f in update.dropped_facts]
    return [("memory.fact_changed", {"user_id": update.user_id, "category": f.category, "key": f.key,
                                     "change": change}) for f, change in changes]


def on_saved(webhooks: Webhooks) -> Callable[[MemoryUpdate], None]:
    """Publish an analysis's fact changes; a failure to publish is logged, never raised."""

    def run(update: MemoryUpdate) -> None:
        for event_type, data in fact_events(update):
            try:
                webhooks.publish(update.tenant, event_type, data)
            except Exception as exc:  # the memory is stored; the event is lost, and logged
                log.warning("webhook event %s not queued: %s: %s", event_type, type(exc).__name__, exc)

    return run
