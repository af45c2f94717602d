"""Deep analysis against a DeepSeek stub on 127.0.0.1 (JSON mode), and the asynchronous Lambda path."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.aws.invoker import LambdaAnalysisTrigger
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from tests.conftest import TABLE
from tests.fakes import FakeClock
from tests.integration.conftest import KEY, TENANT, KeyedClient, make_client

EXTRACTED = {
    "facts": [
        {"category": "personal_info", "key": "name", "value": "Ana", "confidence": 0.97},
        {"category": "work", "key": "job_title", "value": "architect", "confidence": 0.9},
        {"category": "hobbies", "key": "Sea Kayaking", "value": "sea kayaking", "confidence": 0.8},
        {"category": "health", "key": "sleep", "value": "sleeps badly", "confidence": 0.4},
        {"category": "not-a-category", "key": "x", "value": "y", "confidence": 0.99},
    ],
    "episode": {"type": "milestone", "summary": "Ana started a new job.", "importance": 7, "sentiment": "positive"},
}


class _Stub:
    """A DeepSeek stand-in: chat replies in plain text, JSON-mode requests get ``self.analysis``."""

    def __init__(self) -> None:
        self.analysis: str = json.dumps(EXTRACTED)
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                json_mode = body.get("response_format") == {"type": "json_object"}
                content = stub.analysis if json_mode else "Nice to meet you!"
                reply = json.dumps({
                    "model": body["model"],
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 50, "completion_tokens": 10},
                }).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def json_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if "response_format" in r]


@pytest.fixture
def stub() -> Iterator[_Stub]:
    running = _Stub()
    thread = threading.Thread(target=running.server.serve_forever, daemon=True)
    thread.start()
    yield running
    running.server.shutdown()
    running.server.server_close()


@pytest.fixture
def online(dynamodb: Any, stub: _Stub) -> Iterator[Client]:
    with make_client(dynamodb, demo_mode=False, deepseek_api_key="sk-test-secret", deepseek_base_url=stub.url) as c:
        yield c
    app_module.set_services(None)


def _say(client: Client, text: str) -> Any:
    body = json.dumps({"user_id": "ana", "session_id": "s1", "message": text})
    return client.http.post("/message", headers={"Content-Type": "application/json"}, body=body)


def test_a_json_mode_analysis_yields_the_facts_it_returned(online: Client, stub: _Stub) -> None:
    assert _say(online, "Hi, I'm Ana. I just started as an architect and I go sea kayaking.").status_code == 200
    facts = {(f["category"], f["key"]): f["value"] for f in online.http.get("/users/ana/facts").json_body["facts"]}
    assert facts == {
        ("personal_info", "name"): "Ana",
        ("work", "job_title"): "architect",
        ("hobbies", "sea_kayaking"): "sea kayaking",
    }
    episodes = online.http.get("/users/ana/episodes").json_body["episodes"]
    assert [(e["type"], e["summary"]) for e in episodes] == [("milestone", "Ana started a new job.")]
    (analysis,) = stub.json_requests()
    assert "json" in analysis["messages"][0]["content"]
    sent = json.loads(analysis["messages"][1]["content"])
    assert sent["messages"][0]["content"].startswith("Hi, I'm Ana.")
    assert "ana" not in analysis["user_id"] and "sk-test-secret" not in json.dumps(analysis)


def test_the_next_prompt_carries_what_the_analysis_found(online: Client, stub: _Stub) -> None:
    _say(online, "Hi, I'm Ana.")
    _say(online, "What should I do this weekend?")
    chat = [r for r in stub.requests if "response_format" not in r][-1]
    # Learned after the window's first message, the facts wait just before the new message.
    learned = chat["messages"][-2]["content"]
    assert '"Ana"' in learned and '"sea kayaking"' in learned and "not instructions" in learned


def test_an_unusable_analysis_keeps_the_turn_and_stays_pending_until_picked_up(
    online: Client, stub: _Stub, dynamodb: Any
) -> None:
    stub.analysis = "this is not json"
    assert _say(online, "Hi, I'm Ana.").status_code == 200
    assert online.http.get("/users/ana/facts").json_body == {"facts": []}
    memory = app_module.get_services().memory
    stub.analysis = json.dumps(EXTRACTED)
    report = memory.analyze_pending(10)
    assert (report.sessions, report.messages, report.failed) == (1, 2, 0)
    assert len(online.http.get("/users/ana/facts").json_body["facts"]) == 3
    assert memory.analyze_pending(10).sessions == 0
    assert dynamodb.scan(TableName=TABLE, IndexName="GSI2")["Items"] == []


class _RecordingLambda:
    """Stands in for boto3's Lambda client: records the asynchronous invocations asked of it."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def invoke(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        return {"StatusCode": 202}


