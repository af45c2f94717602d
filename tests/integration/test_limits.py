"""Turn limits: per end user and per tenant, refused with 429 and OpenAI's headers before anything is stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.dynamodb.limits import DynamoLimitStore
from chalicelib.models import Usage
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock, ScriptedChatModel
from tests.integration.conftest import KEY, TENANT, KeyedClient

USED = Usage(prompt_tokens=120, completion_tokens=30, prompt_cache_hit_tokens=100, prompt_cache_miss_tokens=20)
TOKENS = USED.prompt_tokens + USED.completion_tokens


@pytest.fixture
def clock() -> FakeClock:
    clock = FakeClock()
    clock.set(clock.now().replace(second=10, microsecond=0))  # 50 s before the next minute
    return clock


@pytest.fixture
def containers(dynamodb: Any, clock: FakeClock) -> Iterator[Any]:
    """Builds the app as a new container would, on the same table and clock."""

    def build(**settings: Any) -> KeyedClient:
        values: dict[str, Any] = {"table_name": TABLE, "demo_mode": True, "api_keys": f"{KEY}={TENANT}",
                                  "analysis_mode": "off", **settings}
        chat = ScriptedChatModel("a reply", usage=USED)
        app_module.set_services(build_services(Settings(**values), dynamodb_client=dynamodb, chat_model=chat,
                                               clock=clock))
        return KeyedClient(app_module.app)

    yield build
    app_module.set_services(None)


def _turn(client: KeyedClient, user: str) -> Any:
    return client.http.post("/message", headers={"Content-Type": "application/json"},
                            body=json.dumps({"user_id": user, "session_id": f"s-{user}", "message": "hello there"}))


def _complete(client: KeyedClient, user: str) -> Any:
    body = {"model": "Assistant", "user": user, "messages": [{"role": "user", "content": "hello there"}]}
    return client.http.post("/v1/chat/completions", headers={"Content-Type": "application/json"},
                            body=json.dumps(body))


def test_a_normal_turn_carries_the_tightest_limits_in_openai_headers(containers: Any) -> None:
    client = containers(limit_user_turns_per_minute=5, limit_tenant_turns_per_minute=100,
                        limit_tenant_tokens_per_day=10_000)
    headers = _turn(client, "ana").headers
    assert headers["x-ratelimit-limit-requests"] == "5"
    assert headers["x-ratelimit-remaining-requests"] == "4"
    assert headers["x-ratelimit-reset-requests"] == "50s"
    assert headers["x-ratelimit-limit-tokens"] == "10000"
    assert headers["x-ratelimit-remaining-tokens"] == str(10_000 - TOKENS)
    openai = _complete(client, "bob")
    assert openai.status_code == 200
    assert openai.headers["x-ratelimit-remaining-requests"] == "4"
    assert openai.headers["x-ratelimit-remaining-tokens"] == str(10_000 - 2 * TOKENS)


def test_a_user_over_the_minute_limit_is_refused_with_nothing_stored_and_others_still_served(
    containers: Any, dynamodb: Any, clock: FakeClock
) -> None:
    client = containers(limit_user_turns_per_minute=2)
    assert [_turn(client, "ana").status_code for _ in range(2)] == [200, 200]
    before = table_items(dynamodb)
    refused = _turn(client, "ana")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "50"
    assert refused.headers["x-ratelimit-limit-requests"] == "2"
    assert refused.headers["x-ratelimit-remaining-requests"] == "0"
    assert "this minute" in refused.json_body["Message"]
    assert table_items(dynamodb) == before
    assert _complete(client, "ana").status_code == 429
    assert _turn(client, "bob").status_code == 200
    clock.advance(timedelta(seconds=50))
    assert _turn(client, "ana").status_code == 200


def test_the_v1_refusal_is_in_openai_error_shape(containers: Any) -> None:
    client = containers(limit_user_turns_per_minute=1)
    assert _complete(client, "ana").status_code == 200
    refused = _complete(client, "ana")
    assert refused.status_code == 429
    assert refused.json_body["error"]["message"].startswith("this user sent 1 messages")
    assert refused.headers["x-ratelimit-remaining-requests"] == "0"


def test_a_tenant_over_its_daily_tokens_is_refused_in_every_container(containers: Any, clock: FakeClock) -> None:
    first = containers(limit_tenant_tokens_per_day=TOKENS + 1)
    assert _turn(first, "ana").status_code == 200
    assert _turn(first, "bob").status_code == 200  # under the limit when it started
    refused = _turn(first, "carol")
    assert refused.status_code == 429
    midnight = (clock.now() + timedelta(days=1)).replace(hour=0, minute=0, second=0)
    assert refused.headers["Retry-After"] == str(int((midnight - clock.now()).total_seconds()))
    assert refused.headers["x-ratelimit-remaining-tokens"] == "0"
    other = containers(limit_tenant_tokens_per_day=TOKENS + 1)  # a fresh container reads the table
    assert _turn(other, "dave").status_code == 429
    clock.advance(midnight - clock.now())
    assert _turn(other, "dave").status_code == 200


def test_a_tenant_over_its_turns_per_minute_is_refused_across_containers(containers: Any, clock: FakeClock) -> None:
    first = containers(limit_tenant_turns_per_minute=2)
    assert _turn(first, "ana").status_code == 200
    second = containers(limit_tenant_turns_per_minute=2)
    assert _turn(second, "bob").status_code == 200
    refused = _turn(containers(limit_tenant_turns_per_minute=2), "carol")
    assert refused.status_code == 429
    assert refused.headers["x-ratelimit-limit-requests"] == "2"
    assert "tenant" in refused.json_body["Message"]


def test_a_tenants_own_limits_in_the_table_replace_the_defaults(containers: Any, dynamodb: Any) -> None:
    DynamoLimitStore(dynamodb, TABLE).set_limits(TENANT, {"user_turns_per_minute": 1})
    client = containers(limit_user_turns_per_minute=50)
    assert _turn(client, "ana").headers["x-ratelimit-limit-requests"] == "1"
    assert _turn(client, "ana").status_code == 429


def test_the_keys_command_sets_and_prints_a_tenants_limits(containers: Any, dynamodb: Any,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from scripts import keys as keys_command

    args = keys_command._parser().parse_args(["limits", "--tenant", TENANT, "--table", TABLE,
                                              "--tenant-tokens-per-day", "100", "--user-turns-per-minute", "0"])
    assert keys_command.run(args, dynamodb) == 0
    assert "tenant_tokens_per_day=100" in capsys.readouterr().out
    client = containers(limit_user_turns_per_minute=1)
    answered = _turn(client, "ana")
    assert "x-ratelimit-limit-requests" in answered.headers  # the tenant's minute limit still applies
    assert answered.headers["x-ratelimit-limit-requests"] == "600"
    assert _turn(client, "ana").status_code == 429  # 150 tokens used of 100


class _Counting:
    """A DynamoDB client that notes the name of every request it sends."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.sent: list[str] = []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if not callable(method) or name.startswith("_") or name in ("meta", "exceptions"):
            return method

        def noted(*args: Any, **kwargs: Any) -> Any:
            self.sent.append(name)
            return method(*args, **kwargs)

        return noted


