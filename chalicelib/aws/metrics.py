"""CloudWatch metrics as Embedded Metric Format log lines: no API call, no extra permission."""

from __future__ import annotations

import json
from collections.abc import Mapping

NAMESPACE = "Luminora"


def emf_line(metrics: Mapping[str, int | float], *, job: str, timestamp_ms: int) -> str:
    """One JSON log line that CloudWatch turns into a count metric per key, by ``Job`` dimension."""
    document: dict[str, object] = {
        "_aws": {
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [
                {
                    "Namespace": NAMESPACE,
                    "Dimensions": [["Job"]],
                    "Metrics": [{"Name": name, "Unit": "Count"} for name in metrics],
                }
            ],
        },
        "Job": job,
        **metrics,
    }
    return json.dumps(document, separators=(",", ":"))
