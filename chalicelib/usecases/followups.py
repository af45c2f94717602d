"""Follow-ups: what the deep analysis stores and what a turn asks or closes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from chalicelib.engine.memory import followups
from chalicelib.models import FollowUp, FollowUpCandidate, Message, PendingAnalysis, iso

# The zone a user's dates are read in, by tenant and user (profile, tenant default, else UTC).
ZoneFor = Callable[[str, str], str]


def utc_zone(tenant: str, user_id: str) -> str:
    return "UTC"


class FollowUpLimits(NamedTuple):
    """How long follow-ups live and how many one user can have open."""

    days_after_due: int = 30
    max_open: int = 20


DEFAULT_LIMITS = FollowUpLimits()

def expiry(due: date, days_after_due: int) -> int:
    """Epoch seconds when a follow-up due on local ``due`` may go: a day's margin for any zone."""
    return int(datetime.combine(due + timedelta(days=days_after_due + 1), time(), UTC).timestamp())


def analysed(
    pending: PendingAnalysis,
    suggested: Sequence[FollowUpCandidate],
    zone_name: str,
    *,
    now: datetime,
    new_id: Callable[[], str],
    limits: FollowUpLimits = DEFAULT_LIMITS,
) -> tuple[FollowUp, ...]:
    """The follow-up items an analysis of ``pending`` writes: new, moved and cancelled ones, whole.

    The offline rules always run; what the LLM suggested is added when the rules missed it.
    """
    plan = followups.plan(pending.messages, pending.followups, zone_name)
    stamp = iso(now)
    written = [f._replace(due=d.isoformat(), updated_at=stamp, expires_at=expiry(d, limits.days_after_due))
               for f, d in plan.moved]
    written += [f._replace(status="cancelled", updated_at=stamp) for f in plan.cancelled]
    found = [(n.what, n.due, n.source_message_id) for n in plan.new if n.due is not None]
    found += _suggested(suggested, found, pending.messages, zone_name)
    room = limits.max_open - sum(f.status == "open" for f in pending.followups)
    for what, due, source in found[:max(0, room)]:
        written.append(FollowUp(followup_id=new_id(), what=what, due=due.isoformat(), source_message_id=source,
                                status="open", personality=pending.session.personality, created_at=stamp,
                                updated_at=stamp, expires_at=expiry(due, limits.days_after_due)))
    return tuple(written)


def _suggested(
    suggested: Sequence[FollowUpCandidate], found: list[tuple[str, date, str]], messages: Sequence[Message],
    zone_name: str,
) -> list[tuple[str, date, str]]:
    """The LLM's follow-ups that the rules did not find, dated no earlier than the message that said them."""
    said = {m.message_id: followups.local_date(m.created_at, zone_name) for m in messages if m.role == "user"}
    extra: list[tuple[str, date, str]] = []
    for candidate in suggested:
        try:
            due = date.fromisoformat(candidate.due)
        except ValueError:
            continue
        day = said.get(candidate.source_message_id)
        probe = FollowUp(followup_id="", what=candidate.what, due=candidate.due, source_message_id="")
        if day is None or due < day or any(d == due and followups.talks_about(w, probe) for w, d, _ in found):
            continue
        extra.append((candidate.what[: followups.MAX_WHAT], due, candidate.source_message_id))
    return extra


class TurnFollowUp(NamedTuple):
    """What a turn does about follow-ups: the one to ask (if any) and the items it updates."""

    ask: FollowUp | None = None
    changed: tuple[FollowUp, ...] = ()


def for_turn(live: Sequence[FollowUp], personality: str, message: str, today: date, stamp: str) -> TurnFollowUp:
    """From the day after ``due``: close what the user brings up first, else ask the oldest one, once."""
    waiting = [f for f in live if f.status == "open" and f.personality.lower() == personality.lower()
               and date.fromisoformat(f.due) < today]
    closed = [f._replace(status="closed", updated_at=stamp) for f in waiting if followups.talks_about(message, f)]
    left = [f for f in waiting if all(c.followup_id != f.followup_id for c in closed)]
    ask = min(left, key=lambda f: (f.due, f.created_at), default=None)
    asked = (ask._replace(status="asked", updated_at=stamp),) if ask else ()
    return TurnFollowUp(ask, (*closed, *asked))


def still_open(done: TurnFollowUp, live: Sequence[FollowUp]) -> TurnFollowUp:
    """``done`` after a re-read: only what is still open is marked (another turn may have asked it)."""
    open_ids = {f.followup_id for f in live if f.status == "open"}
    return done._replace(changed=tuple(f for f in done.changed if f.followup_id in open_ids))


def in_zone(messages: Sequence[Message], zone_name: str) -> tuple[Message, ...]:
    """``messages`` with ``created_at`` as local time and offset, so an extractor reads the user's dates."""
    where = followups.zone(zone_name)
    return tuple(m._replace(created_at=datetime.fromisoformat(m.created_at.replace("Z", "+00:00"))
                            .astimezone(where).isoformat(timespec="seconds")) for m in messages)
