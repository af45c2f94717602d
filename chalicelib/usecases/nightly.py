"""The nightly run: the maintenance sweep, then the catch-up of analyses that failed or never ran."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.usecases.maintenance import Maintenance
    from chalicelib.usecases.memory import Memory

# Sessions whose deep analysis failed or never ran, picked up by one nightly run.
NIGHTLY_ANALYSES = 200


def metric_name(field: str) -> str:
    """A report field's metric: ``sessions_expired`` → ``SessionsExpired``."""
    return "".join(part.capitalize() for part in field.split("_"))


def run(
    maintenance: Maintenance, memory: Memory, *, deadline: float, count: Callable[[str, float], None],
    announce: Callable[[], int] | None = None,
) -> dict[str, object]:
    """Sweep, summarize and catch up, then announce the follow-ups that fell due (``followup.due``);
    every count of the report is also a metric of the same name."""
    report = maintenance.run(deadline=deadline).as_dict()
    pending = memory.analyze_pending(NIGHTLY_ANALYSES, deadline=deadline)
    report.update(
        analyses_pending=pending.sessions + pending.failed,
        analyses_caught_up=pending.sessions,
        analyses_failed=pending.failed,
        analyses_parked=pending.parked,
    )
    if announce is not None:
        report["followups_announced"] = announce()
    for field, value in report.items():
        if isinstance(value, int) and not isinstance(value, bool):
            count(metric_name(field), value)
    return report


def catch_up(memory: Memory, limit: int, *, deadline: float, count: Callable[[str, float], None]) -> dict[str, int]:
    """The catch-up alone, on demand, for up to ``limit`` pending sessions."""
    pending = memory.analyze_pending(max(1, limit), deadline=deadline)
    count("AnalysesCaughtUp", pending.sessions)
    count("AnalysesFailed", pending.failed)
    return {"analyses_caught_up": pending.sessions, "analyses_failed": pending.failed, "messages": pending.messages}
