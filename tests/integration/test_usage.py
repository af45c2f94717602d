"""Usage metering: every turn and analysis adds to its tenant's and its user's UTC day, exactly once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import PRICES, Settings
from chalicelib.dynamodb import keys
from chalicelib.dynamodb.usage import tally_of
from chalicelib.models import TurnInput, Usage
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock, ScriptedChatModel
from tests.integration.conftest import KEY, TENANT, KeyedClient
from tests.integration.racing import OneAtATime

USED = Usage(prompt_tokens=120, completion_tokens=30, prompt_cache_hit_tokens=100, prompt_cache_miss_tokens=20)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _client(dynamodb: Any, clock: FakeClock, **settings: Any) -> KeyedClient:
    values: dict[str, Any] = {"table_name": TABLE, "demo_mode": True, "api_keys": f"{KEY}={TENANT}",
                              "analysis_mode": "off", **settings}
    chat = ScriptedChatModel("a reply", usage=USED)
    app_module.set_services(build_services(Settings(**values), dynamodb_client=dynamodb, chat_model=chat,
                                           clock=clock))
    return KeyedClient(app_module.app)


@pytest.fixture
def client(dynamodb: Any, clock: FakeClock) -> Iterator[Client]:
    with _client(dynamodb, clock) as test_client:
        yield test_client
    app_module.set_services(None)


def _turn(client: Client, user: str, text: str = "hello there", headers: dict[str, str] | None = None) -> Any:
    return client.http.post("/message", headers={"Content-Type": "application/json", **(headers or {})},
                            body=json.dumps({"user_id": user, "session_id": f"s-{user}", "message": text}))


def _usage(client: Client, query: str = "") -> Any:
    response = client.http.get("/usage" + query)
    assert response.status_code == 200, response.body
    return response.json_body


def test_a_turn_adds_its_tokens_and_cost_to_the_tenant_and_the_user(client: Client, clock: FakeClock) -> None:
    assert _turn(client, "ana").status_code == 200
    body = _usage(client, "?user_id=ana")
    (day,) = body["days"]
    assert day["day"] == clock.now().date().isoformat()
    assert (day["turns"], day["prompt_tokens"], day["completion_tokens"]) == (1, 120, 30)
    assert (day["prompt_cache_hit_tokens"], day["prompt_cache_miss_tokens"]) == (100, 20)
    expected_cost = (100 * PRICES.deepseek_cache_hit_per_million_tokens
                     + 20 * PRICES.deepseek_cache_miss_per_million_tokens
                     + 30 * PRICES.deepseek_output_per_million_tokens) / 1e6
    assert day["cost_usd"] == pytest.approx(expected_cost, abs=1e-9)
    assert body["user"]["days"] == [day]


def test_days_are_utc_days_and_the_period_bounds_them(client: Client, clock: FakeClock) -> None:
    _turn(client, "ana")
    first_day = clock.now().date()
    clock.advance(timedelta(days=1))
    _turn(client, "ana")
    _turn(client, "bob")
    both = _usage(client, f"?from={first_day.isoformat()}")
    assert [(d["day"], d["turns"]) for d in both["days"]] == [(first_day.isoformat(), 1),
                                                              ((first_day + timedelta(days=1)).isoformat(), 2)]
    assert both["total"]["turns"] == 3
    only_first = _usage(client, f"?from={first_day.isoformat()}&to={first_day.isoformat()}&user_id=bob")
    assert [d["turns"] for d in only_first["days"]] == [1] and only_first["user"]["days"] == []


def test_usage_adds_up_exactly_after_concurrent_turns(dynamodb: Any, clock: FakeClock) -> None:
    chat = ScriptedChatModel("a reply", usage=USED)
    settings = Settings(table_name=TABLE, demo_mode=True, analysis_mode="off")
    services = build_services(settings, dynamodb_client=OneAtATime(dynamodb), chat_model=chat, clock=clock)
    users, per_user = ["u1", "u2", "u3", "u4"], 6
    errors: list[BaseException] = []

    def talk(user: str) -> None:
        try:
            for n in range(per_user):
                services.conversation.take_turn(TurnInput(TENANT, user, "s1", f"message {n}"))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=talk, args=(u,)) for u in users for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    day = clock.now().date().isoformat()
    assert services.usage is not None
    (tenant_day,) = services.usage.tenant_days(TENANT, day, day)
    turns = len(threads) * per_user
    one = tally_of(USED, turns=1)
    assert tenant_day["turns"] == turns
    assert tenant_day["prompt_tokens"] == turns * USED.prompt_tokens
    assert tenant_day["cost_nano_usd"] == turns * one.cost_nano_usd
    assert sum(services.usage.user_days(TENANT, u, day, day)[0]["turns"] for u in users) == turns  # type: ignore[misc]
    shards = [i for i in table_items(dynamodb)
              if i["PK"]["S"] == keys.usage_pk(TENANT) and i["SK"]["S"].startswith("D#")]  # the day counters
    assert len(shards) > 1  # spread over several items, not one hot counter


def test_a_retried_request_with_its_idempotency_key_counts_once(client: Client) -> None:
    first = _turn(client, "ana", headers={"Idempotency-Key": "k-1"})
    again = _turn(client, "ana", headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 200 and first.json_body == again.json_body
    assert _usage(client)["total"]["turns"] == 1


def test_a_write_that_lost_a_race_and_was_applied_again_counts_once(dynamodb: Any, clock: FakeClock) -> None:
    chat = ScriptedChatModel("a reply", usage=USED)
    settings = Settings(table_name=TABLE, demo_mode=True, analysis_mode="off")
    services = build_services(settings, dynamodb_client=dynamodb, chat_model=chat, clock=clock)
    other = build_services(settings, dynamodb_client=dynamodb, chat_model=chat, clock=clock)  # another container
    services.conversation.take_turn(TurnInput(TENANT, "ana", "s1", "first"))
    store = services.store
    record_turn = store.record_turn
    raced: list[bool] = []
    attempts: list[str] = []

    def lose_once(record: Any) -> None:
        attempts.append(record.user_message.content)
        if not raced:  # another container's turn of this user lands between our read and our write
            raced.append(True)
            other.conversation.take_turn(TurnInput(TENANT, "ana", "s1", "the other turn"))
        record_turn(record)

    store.record_turn = lose_once  # type: ignore[method-assign]
    services.conversation.take_turn(TurnInput(TENANT, "ana", "s1", "second"))
    day = clock.now().date().isoformat()
    assert services.usage is not None
    assert services.usage.tenant_days(TENANT, day, day)[0]["turns"] == 3
    assert attempts == ["second", "second"]  # the first write lost the race, the second went through
    assert len(chat.requests) == 3  # the re-applied write made no second model call


def test_an_analysis_is_metered_with_its_write(dynamodb: Any, clock: FakeClock) -> None:
    chat = ScriptedChatModel("a reply", usage=USED)
    settings = Settings(table_name=TABLE, demo_mode=True, analysis_mode="inline")
    services = build_services(settings, dynamodb_client=dynamodb, chat_model=chat, clock=clock)
    services.conversation.take_turn(TurnInput(TENANT, "ana", "s1", "My name is Ana and I live in Lisbon."))
    day = clock.now().date().isoformat()
    assert services.usage is not None
    (tenant_day,) = services.usage.tenant_days(TENANT, day, day)
    assert (tenant_day["turns"], tenant_day["analyses"]) == (1, 1)


@pytest.mark.parametrize("query", ["?from=yesterday", "?to=2030-13-01", "?from=2030-06-10&to=2030-06-01",
                                   "?from=2020-01-01&to=2030-01-01", "?user_id=a%23b"])
def test_a_bad_period_or_user_is_refused_naming_the_field(client: Client, query: str) -> None:
    response = client.http.get("/usage" + query)
    assert response.status_code == 400
    name = query[1:].split("=")[0] if "from=2030-06-10" not in query else "from"
    assert name in response.json_body["Message"]


def test_the_keys_command_prints_a_tenants_days(client: Client, dynamodb: Any, clock: FakeClock,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from scripts import keys as keys_command

    _turn(client, "ana")
    _turn(client, "bob")
    day = clock.now().date().isoformat()
    capsys.readouterr()  # the turns' metrics lines
    args = keys_command._parser().parse_args(["usage", "--tenant", TENANT, "--table", TABLE, "--from", day,
                                              "--to", day])
    assert keys_command.run(args, dynamodb) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:4] == [day, "2", "0", str(2 * USED.prompt_tokens)]
    assert lines[-1].split()[0] == "total"


def test_an_import_counts_its_messages_in_the_tenants_and_the_users_day(client: Client, clock: FakeClock) -> None:
    start = clock.now() - timedelta(days=3)
    messages = [{"role": ("user", "assistant")[i % 2], "content": f"line {i}",
                 "created_at": (start + timedelta(minutes=i)).isoformat()} for i in range(100)]
    answer = client.http.post("/users/ana/sessions/old/import", headers={"Content-Type": "application/json"},
                              body=json.dumps({"messages": messages}))
    assert answer.status_code == 200, answer.body
    report = _usage(client, "?user_id=ana")
    assert report["total"]["imported_messages"] == 100  # two transactions, each counting its own part
    assert report["total"]["turns"] == 0 and report["total"]["cost_usd"] == 0
    assert report["user"]["total"]["imported_messages"] == 100
