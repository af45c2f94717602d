"""Telemetry on its own: what is written, when, and what is counted."""

from __future__ import annotations

import json

import pytest

from chalicelib.aws.telemetry import Telemetry, meter_turns
from chalicelib.models import Message, Relationship, Session, TurnRecord


def _emf(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"')]


def test_an_invocation_without_metrics_writes_no_emf_document(capsys: pytest.CaptureFixture[str]) -> None:
    Telemetry(service="svc", namespace="Test").flush()
    assert _emf(capsys.readouterr().out) == []


def test_begin_drops_what_an_unfinished_invocation_left(capsys: pytest.CaptureFixture[str]) -> None:
    telemetry = Telemetry(service="svc", namespace="Test")
    telemetry.count("Stale")
    telemetry.tenant = "acme"
    telemetry.begin()
    telemetry.count("Fresh", 2)
    telemetry.flush()
    (document,) = _emf(capsys.readouterr().out)
    assert document["Fresh"] == [2.0] and "Stale" not in document and telemetry.tenant is None


def _record(before: str | None, after: str) -> TurnRecord:
    message = Message("m", "s1", "user", "hi", "t")
    previous = Relationship("ana", "Assistant", level=before) if before else None
    return TurnRecord("t1", "ana", Session("s1", "Assistant", "t", "t"), True, message, message, previous,
                      Relationship("ana", "Assistant")._replace(level=after), True, False, 0)


def test_only_a_changed_level_counts_and_the_next_hook_still_runs(capsys: pytest.CaptureFixture[str]) -> None:
    telemetry = Telemetry(service="svc", namespace="Test")
    seen: list[str] = []
    hook = meter_turns(telemetry, lambda record, deadline: seen.append(record.relationship.level))
    for before, after in ((None, "stranger"), ("stranger", "stranger"), ("stranger", "acquaintance")):
        hook(_record(before, after), None)
    telemetry.flush()
    (document,) = _emf(capsys.readouterr().out)
    assert document["AffinityLevelChanges"] == [1.0]
    assert seen == ["stranger", "stranger", "acquaintance"]