def test_limits_add_one_request_to_an_answered_turn_and_a_refused_one_costs_one(dynamodb: Any,
                                                                                clock: FakeClock) -> None:
    counting = _Counting(dynamodb)
    settings = Settings(table_name=TABLE, demo_mode=True, api_keys=f"{KEY}={TENANT}", analysis_mode="off",
                        limit_user_turns_per_minute=2)
    app_module.set_services(build_services(settings, dynamodb_client=counting,
                                           chat_model=ScriptedChatModel("a reply", usage=USED), clock=clock))
    try:
        client = KeyedClient(app_module.app)
        assert _turn(client, "ana").status_code == 200
        assert "batch_get_item" in counting.sent  # the tenant's counters, read once for the next seconds
        counting.sent.clear()
        assert _turn(client, "ana").status_code == 200
        # The one added: the turn's slot among its tenant's turns in flight (its write gives it back).
        assert counting.sent == ["query", "update_item", "query", "transact_write_items"]
        counting.sent.clear()
        assert _turn(client, "ana").status_code == 429
        assert counting.sent == ["query"]  # the knowledge Query: the messages are not read
    finally:
        app_module.set_services(None)


def test_the_users_window_is_one_item_that_keeps_only_its_latest_minute(containers: Any, dynamodb: Any,
                                                                         clock: FakeClock) -> None:
    client = containers(limit_user_turns_per_minute=2)
    for _ in range(3):
        assert [_turn(client, "ana").status_code for _ in range(2)] == [200, 200]
        clock.advance(timedelta(minutes=1))
    windows = [i for i in table_items(dynamodb) if i["SK"]["S"] == "K#LIM"]
    assert len(windows) == 1
    minute = (clock.now() - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    assert {k: v for k, v in windows[0].items() if k.startswith("m")} == {f"m{minute}": {"N": "2"}}