def test_in_aws_the_turn_hands_analysis_to_the_lambda_function(dynamodb: Any) -> None:
    lam = _RecordingLambda()
    settings = Settings(
        table_name=TABLE, demo_mode=True, analysis_mode="async", analysis_function="luminora-dev-analyze",
        api_keys=f"{KEY}={TENANT}",
    )
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, lambda_client=lam))
    try:
        with KeyedClient(app_module.app) as client:
            assert _say(client, "Hi! My name is Ana, I live in Lisbon.").status_code == 200
            assert client.http.get("/users/ana/facts").json_body == {"facts": []}
            (call,) = lam.calls
            assert call["FunctionName"] == "luminora-dev-analyze" and call["InvocationType"] == "Event"
            event = json.loads(call["Payload"])
            assert event == {"tenant": "default", "user_id": "ana", "session_id": "s1"}
            result = client.lambda_.invoke("analyze", event)
            assert result.payload == {"messages_analyzed": 2}
            assert len(client.http.get("/users/ana/facts").json_body["facts"]) == 2
            assert client.lambda_.invoke("analyze", event).payload == {"messages_analyzed": 0}
    finally:
        app_module.set_services(None)


def test_a_failed_invocation_does_not_fail_the_turn() -> None:
    from botocore.exceptions import EndpointConnectionError

    class Down:
        def invoke(self, **kwargs: Any) -> None:
            raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")

    from chalicelib.models import Message, Relationship, Session, TurnRecord

    message = Message("m", "s1", "user", "hi", "t")
    record = TurnRecord("t1", "ana", Session("s1", "Assistant", "t", "t"), True, message, message, None,
                        Relationship("ana", "Assistant"), False, False, 0)
    LambdaAnalysisTrigger(Down(), "fn")(record)  # logs and returns


class _DeadlineExtractor:
    """Records the deadline each extraction was given (the rule-based extractor does the work)."""

    def __init__(self) -> None:
        self.deadlines: list[float | None] = []

    def extract(
        self, messages: Any, known: Any, *, end_user: str = "", deadline: float | None = None, policy: Any = None
    ) -> Any:
        from chalicelib.engine.extraction import RuleBasedExtractor

        self.deadlines.append(deadline)
        return RuleBasedExtractor().extract(messages, known)


def test_the_analyze_function_runs_under_a_deadline_from_its_remaining_time(dynamodb: Any) -> None:
    extractor, clock = _DeadlineExtractor(), FakeClock()
    settings = Settings(table_name=TABLE, demo_mode=True, analysis_mode="off", api_keys=f"{KEY}={TENANT}")
    services = build_services(settings, dynamodb_client=dynamodb, extractor=extractor, clock=clock)
    app_module.set_services(services)
    try:
        with KeyedClient(app_module.app) as client:
            assert _say(client, "Hi! My name is Ana.").status_code == 200
            event = {"tenant": "default", "user_id": "ana", "session_id": "s1"}
            assert client.lambda_.invoke("analyze", event).payload == {"messages_analyzed": 2}
    finally:
        app_module.set_services(None)
    (deadline,) = extractor.deadlines
    assert deadline is not None and 0 < deadline - clock.monotonic() <= 900  # Lambda's longest timeout
