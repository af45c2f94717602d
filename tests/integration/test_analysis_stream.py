"""The `analyze` function on the table's stream: moto's own stream records, fed to the handler as Lambda would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.errors import AnalysisIncompleteError
from tests.conftest import TABLE
from tests.fakes import FakeClock
from tests.integration.conftest import KEY, TENANT, KeyedClient, stream_records

OPERATIONS = Path(__file__).resolve().parents[2] / "infra" / "operations.json"


class _Extractor:
    """The rule-based extractor, recording whose messages each call read; can fail, or take time."""

    def __init__(self, clock: FakeClock) -> None:
        self.calls: list[tuple[str, int]] = []  # (first message's session, messages read)
        self.deadlines: list[float | None] = []
        self.failing: set[str] = set()  # session ids whose analysis raises
        self.takes = timedelta()
        self._clock = clock

    def extract(self, messages: Any, known: Any, *, end_user: str = "", deadline: float | None = None,
                policy: Any = None) -> Any:
        session = messages[0].session_id
        self.calls.append((session, len(messages)))
        self.deadlines.append(deadline)
        self._clock.advance(self.takes)
        if session in self.failing:
            raise RuntimeError(f"the model is down for {session}")
        return RuleBasedExtractor().extract(messages, known)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def extractor(clock: FakeClock) -> _Extractor:
    return _Extractor(clock)


@pytest.fixture
def client(dynamodb: Any, extractor: _Extractor, clock: FakeClock) -> Iterator[Client]:
    """The app as the AWS stages run it: a turn only writes; the stream's handler does the analysis."""
    settings = Settings(table_name=TABLE, demo_mode=True, analysis_mode="stream", api_keys=f"{KEY}={TENANT}")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, extractor=extractor, clock=clock))
    with KeyedClient(app_module.app) as test_client:
        yield test_client
    app_module.set_services(None)


def _say(client: Client, user: str, session: str, text: str) -> None:
    body = json.dumps({"user_id": user, "session_id": session, "message": text})
    assert client.http.post("/message", headers={"Content-Type": "application/json"}, body=body).status_code == 200


def _pending(dynamodb: Any) -> list[str]:
    return sorted(i["SK"]["S"] for i in dynamodb.scan(TableName=TABLE, IndexName="GSI2")["Items"])


def _three_sessions(client: Client) -> None:
    for text in ("Hi, I'm Ana.", "I live in Lisbon.", "I work as an architect."):
        _say(client, "ana", "s1", text)
    _say(client, "ana", "s2", "I love sea kayaking.")
    _say(client, "bob", "s1", "My name is Bob.")


def test_a_turn_leaves_the_analysis_to_the_stream(client: Client, extractor: _Extractor, dynamodb: Any) -> None:
    _say(client, "ana", "s1", "Hi, I'm Ana.")
    assert extractor.calls == [] and client.http.get("/users/ana/facts").json_body == {"facts": []}
    assert _pending(dynamodb) == ["S#s1#~META"]


def test_a_batch_analyses_each_of_its_sessions_once_however_many_turns_it_holds(
    client: Client, extractor: _Extractor, dynamodb: Any
) -> None:
    _three_sessions(client)
    event = {"Records": stream_records(dynamodb)}
    assert len([r for r in event["Records"] if r["eventName"] == "INSERT"]) > 10  # messages, moods, sessions...
    result = client.lambda_.invoke("analyze", event)
    assert result.payload == {"sessions_analyzed": 3, "messages_analyzed": 10}
    assert extractor.calls == [("s1", 6), ("s2", 2), ("s1", 2)]  # ana's s1 (three turns), ana's s2, bob's s1
    facts = {f["key"]: f["value"] for f in client.http.get("/users/ana/facts").json_body["facts"]}
    assert facts["name"] == "Ana"
    assert _pending(dynamodb) == []


