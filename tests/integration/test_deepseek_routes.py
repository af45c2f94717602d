"""`POST /message` with the real DeepSeek adapter against the stub, on moto, through `chalice.test.Client`."""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.deepseek.client import DeepSeekChatModel
from chalicelib.deepseek.retry import retrying_session
from chalicelib.engine import compiler
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.models import Usage
from chalicelib.usecases.conversation import end_user_tag
from tests.conftest import TABLE, table_items
from tests.deepseek_stub import DeepSeekStub, Step, answer, fail, hang_up, raw, stall, trickle
from tests.fakes import FakeClock
from tests.integration.conftest import KEY as TEST_KEY
from tests.integration.conftest import TENANT, KeyedClient, make_client

KEY = "sk-stub-5d1e8b0c93aa4f27"


def stub_settings(stub: DeepSeekStub, **overrides: Any) -> dict[str, Any]:
    """Settings that build the real DeepSeek adapter against ``stub``, with small timeouts and budget."""
    return {
        "demo_mode": False,
        "deepseek_api_key": KEY,
        "deepseek_base_url": stub.url,
        "deepseek_connect_timeout": 0.5,
        "deepseek_read_timeout": 0.3,
        "deepseek_backoff_seconds": 0.02,
        "deepseek_min_attempt_seconds": 0.2,
        "turn_budget_seconds": 1.5,
        **overrides,
    }


@pytest.fixture
def client(dynamodb: Any, deepseek_stub: DeepSeekStub) -> Iterator[Client]:
    with make_client(dynamodb, **stub_settings(deepseek_stub)) as test_client:
        yield test_client
    app_module.set_services(None)


def post(client: Client, message: str = "Hi! I'm Ana and I love hiking.", user: str = "ana") -> Any:
    body = {"user_id": user, "session_id": "s1", "message": message}
    return client.http.post("/message", headers={"Content-Type": "application/json"}, body=json.dumps(body))


def test_a_turn_returns_deepseeks_text_and_usage_and_stores_the_usage(
    client: Client, deepseek_stub: DeepSeekStub, dynamodb: Any
) -> None:
    usage = Usage(prompt_tokens=120, completion_tokens=30, prompt_cache_hit_tokens=64, prompt_cache_miss_tokens=56)
    deepseek_stub.script(answer("Nice to meet you, Ana!", usage))
    response = post(client)
    assert response.status_code == 200, response.body
    assert response.json_body["response"] == "Nice to meet you, Ana!"
    assert response.json_body["usage"] == usage.as_dict()
    (assistant,) = [i for i in table_items(dynamodb) if i.get("role", {}).get("S") == "assistant"]
    assert assistant["content"]["S"] == "Nice to meet you, Ana!"
    assert {k: int(v["N"]) for k, v in assistant["usage"]["M"].items()} == usage.as_dict()


def test_the_request_carries_the_personalitys_sampling_and_an_opaque_user_tag(
    client: Client, deepseek_stub: DeepSeekStub
) -> None:
    response = post(client)
    assert response.status_code == 200
    sent = deepseek_stub.requests[0].json
    assistant = BuiltinPersonalities().get("default", "Assistant")
    compiled = compiler.compile_for(assistant, "stranger", response.json_body["mood"], max_tokens=512)
    assert (sent["temperature"], sent["max_tokens"]) == (compiled.temperature, compiled.max_tokens)
    assert sent["thinking"] == {"type": "disabled"}
    assert sent["user_id"] == end_user_tag("default", "ana")
    assert "ana" not in sent["user_id"]
    assert sent["messages"][-1] == {"role": "user", "content": "Hi! I'm Ana and I love hiking."}


def test_a_429_then_200_succeeds_after_the_retry_after_wait(dynamodb: Any, deepseek_stub: DeepSeekStub) -> None:
    sleeps: list[float] = []
    session = retrying_session(retries=2, backoff=0.02, min_attempt=0.2, sleeper=sleeps.append)
    model = DeepSeekChatModel(session, api_key=KEY, base_url=deepseek_stub.url, model="deepseek-flash",
                              connect_timeout=0.5, read_timeout=0.3, min_attempt_seconds=0.2)
    deepseek_stub.script(fail(429, retry_after=1), answer("Sorry for the wait!"))
    with make_client(dynamodb, chat_model=model, demo_mode=False, turn_budget_seconds=5) as client:
        response = post(client)
    app_module.set_services(None)
    assert response.status_code == 200, response.body
    assert response.json_body["response"] == "Sorry for the wait!"
    assert sleeps == [1.0], "one wait, as long as DeepSeek's Retry-After"
    assert len(deepseek_stub.requests) == 2


