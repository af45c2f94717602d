"""Time has one source: `chalicelib.clock`. Everything else asks the clock that `bootstrap` wires."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chalicelib.clock import SYSTEM_CLOCK, deadline_for

ROOT = Path(__file__).resolve().parents[2]
# Readings of the machine's clock, by what they are whatever name a module imported them under.
_CLOCK_READS = {
    "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today", "datetime.date.today",
    "time.time", "time.time_ns", "time.monotonic", "time.monotonic_ns", "time.perf_counter",
    "time.perf_counter_ns", "time.localtime", "time.gmtime", "time.ctime", "time.asctime",
}
# What a bare name most likely stands for when the module did not import it (e.g. a star import).
_USUAL = {"datetime": "datetime.datetime", "date": "datetime.date", "time": "time"}


def _imported(tree: ast.AST) -> dict[str, str]:
    """Each name a module binds by import, to what it is: ``import time as t`` binds t to ``time``."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update({a.asname or a.name.split(".")[0]: a.name if a.asname else a.name.split(".")[0]
                          for a in node.names})
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
    return names


def _dotted(node: ast.expr, names: dict[str, str]) -> str | None:
    """What ``a.b.c`` refers to, its first name resolved through the module's imports."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([names.get(node.id) or _USUAL.get(node.id, node.id), *parts])


def _clock_reads(path: Path) -> list[str]:
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    tree = ast.parse(path.read_text(), str(path))
    names = _imported(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("time", "datetime"):
            found += [f"{where}:{node.lineno}: from {node.module} import {a.name}"
                      for a in node.names if f"{node.module}.{a.name}" in _CLOCK_READS]
        elif isinstance(node, ast.Attribute) and _dotted(node, names) in _CLOCK_READS:  # called or passed on
            found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    sources = [ROOT / "app.py", *sorted((ROOT / "chalicelib").rglob("*.py"))]
    offenders = [hit for path in sources if path.name != "clock.py" for hit in _clock_reads(path)]
    assert offenders == []


@pytest.mark.parametrize(("source", "read"), [
    ("from datetime import datetime\nstamp = datetime.now()\n", "datetime.now"),
    ("import datetime\nstamp = datetime.datetime.now()\n", "datetime.datetime.now"),
    ("import datetime as dt\nstamp = dt.date.today()\n", "dt.date.today"),
    ("from datetime import datetime as moment\nstamp = moment.utcnow()\n", "moment.utcnow"),
    ("import time as t\nmark = t.time()\n", "t.time"),
    ("import time\nmark = time.monotonic()\n", "time.monotonic"),
    ("from time import time as now\n", "from time import time"),
])
def test_the_scan_finds_a_wall_clock_read_under_any_name(tmp_path: Path, source: str, read: str) -> None:
    sample = tmp_path / "probe.py"
    sample.write_text(source)
    assert [hit.split(": ")[1] for hit in _clock_reads(sample)] == [read]


def test_the_scan_leaves_clock_free_code_alone(tmp_path: Path) -> None:
    sample = tmp_path / "probe.py"
    sample.write_text("import time\nfrom datetime import datetime\ntime.sleep(1)\nstamp = datetime.fromisoformat(x)\n")
    assert _clock_reads(sample) == []


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
