"""Output shared by the benchmarks: one JSON object on the last line, a short table above it."""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import statistics
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chalicelib.config import Settings

# Dummy credentials and a region for moto and `chalice package`: no benchmark may reach AWS.
OFFLINE_AWS = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_SESSION_TOKEN": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def unrefused(settings: Settings) -> Settings:
    """``settings`` with limits no scripted run reaches: its turns arrive far faster than people type, and
    every check and every read of a tenant's limit counters still happens and is measured."""
    return dataclasses.replace(settings, limit_user_turns_per_minute=10**9, limit_tenant_turns_per_minute=10**9,
                               limit_tenant_tokens_per_day=10**15)


def offline_aws() -> None:
    """Pin dummy AWS settings in this process before boto3 reads them."""
    os.environ.update(OFFLINE_AWS)
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"):
        os.environ.pop(name, None)


def machine() -> dict[str, Any]:
    """Where and when the figures were taken."""
    return {
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cpus": os.cpu_count(),
    }


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain aligned text table."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def emit(title: str, text: str, figures: dict[str, Any]) -> None:
    """Print the human table, then the figures as one JSON object on one line."""
    print(f"== {title}\n{text}\n", flush=True)
    print(json.dumps(figures, sort_keys=True), flush=True)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