def test_a_retry_after_date_is_honoured_by_the_wired_clock(dynamodb: Any, deepseek_stub: DeepSeekStub) -> None:
    clock = FakeClock()
    retry_at = email.utils.format_datetime(clock.now() + timedelta(seconds=1), usegmt=True)
    deepseek_stub.script(fail(429, retry_after=retry_at), answer("Sorry for the wait!"))
    settings = Settings(table_name=TABLE, api_keys=f"{TEST_KEY}={TENANT}", analysis_mode="off",
                        **stub_settings(deepseek_stub, turn_budget_seconds=5))
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, clock=clock))
    try:
        response = post(KeyedClient(app_module.app))
    finally:
        app_module.set_services(None)
    assert response.status_code == 200, response.body
    assert len(deepseek_stub.requests) == 2


FAILURES: list[tuple[str, list[Step], int, str, str | None]] = [
    ("server error", [fail(500)], 502, "BadGatewayError", None),
    ("bad gateway", [fail(502)], 502, "BadGatewayError", None),
    ("gateway timeout", [fail(504)], 502, "BadGatewayError", None),
    ("overloaded", [fail(503, retry_after=7)], 503, "ServiceUnavailableError", "7"),
    ("rate limited, long hint", [fail(429, retry_after=30)], 503, "ServiceUnavailableError", "30"),
    ("rate limited, no hint", [fail(429)], 503, "ServiceUnavailableError", "1"),
    ("stall", [stall()], 504, "GatewayTimeoutError", None),
    ("keepalive forever", [trickle()], 504, "GatewayTimeoutError", None),
    ("blank content", [answer("")], 502, "BadGatewayError", None),
    ("malformed body", [raw(b"{\"choices\": ")], 502, "BadGatewayError", None),
    ("dropped connection", [hang_up()], 502, "BadGatewayError", None),
    ("bad key", [fail(401)], 502, "BadGatewayError", None),
    ("no balance", [fail(402)], 502, "BadGatewayError", None),
    ("invalid request", [fail(400)], 502, "BadGatewayError", None),
    ("invalid parameters", [fail(422)], 502, "BadGatewayError", None),
]


@pytest.mark.parametrize(("name", "steps", "status", "code", "retry_after"), FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failed_call_is_a_clear_5xx_and_leaves_the_table_unchanged(
    client: Client, deepseek_stub: DeepSeekStub, dynamodb: Any,
    name: str, steps: list[Step], status: int, code: str, retry_after: str | None,
) -> None:
    assert post(client, "Good morning!").status_code == 200
    before = table_items(dynamodb)
    deepseek_stub.script(*steps)
    started = time.monotonic()
    response = post(client, "You are wonderful, thank you so much!")
    assert response.status_code == status, response.body
    assert response.json_body["Code"] == code
    assert "DeepSeek" in response.json_body["Message"]
    assert response.headers.get("Retry-After") == retry_after
    assert time.monotonic() - started < 1.5 + 0.75, "the turn's budget is 1.5 s; slack absorbs a busy machine"
    assert table_items(dynamodb) == before


@pytest.mark.parametrize(("status", "words"), [(401, "DEEPSEEK_API_KEY"), (402, "top up")])
def test_an_account_problem_tells_the_operator_what_to_fix(
    client: Client, deepseek_stub: DeepSeekStub, status: int, words: str
) -> None:
    deepseek_stub.script(fail(status))
    response = post(client)
    assert response.status_code == 502
    assert words in response.json_body["Message"]
    assert len(deepseek_stub.requests) == 1, "asking again cannot fix a key or a balance"


def test_after_a_failure_the_user_simply_sends_again(client: Client, deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(fail(500))
    assert post(client, "Thanks, you are great!").status_code == 502
    deepseek_stub.script(answer("You're welcome!"))
    again = post(client, "Thanks, you are great!")
    assert again.status_code == 200
    history = client.http.get("/users/ana/sessions/s1/messages").json_body["messages"]
    assert [(m["role"], m["content"]) for m in history] == [
        ("user", "Thanks, you are great!"), ("assistant", "You're welcome!")]
    relationship = client.http.get("/users/ana/relationships/Assistant").json_body
    assert relationship["total_interactions"] == 1
    assert relationship["affinity_points"] == again.json_body["affinity_points"]


def test_an_inline_analysis_ends_with_the_turns_budget_and_stays_pending(
    dynamodb: Any, deepseek_stub: DeepSeekStub
) -> None:
    settings = stub_settings(deepseek_stub, turn_budget_seconds=1.0, deepseek_read_timeout=10.0,
                             analysis_mode="inline")
    deepseek_stub.script(answer("Nice to meet you, Ana!"), stall(30))  # the JSON-mode analysis never answers
    with make_client(dynamodb, **settings) as client:
        started = time.monotonic()
        response = post(client, "Hi! My name is Ana.")
        elapsed = time.monotonic() - started
    app_module.set_services(None)
    assert response.status_code == 200 and response.json_body["response"] == "Nice to meet you, Ana!"
    # The analysis was cut off by the turn's deadline (or, on a busy machine, not started for lack of time).
    assert 1 <= len(deepseek_stub.requests) <= 2
    assert elapsed < 1.0 + 0.75, "the turn's budget is 1 s; slack absorbs a busy machine"
    assert any(i["SK"]["S"].endswith("~META") and "GSI2PK" in i for i in table_items(dynamodb))
