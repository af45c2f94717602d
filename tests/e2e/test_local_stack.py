"""The local stack as a newcomer runs it: HTTP against `chalice local` and moto's server."""

from __future__ import annotations

import itertools
import json

from scripts.stack import LocalStack
from tests.e2e.conftest import call, scan
from tests.integration.test_routes import FRIENDLY


def test_health_answers(stack: LocalStack) -> None:
    assert call(stack, "GET", "/health") == (200, {"status": "ok"})


def test_a_ten_turn_conversation_over_http(stack: LocalStack) -> None:
    points = []
    for text in FRIENDLY:
        status, body = call(stack, "POST", "/message", {"user_id": "e2e-ana", "session_id": "e2e-1", "message": text})
        assert status == 200, body
        assert body["session_id"] == "e2e-1" and body["response"]
        points.append(body["affinity_points"])
    assert all(b > a for a, b in itertools.pairwise(points))
    status, relationship = call(stack, "GET", "/users/e2e-ana/relationships/assistant")
    assert status == 200 and relationship["affinity_level"] != "stranger"
    assert relationship["total_interactions"] == 10
    status, history = call(stack, "GET", "/users/e2e-ana/sessions/e2e-1/messages")
    assert status == 200
    assert [m["content"] for m in history["messages"][::2]] == FRIENDLY
    assert len(history["messages"]) == 20


def test_bad_input_is_rejected_and_changes_nothing(stack: LocalStack) -> None:
    before = scan(stack)
    cases = [
        (b"{oops", "body"),
        (json.dumps({"user_id": "e2e#x", "session_id": "s", "message": "hi"}).encode(), "user_id"),
        (json.dumps({"user_id": "u", "session_id": "s", "message": "x" * 4001}).encode(), "message"),
        (json.dumps({"user_id": "u", "message": "hi"}).encode(), "session_id"),
    ]
    for raw, field in cases:
        status, body = call(stack, "POST", "/message", raw=raw)
        assert status == 400, body
        assert body["Message"].startswith(field)
    status, body = call(stack, "POST", "/message", {"user_id": "u", "session_id": "s", "message": "hi",
                                                    "personality_name": "Nobody"})
    assert status == 404
    assert scan(stack) == before


def test_memory_over_http_remembers_supersedes_exports_and_erases(stack: LocalStack) -> None:
    intro = "Hi! My name is Ana, I live in Lisbon and I love photography."
    for text in (intro, "Actually I moved to Porto"):
        status, _ = call(stack, "POST", "/message", {"user_id": "e2e-mem", "session_id": "m1", "message": text})
        assert status == 200
    status, body = call(stack, "POST", "/message", {"user_id": "e2e-mem", "session_id": "m1", "message": "Hey!"})
    assert status == 200 and "Ana" in body["response"] and "Porto" in body["response"]
    status, facts = call(stack, "GET", "/users/e2e-mem/facts")
    location = next(f for f in facts["facts"] if f["key"] == "location")
    assert (location["value"], [h["value"] for h in location["history"]]) == ("Porto", ["Lisbon"])
    status, export = call(stack, "GET", "/users/e2e-mem/export")
    assert status == 200 and len(export["messages"]) == 6
    status, erased = call(stack, "DELETE", "/users/e2e-mem")
    assert status == 200 and erased["deleted"]["message"] == 6
    # Only the erase marker stays (a day), so that a write racing the erase stores nothing.
    assert [i["SK"]["S"] for i in scan(stack) if i["PK"]["S"].endswith("#U#e2e-mem")] == ["~ERASED"]
