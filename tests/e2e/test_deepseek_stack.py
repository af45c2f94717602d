"""The local stack with DeepSeek configured, pointed at the stub: the real client in `chalice local`, over HTTP."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.models import Usage
from scripts.stack import LocalStack, free_port
from tests.deepseek_stub import DeepSeekStub, answer, fail, stall, trickle
from tests.e2e.conftest import LOCAL_KEY, scan

KEY = "sk-e2e-stub-31c07d9be2f4"
BUDGET = 2.0


@pytest.fixture(scope="module")
def stub() -> Iterator[DeepSeekStub]:
    with DeepSeekStub() as running:
        yield running


@pytest.fixture(scope="module")
def live(stub: DeepSeekStub) -> Iterator[LocalStack]:
    env = {
        "LUMINORA_DEMO_MODE": "false",
        "DEEPSEEK_API_KEY": KEY,
        "DEEPSEEK_BASE_URL": stub.url,
        "DEEPSEEK_CONNECT_TIMEOUT": "0.5",
        "DEEPSEEK_READ_TIMEOUT": "0.5",
        "DEEPSEEK_BACKOFF_SECONDS": "0.05",
        "DEEPSEEK_MIN_ATTEMPT_SECONDS": "0.2",
        "LUMINORA_TURN_BUDGET_SECONDS": str(BUDGET),
        # These tests script the chat call; deep analysis (a second, JSON-mode call) is tested elsewhere.
        "LUMINORA_ANALYSIS_MODE": "off",
    }
    with LocalStack(port=free_port(), env=env, quiet=True) as running:
        yield running


@pytest.fixture(autouse=True)
def fresh_stub(stub: DeepSeekStub) -> None:
    stub.reset()


def send(stack: LocalStack, message: str, user: str) -> tuple[int, Any, dict[str, str]]:
    body = json.dumps({"user_id": user, "session_id": "e2e-ds", "message": message}).encode()
    request = urllib.request.Request(stack.url + "/message", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("x-api-key", LOCAL_KEY)
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.loads(reply.read()), dict(reply.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), dict(error.headers)


def test_a_turn_answers_with_deepseeks_text_and_usage(live: LocalStack, stub: DeepSeekStub) -> None:
    usage = Usage(prompt_tokens=300, completion_tokens=25, prompt_cache_hit_tokens=256, prompt_cache_miss_tokens=44)
    stub.script(answer("Hello Ana, lovely to meet you.", usage))
    status, body, _ = send(live, "Hi! My name is Ana.", "e2e-ds-ana")
    assert status == 200, body
    assert body["response"] == "Hello Ana, lovely to meet you."
    assert body["usage"] == usage.as_dict()
    (request,) = stub.requests
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert KEY.encode() not in request.body
    assert request.json["thinking"] == {"type": "disabled"}


def test_a_429_then_200_waits_retry_after_and_succeeds(live: LocalStack, stub: DeepSeekStub) -> None:
    stub.script(fail(429, retry_after=1), answer("Thanks for waiting."))
    status, body, _ = send(live, "Are you there?", "e2e-ds-bo")
    assert status == 200, body
    assert body["response"] == "Thanks for waiting."
    assert len(stub.requests) == 2


@pytest.mark.parametrize(("steps", "status", "retry_after"), [
    ([fail(500)], 502, None),
    ([fail(503, retry_after=9)], 503, "9"),
    ([stall()], 504, None),
    ([trickle()], 504, None),
    ([answer("")], 502, None),
], ids=["server error", "overloaded", "stall", "keepalive forever", "blank content"])
def test_a_failing_deepseek_is_a_clear_error_within_the_budget_and_stores_nothing(
    live: LocalStack, stub: DeepSeekStub, steps: list[Any], status: int, retry_after: str | None
) -> None:
    assert send(live, "Good evening!", "e2e-ds-cy")[0] == 200
    before = scan(live)
    stub.script(*steps)
    started = time.monotonic()
    code, body, headers = send(live, "I had such a great day, thank you!", "e2e-ds-cy")
    assert code == status, body
    assert "DeepSeek" in body["Message"] and KEY not in body["Message"]
    assert headers.get("Retry-After") == retry_after
    assert time.monotonic() - started < BUDGET + 1.0, "the budget bounds the turn; slack absorbs a busy machine"
    assert scan(live) == before