def test_records_other_than_inserted_messages_start_no_analysis(
    client: Client, extractor: _Extractor, dynamodb: Any
) -> None:
    _three_sessions(client)
    assert client.http.delete("/users/bob").status_code == 200  # removes bob's messages: REMOVE records
    records = stream_records(dynamodb)
    others = [r for r in records
              if not (r["eventName"] == "INSERT"
                      and r["dynamodb"]["NewImage"].get("entity_type", {}).get("S") == "message")]
    assert {r["eventName"] for r in others} == {"INSERT", "MODIFY", "REMOVE"}
    assert client.lambda_.invoke("analyze", {"Records": others}).payload == {
        "sessions_analyzed": 0, "messages_analyzed": 0}
    assert extractor.calls == []
    assert len(_pending(dynamodb)) == 2  # ana's sessions still wait


def test_a_failing_session_fails_the_batch_after_the_others_are_analysed_and_a_redelivery_finishes_it(
    client: Client, extractor: _Extractor, dynamodb: Any
) -> None:
    _three_sessions(client)
    event = {"Records": stream_records(dynamodb)}
    extractor.failing = {"s2"}
    with pytest.raises(AnalysisIncompleteError, match="of 3 sessions, 1 failed"):
        client.lambda_.invoke("analyze", event)
    assert _pending(dynamodb) == ["S#s2#~META"]
    extractor.failing, extractor.calls = set(), []
    assert client.lambda_.invoke("analyze", event).payload == {"sessions_analyzed": 3, "messages_analyzed": 2}
    assert extractor.calls == [("s2", 2)]  # the others had nothing left to read
    assert _pending(dynamodb) == []


def test_the_batch_runs_under_a_deadline_from_the_functions_remaining_time(
    client: Client, extractor: _Extractor, clock: FakeClock, dynamodb: Any
) -> None:
    _three_sessions(client)
    event = {"Records": stream_records(dynamodb)}
    extractor.takes = timedelta(seconds=2)  # chalice.test's context gives the function 3 s
    with pytest.raises(AnalysisIncompleteError, match="2 were left for lack of time"):
        client.lambda_.invoke("analyze", event)
    ((session, _),) = extractor.calls
    (deadline,) = extractor.deadlines
    assert session == "s1" and deadline is not None and deadline - clock.monotonic() < 0
    assert len(_pending(dynamodb)) == 2


def test_the_catch_up_function_analyses_what_is_pending_on_demand(
    client: Client, extractor: _Extractor, dynamodb: Any
) -> None:
    _three_sessions(client)
    first = client.lambda_.invoke("catch-up", {"limit": 2}).payload
    assert len(extractor.calls) == 2
    assert first == {"analyses_caught_up": 2, "analyses_failed": 0, "messages": sum(n for _, n in extractor.calls)}
    assert len(_pending(dynamodb)) == 1
    assert client.lambda_.invoke("catch-up", {}).payload["analyses_caught_up"] == 1
    assert _pending(dynamodb) == []


def _matches(pattern: Any, value: Any) -> bool:
    """Lambda's filter rule for the patterns used here: a list holds the allowed values, a dict recurses."""
    if isinstance(pattern, list):
        return value in pattern
    return isinstance(value, dict) and all(_matches(p, value.get(k)) for k, p in pattern.items())


def test_the_mappings_filter_lets_through_exactly_the_inserted_messages(client: Client, dynamodb: Any) -> None:
    _three_sessions(client)
    assert client.http.delete("/users/bob").status_code == 200
    mapping = json.loads(OPERATIONS.read_text())["Resources"]["Analyze"]["Properties"]["Events"]
    (pattern,) = mapping["AnalyzeDynamodbEventSource"]["Properties"]["FilterCriteria"]["Filters"]
    records = stream_records(dynamodb)
    kept = [r for r in records if _matches(json.loads(pattern["Pattern"]), r)]
    assert len(kept) == 10 and len(records) > 3 * len(kept)
    assert {(r["eventName"], r["dynamodb"]["NewImage"]["entity_type"]["S"]) for r in kept} == {("INSERT", "message")}
