"""The cap on a tenant's turns in flight toward the model: a slot taken before the call, given back by the
turn's write or by its failure, counted in DynamoDB so that it holds across containers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.dynamodb import keys
from chalicelib.dynamodb.limits import DynamoLimitStore
from chalicelib.errors import LLMUnavailableError
from chalicelib.models import ChatReply, ChatRequest, Usage
from chalicelib.usecases.limits import minute_of
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock, ScriptedChatModel
from tests.integration.conftest import KEY, TENANT, KeyedClient
from tests.integration.racing import OneAtATime

USED = Usage(prompt_tokens=120, completion_tokens=30, prompt_cache_hit_tokens=100, prompt_cache_miss_tokens=20)


class _HeldModel:
    """A chat model whose calls wait until the test lets them go, so turns stay in flight."""

    def __init__(self) -> None:
        self.entered = threading.Semaphore(0)
        self.go = threading.Event()

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        self.entered.release()
        assert self.go.wait(30), "the test never let the model answer"
        return ChatReply(text="a reply", usage=USED, model="held")


@pytest.fixture
def clock() -> FakeClock:
    clock = FakeClock()
    clock.set(clock.now().replace(second=10, microsecond=0))
    return clock


@pytest.fixture
def containers(dynamodb: Any, clock: FakeClock) -> Iterator[Any]:
    def build(chat: Any, **settings: Any) -> KeyedClient:
        values: dict[str, Any] = {"table_name": TABLE, "demo_mode": True, "api_keys": f"{KEY}={TENANT}",
                                  "analysis_mode": "off", **settings}
        app_module.set_services(build_services(Settings(**values), dynamodb_client=OneAtATime(dynamodb),
                                               chat_model=chat, clock=clock))
        return KeyedClient(app_module.app)

    yield build
    app_module.set_services(None)


def _turn(client: KeyedClient, user: str) -> Any:
    return client.http.post("/message", headers={"Content-Type": "application/json"},
                            body=json.dumps({"user_id": user, "session_id": f"s-{user}", "message": "hello there"}))


def _in_flight(dynamodb: Any, minute: str) -> int:
    found = dynamodb.get_item(TableName=TABLE, Key={"PK": {"S": keys.usage_pk(TENANT)},
                                                    "SK": {"S": keys.in_flight_sk(minute)}}, ConsistentRead=True)
    return int(found.get("Item", {}).get("turns", {"N": "0"})["N"])


def test_a_tenant_at_its_cap_is_refused_with_nothing_stored_and_served_again_once_turns_end(
    containers: Any, dynamodb: Any, clock: FakeClock
) -> None:
    held = _HeldModel()
    client = containers(held, limit_tenant_turns_in_flight=2)
    answers: list[Any] = []
    threads = [threading.Thread(target=lambda u=u: answers.append(_turn(client, u))) for u in ("ana", "bob")]
    for thread in threads:
        thread.start()
    for _ in threads:
        assert held.entered.acquire(timeout=30)
    try:
        assert _in_flight(dynamodb, minute_of(clock.now())) == 2
        before = table_items(dynamodb)
        refused = _turn(client, "carol")
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "1"
        assert "2 turns waiting for the model" in refused.json_body["Message"]
        assert table_items(dynamodb) == before
    finally:
        held.go.set()
        for thread in threads:
            thread.join(30)
    assert [a.status_code for a in answers] == [200, 200]
    assert _in_flight(dynamodb, minute_of(clock.now())) == 0  # each write gave its slot back
    assert _turn(client, "carol").status_code == 200


def test_a_failed_model_call_gives_its_slot_back(containers: Any, dynamodb: Any, clock: FakeClock) -> None:
    client = containers(ScriptedChatModel(LLMUnavailableError("DeepSeek is down"), "a reply", usage=USED),
                        limit_tenant_turns_in_flight=1)
    before = table_items(dynamodb)
    assert _turn(client, "ana").status_code >= 500
    assert table_items(dynamodb) == before
    assert _in_flight(dynamodb, minute_of(clock.now())) == 0  # the slot given back
    assert _turn(client, "ana").status_code == 200


def test_turns_that_started_in_the_minute_before_still_count(containers: Any, dynamodb: Any,
                                                             clock: FakeClock) -> None:
    clock.set(clock.now().replace(second=58))
    store = DynamoLimitStore(dynamodb, TABLE)
    assert store.take_slot(TENANT, minute_of(clock.now()), 1)  # a turn of another container, still running
    clock.advance(timedelta(seconds=5))  # the next minute
    client = containers(ScriptedChatModel("a reply", usage=USED), limit_tenant_turns_in_flight=1)
    assert _turn(client, "ana").status_code == 429
    store.give_back(TENANT, minute_of(clock.now() - timedelta(minutes=1)))
    fresh = containers(ScriptedChatModel("a reply", usage=USED), limit_tenant_turns_in_flight=1)
    assert _turn(fresh, "ana").status_code == 200


def test_the_slot_is_taken_atomically_up_to_the_room_asked(dynamodb: Any, clock: FakeClock) -> None:
    store = DynamoLimitStore(OneAtATime(dynamodb), TABLE)  # moto serves one request at a time; they interleave
    minute = minute_of(clock.now())
    taken = []
    threads = [threading.Thread(target=lambda: taken.append(store.take_slot(TENANT, minute, 3))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(taken) == [False] * 5 + [True] * 3
    assert _in_flight(dynamodb, minute) == 3


def test_a_tenant_without_a_cap_takes_no_slot(containers: Any, dynamodb: Any, clock: FakeClock) -> None:
    client = containers(ScriptedChatModel("a reply", usage=USED), limit_tenant_turns_in_flight=0)
    assert _turn(client, "ana").status_code == 200
    assert not [i for i in table_items(dynamodb, in_flight=True) if i["SK"]["S"].startswith("F#")]


def test_a_replayed_turn_carries_the_tenants_limit_headers(containers: Any) -> None:
    client = containers(ScriptedChatModel("a reply", usage=USED), limit_tenant_turns_per_minute=100)
    headers = {"Content-Type": "application/json", "Idempotency-Key": "k-1"}
    body = json.dumps({"user_id": "ana", "session_id": "s-ana", "message": "hello there"})
    first = client.http.post("/message", headers=headers, body=body)
    again = client.http.post("/message", headers=headers, body=body)
    assert again.status_code == 200
    assert again.json_body["message_id"] == first.json_body["message_id"]
    assert again.headers["x-ratelimit-limit-requests"] == "100"
    assert again.headers["x-ratelimit-remaining-requests"] == "99"  # a replay spends none


def test_a_turn_refused_for_the_tenants_turns_in_flight_reads_no_messages(dynamodb: Any, clock: FakeClock) -> None:
    from tests.integration.test_limits import _Counting

    counting = _Counting(dynamodb)
    store = DynamoLimitStore(dynamodb, TABLE)
    assert store.take_slot(TENANT, minute_of(clock.now()), 1)
    settings = Settings(table_name=TABLE, demo_mode=True, api_keys=f"{KEY}={TENANT}", analysis_mode="off",
                        limit_tenant_turns_in_flight=1)
    app_module.set_services(build_services(settings, dynamodb_client=counting,
                                           chat_model=ScriptedChatModel("a reply", usage=USED), clock=clock))
    try:
        client = KeyedClient(app_module.app)
        assert _turn(client, "ana").status_code == 429
        # The tenant's counters (read once for the next seconds), the knowledge Query, the refused update.
        assert counting.sent == ["batch_get_item", "query", "update_item"]
    finally:
        app_module.set_services(None)
