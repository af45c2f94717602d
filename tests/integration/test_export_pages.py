"""`GET /users/{id}/export` in pages: a long-lived user's export never nears Lambda's 6 MB response limit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.dynamodb import keys
from chalicelib.dynamodb.wire import to_wire
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.models import TurnInput
from chalicelib.usecases.conversation import Conversation
from tests.conftest import TABLE
from tests.fakes import START, FakeClock, InMemoryConversationStore, ScriptedChatModel
from tests.integration.conftest import KEY, KeyedClient, Store
from tests.integration.test_store_contract import _record

TEXT = "I keep a diary of every walk by the river, the herons, the weather and who I met on the way."


def _seed_messages(dynamodb: Any, count: int) -> None:
    """``count`` stored messages of one live session, written directly (turns would take minutes on moto)."""
    pk = keys.user_pk("default", "ana")
    items = [{"PK": pk, "SK": keys.message_sk("s1", seq), "entity_type": "message", "message_id": f"m{seq}",
              "session_id": "s1", "role": "user" if seq % 2 == 0 else "assistant", "content": TEXT,
              "created_at": START.isoformat(), "personality": "Assistant", "seq": seq} for seq in range(count)]
    items.append({"PK": pk, "SK": keys.session_sk("s1"), "entity_type": "session", "personality": "Assistant",
                  "created_at": START.isoformat(), "last_activity": START.isoformat(), "message_count": count,
                  "expires_at": FakeClock().epoch(timedelta(days=90))})
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": to_wire(item)}} for item in items[start:start + 25]]
        dynamodb.batch_write_item(RequestItems={TABLE: batch})


def _export(client: Client) -> tuple[list[str], list[int]]:
    """Every page of ana's export: the message ids in order, and each response's size in bytes."""
    seen: list[str] = []
    sizes: list[int] = []
    path = "/users/ana/export"
    while True:
        response = client.http.get(path)
        assert response.status_code == 200, response.body
        sizes.append(len(response.body))
        page = response.json_body
        seen += [m["message_id"] for m in page["messages"]]
        if page["next_cursor"] is None:
            return seen, sizes
        path = f"/users/ana/export?after={page['next_cursor']}"


@pytest.fixture
def small_pages(dynamodb: Any) -> Iterator[Client]:
    """The app on moto with 10 KB export pages, on the test clock."""
    settings = Settings(table_name=TABLE, demo_mode=True, api_keys=f"{KEY}=default", export_page_bytes=10_000)
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, clock=FakeClock()))
    with KeyedClient(app_module.app) as client:
        yield client
    app_module.set_services(None)


def test_no_export_page_exceeds_the_configured_size_and_every_message_comes_once(
    small_pages: Client, dynamodb: Any
) -> None:
    _seed_messages(dynamodb, 300)
    seen, sizes = _export(small_pages)
    assert len(sizes) >= 10 and max(sizes) <= 10_000, sizes
    assert seen == [f"m{seq}" for seq in range(300)]


def test_ten_thousand_messages_export_in_several_pages_none_over_a_megabyte() -> None:
    clock = FakeClock()
    store = InMemoryConversationStore(clock)
    previous = None
    for turn in range(5_000):
        record = _record(turn * 2, previous, 1)
        store.record_turn(record._replace(user_message=record.user_message._replace(content=TEXT)))
        previous = record.relationship
    settings = Settings(table_name=TABLE, demo_mode=True, api_keys=f"{KEY}=t1")
    app_module.set_services(build_services(settings, store=store, catalog=None, clock=clock,
                                           dynamodb_client=object()))
    try:
        seen, sizes = _export(KeyedClient(app_module.app))
    finally:
        app_module.set_services(None)
    assert len(sizes) >= 3 and max(sizes) < 1_000_000, sizes
    assert len(seen) == 10_000 and len(set(seen)) == 10_000


@pytest.mark.parametrize("cursor", ["", "!!!", "%FF%FE", "gA"])
def test_a_cursor_that_no_page_returned_is_a_400_naming_after(client: Client, cursor: str) -> None:
    response = client.http.get(f"/users/ana/export?after={cursor}")
    assert response.status_code == 400
    assert response.json_body["Message"].startswith("after:")


def test_a_small_user_exports_in_one_page_with_no_cursor(client: Client) -> None:
    body = {"user_id": "ana", "session_id": "s1", "message": "Hi! My name is Ana."}
    client.http.post("/message", headers={"Content-Type": "application/json"}, body=json.dumps(body))
    page = client.http.get("/users/ana/export").json_body
    assert page["next_cursor"] is None and len(page["messages"]) == 2


def _exported_pages(store: Store, max_bytes: int) -> list[str]:
    """The contents of every message an export in pages of ``max_bytes`` returns, in order."""
    contents: list[str] = []
    after = None
    while True:
        data, after = store.export_page("t1", "ana", after, max_bytes)
        contents += [m.content for m in data.messages]
        if after is None:
            return contents


def _talk(store: Store, clock: FakeClock, text: str) -> None:
    Conversation(store, ScriptedChatModel("ok"), BuiltinPersonalities(), clock=clock).take_turn(
        TurnInput("t1", "ana", "s1", text))


@pytest.mark.parametrize("max_bytes", [512_000, 300])
def test_an_export_leaves_out_a_session_that_expired(store: Store, clock: FakeClock, max_bytes: int) -> None:
    _talk(store, clock, "An old secret.")
    clock.advance(timedelta(days=91))  # idle past the TTL; neither DynamoDB nor the sweep removed it yet
    assert store.list_messages("t1", "ana", "s1", None, 100)[0] == []
    assert _exported_pages(store, max_bytes) == []
    data, _ = store.export_page("t1", "ana", None, 512_000)
    assert data.sessions == ()


@pytest.mark.parametrize("max_bytes", [512_000, 300])
def test_an_export_shows_only_the_current_life_of_a_session(store: Store, clock: FakeClock, max_bytes: int) -> None:
    _talk(store, clock, "An old secret.")
    clock.advance(timedelta(days=91))
    _talk(store, clock, "A fresh start.")
    live = [m.content for m in store.list_messages("t1", "ana", "s1", None, 100)[0]]
    assert live == ["A fresh start.", "ok"]
    assert _exported_pages(store, max_bytes) == live
