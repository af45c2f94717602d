"""`GET /usage` also answers the tenant's limits now: each with what it used and what is left of it."""

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
from tests.conftest import TABLE
from tests.fakes import FakeClock, ScriptedChatModel
from tests.integration.conftest import KEY, TENANT, KeyedClient

USED = Usage(prompt_tokens=120, completion_tokens=30, prompt_cache_hit_tokens=100, prompt_cache_miss_tokens=20)
TOKENS = USED.prompt_tokens + USED.completion_tokens
NEXT_MINUTE = "2030-06-15T12:01:00.000Z"
MIDNIGHT = "2030-06-16T00:00:00.000Z"


@pytest.fixture
def clock() -> FakeClock:
    clock = FakeClock()
    clock.set(clock.now().replace(hour=12, minute=0, second=10, microsecond=0))
    return clock


@pytest.fixture
def client(dynamodb: Any, clock: FakeClock) -> Iterator[KeyedClient]:
    settings = Settings(table_name=TABLE, demo_mode=True, api_keys=f"{KEY}={TENANT}", analysis_mode="off",
                        limit_user_turns_per_minute=5, limit_tenant_turns_per_minute=100,
                        limit_tenant_tokens_per_day=10_000)
    chat = ScriptedChatModel("a reply", usage=USED)
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, chat_model=chat, clock=clock))
    yield KeyedClient(app_module.app)
    app_module.set_services(None)


def _turn(client: KeyedClient, user: str) -> None:
    body = json.dumps({"user_id": user, "session_id": f"s-{user}", "message": "hello there"})
    assert client.http.post("/message", headers={"Content-Type": "application/json"}, body=body).status_code == 200


def _limits(client: KeyedClient, query: str = "") -> Any:
    response = client.http.get("/usage" + query)
    assert response.status_code == 200, response.body
    return response.json_body["limits"]


def test_each_limit_shows_what_the_turns_used_and_what_is_left_until_it_resets(client: KeyedClient) -> None:
    for user in ("ana", "ana", "bob"):
        _turn(client, user)
    limits = _limits(client, "?user_id=ana")
    assert limits == {
        "as_of": "2030-06-15T12:00:10.000Z",
        "user_turns_per_minute": {"limit": 5, "used": 2, "remaining": 3, "resets_at": NEXT_MINUTE},
        "tenant_turns_per_minute": {"limit": 100, "used": 3, "remaining": 97, "resets_at": NEXT_MINUTE},
        "tenant_tokens_per_day": {"limit": 10_000, "used": 3 * TOKENS, "remaining": 10_000 - 3 * TOKENS,
                                  "resets_at": MIDNIGHT},
        "tenant_turns_in_flight": {"limit": 16, "used": 0, "remaining": 16, "resets_at": None},  # all answered
    }
    assert _limits(client, "?user_id=bob")["user_turns_per_minute"]["used"] == 1


def test_the_tokens_used_are_todays_prompt_and_completion_tokens_of_the_report(client: KeyedClient) -> None:
    _turn(client, "ana")
    body = client.http.get("/usage").json_body
    (today,) = body["days"]
    assert body["limits"]["tenant_tokens_per_day"]["used"] == today["prompt_tokens"] + today["completion_tokens"]


def test_without_a_user_id_the_user_limit_has_no_count(client: KeyedClient) -> None:
    _turn(client, "ana")
    assert _limits(client)["user_turns_per_minute"] == {"limit": 5, "used": None, "remaining": None,
                                                        "resets_at": NEXT_MINUTE}


def test_the_minute_limits_count_again_from_the_next_minute_and_the_tokens_from_the_next_day(
    client: KeyedClient, clock: FakeClock
) -> None:
    _turn(client, "ana")
    clock.advance(timedelta(minutes=1))
    limits = _limits(client, "?user_id=ana")
    assert limits["user_turns_per_minute"]["used"] == limits["tenant_turns_per_minute"]["used"] == 0
    assert limits["tenant_tokens_per_day"]["used"] == TOKENS
    clock.advance(timedelta(days=1))
    assert _limits(client)["tenant_tokens_per_day"]["used"] == 0


def test_a_tenants_own_limits_replace_the_stages_and_zero_means_none(client: KeyedClient, dynamodb: Any) -> None:
    DynamoLimitStore(dynamodb, TABLE).set_limits(TENANT, {"user_turns_per_minute": 7, "tenant_tokens_per_day": 0})
    _turn(client, "ana")
    limits = _limits(client, "?user_id=ana")
    assert limits["user_turns_per_minute"] == {"limit": 7, "used": 1, "remaining": 6, "resets_at": NEXT_MINUTE}
    assert limits["tenant_tokens_per_day"] == {"limit": 0, "used": TOKENS, "remaining": None, "resets_at": MIDNIGHT}
    assert limits["tenant_turns_per_minute"]["limit"] == 100


def test_a_bad_user_id_is_refused_naming_the_field(client: KeyedClient) -> None:
    response = client.http.get("/usage?user_id=not%20valid")
    assert response.status_code == 400 and response.json_body["Message"].startswith("user_id:")


def test_the_turns_in_flight_count_those_of_this_minute_and_the_one_before(client: KeyedClient, dynamodb: Any,
                                                                           clock: FakeClock) -> None:
    from chalicelib.usecases.limits import minute_of

    store = DynamoLimitStore(dynamodb, TABLE)
    assert store.take_slot(TENANT, minute_of(clock.now() - timedelta(minutes=1)), 16)
    assert store.take_slot(TENANT, minute_of(clock.now()), 16)
    assert _limits(client)["tenant_turns_in_flight"] == {"limit": 16, "used": 2, "remaining": 14, "resets_at": None}
