"""Time has one source: `chalicelib.clock`. Everything else asks the clock that `bootstrap` wires."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

from chalicelib.clock import SYSTEM_CLOCK, deadline_for

ROOT = Path(__file__).resolve().parents[2]
# Readings of the machine's clock, as `module.attribute` calls or as names imported from `time`.
_CLOCK_READS = {
    ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
    ("time", "time"), ("time", "time_ns"), ("time", "monotonic"), ("time", "monotonic_ns"),
    ("time", "perf_counter"), ("time", "localtime"), ("time", "gmtime"),
}
_TIME_NAMES = {name for module, name in _CLOCK_READS if module == "time"}


def _clock_reads(path: Path) -> list[str]:
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in _CLOCK_READS:
                found.append(f"{where}:{node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            found += [f"{where}:{node.lineno}: from time import {a.name}"
                      for a in node.names if a.name in _TIME_NAMES]
    return found


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    sources = [ROOT / "app.py", *sorted((ROOT / "chalicelib").rglob("*.py"))]
    offenders = [hit for path in sources if path.name != "clock.py" for hit in _clock_reads(path)]
    assert offenders == []


def test_the_scan_finds_a_wall_clock_read(tmp_path: Path) -> None:
    sample = tmp_path / "probe.py"
    sample.write_text("from time import time\nfrom datetime import datetime\nstamp = datetime.now()\nmark = time()\n")
    assert [hit.split(": ")[1] for hit in _clock_reads(sample)] == ["from time import time", "datetime.now"]


def test_the_system_clock_tells_utc() -> None:
    now = SYSTEM_CLOCK.now()
    assert now.tzinfo is not None and now.utcoffset() == UTC.utcoffset(now)
    assert SYSTEM_CLOCK.monotonic() <= SYSTEM_CLOCK.monotonic()


class _Context:
    def __init__(self, remaining_ms: int) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


class _StoppedClock:
    def now(self) -> datetime:
        return datetime(2030, 1, 1, tzinfo=UTC)

    def monotonic(self) -> float:
        return 1000.0


def test_a_deadline_keeps_a_margin_of_the_lambdas_time_within_the_budget() -> None:
    clock, start = _StoppedClock(), 1000.0
    assert deadline_for(clock, _Context(29_000), margin=1.5, fallback=5, budget=25) - start == 25
    assert deadline_for(clock, _Context(10_000), margin=1.5, fallback=5, budget=25) - start == 8.5
    assert deadline_for(clock, _Context(4_000), margin=10, fallback=5) - start == 2  # at most half kept back
    assert deadline_for(clock, None, margin=1.5, fallback=5) - start == 5
