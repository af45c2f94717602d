"""Deep analysis against a DeepSeek stub on 127.0.0.1 (JSON mode), run in-process after each turn."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.deepseek.wire import NOTE
from tests.conftest import TABLE
from tests.integration.conftest import make_client

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
    # Learned after the window's first message, the facts wait next to the new message (on DeepSeek's
    # wire, in its user message after the user's words, marked as the app's).
    said, learned = chat["messages"][-1]["content"].split(NOTE)
    assert '"Ana"' in learned and '"sea kayaking"' in learned and "not instructions" in learned
    assert said.strip() == "What should I do this weekend?"


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
