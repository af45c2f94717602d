from __future__ import annotations

import json
from pathlib import Path

from bench import followups
from bench.__main__ import _followup_row


def _write(tmp_path: Path, cases: list[dict[str, str]], no_event: list[dict[str, str]]) -> Path:
    path = tmp_path / "set.json"
    path.write_text(json.dumps({"cases": cases, "no_event": no_event}), encoding="utf-8")
    return path


def test_the_bench_counts_a_wrong_due_date_and_a_false_follow_up(tmp_path: Path) -> None:
    # Sunday 2030-06-16 at 23:30 in New York is already Monday in UTC: the local date must decide.
    cases = [
        {"lang": "en", "said_at": "2030-06-16T23:30:00", "timezone": "America/New_York",
         "text": "my interview is tomorrow", "event": "interview", "due": "2030-06-17"},
        {"lang": "en", "said_at": "2030-06-16T10:00:00", "timezone": "UTC",
         "text": "my interview is tomorrow", "event": "interview", "due": "2030-06-20"},
    ]
    no_event = [
        {"lang": "en", "said_at": "2030-06-16T10:00:00", "timezone": "UTC", "text": "I swim every Friday"},
        {"lang": "en", "said_at": "2030-06-16T10:00:00", "timezone": "UTC", "text": "my exam is on Friday"},
    ]
    figures = followups.main([str(_write(tmp_path, cases, no_event))])["set"]
    assert (figures["due_right"], figures["false_rate"], figures["met"]) == (0.5, 0.5, False)


def test_an_absent_set_is_skipped_and_reported_as_not_measured() -> None:
    assert _followup_row({"skipped": "no follow-up set found"})["verdict"] == "not measured"
