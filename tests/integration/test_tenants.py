"""API keys and tenants: the app checks every key itself, and a tenant sees only its own data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.dynamodb.apikeys import DynamoApiKeyStore
from chalicelib.usecases.access import Access
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock
from tests.integration.conftest import KeyedClient

WREN = (Path(__file__).resolve().parents[1] / "data" / "wren.json").read_text(encoding="utf-8")
# Every route that needs a key, with a request that would succeed with one.
PROTECTED = [
    ("POST", "/message", json.dumps({"user_id": "ana", "session_id": "s1", "message": "Hi"})),
    ("GET", "/users/ana/relationships/Assistant", ""),
    ("GET", "/users/ana/sessions/s1/messages", ""),
    ("GET", "/personalities", ""),
    ("GET", "/personalities/Assistant", ""),
    ("PUT", "/personalities/Wren", WREN),
    ("DELETE", "/personalities/Wren", ""),
    ("GET", "/users/ana/facts", ""),
    ("DELETE", "/users/ana/facts/personal_info/name", ""),
    ("GET", "/users/ana/episodes", ""),
    ("GET", "/users/ana/export", ""),
    ("DELETE", "/users/ana", ""),
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app_client(dynamodb: Any, clock: FakeClock) -> Iterator[KeyedClient]:
    """Two tenants by configured keys (acme, globex); table keys work too."""
    settings = Settings(table_name=TABLE, demo_mode=True, api_keys="acme-key=acme, globex-key=globex")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, clock=clock))
    client = KeyedClient(app_module.app, "acme-key")
    with client:
        yield client
    app_module.set_services(None)


def _call(client: KeyedClient, method: str, path: str, body: str = "", **headers: str) -> Any:
    return client.http.request(method, path, {"Content-Type": "application/json", **headers}, body.encode())


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_no_key_or_a_wrong_key_is_a_401_and_nothing_is_stored(
    app_client: KeyedClient, dynamodb: Any, method: str, path: str, body: str
) -> None:
    for key in ("", "not-a-key", "lk_" + "x" * 40, "k" * 5000):
        response = _call(app_client, method, path, body, **{"x-api-key": key})
        assert response.status_code == 401, (key[:10], response.body)
        assert "x-api-key" in response.json_body["message"]
    assert table_items(dynamodb) == []


def test_health_needs_no_key(app_client: KeyedClient) -> None:
    assert _call(app_client, "GET", "/health", **{"x-api-key": ""}).status_code == 200


def test_a_bearer_token_is_a_key_too(app_client: KeyedClient) -> None:
    response = _call(app_client, "GET", "/personalities", **{"x-api-key": "", "Authorization": "Bearer globex-key"})
    assert response.status_code == 200
    wrong = _call(app_client, "GET", "/personalities", **{"x-api-key": "", "Authorization": "Basic globex-key"})
    assert wrong.status_code == 401


def _say(client: KeyedClient, key: str, text: str) -> Any:
    body = json.dumps({"user_id": "ana", "session_id": "s1", "message": text, "personality_name": "Wren"})
    return _call(client, "POST", "/message", body, **{"x-api-key": key})


def test_two_tenants_with_the_same_ids_and_names_see_only_their_own(app_client: KeyedClient) -> None:
    for key in ("acme-key", "globex-key"):
        assert _call(app_client, "PUT", "/personalities/Wren", WREN, **{"x-api-key": key}).status_code == 200
    assert _say(app_client, "acme-key", "Hi! My name is Ana and I live in Lisbon.").status_code == 200
    for _ in range(2):
        assert _say(app_client, "globex-key", "Hello, I'm Ana from Porto.").status_code == 200

    def get(key: str, path: str) -> Any:
        return _call(app_client, "GET", path, **{"x-api-key": key}).json_body

    acme, globex = get("acme-key", "/users/ana/export"), get("globex-key", "/users/ana/export")
    assert len(acme["messages"]) == 2 and len(globex["messages"]) == 4
    assert "Porto" not in json.dumps(acme) and "Lisbon" not in json.dumps(globex)
    assert get("acme-key", "/users/ana/relationships/Wren")["total_interactions"] == 1
    assert get("globex-key", "/users/ana/relationships/Wren")["total_interactions"] == 2
    erased = _call(app_client, "DELETE", "/users/ana", **{"x-api-key": "acme-key"}).json_body
    assert erased["deleted"]["message"] == 2
    assert get("acme-key", "/users/ana/export")["messages"] == []
    assert get("globex-key", "/users/ana/export") == globex


def test_a_tenants_personality_list_is_the_builtins_and_its_own(app_client: KeyedClient) -> None:
    assert _call(app_client, "PUT", "/personalities/Wren", WREN, **{"x-api-key": "acme-key"}).status_code == 200
    names = {key: [p["name"] for p in _call(app_client, "GET", "/personalities", **{"x-api-key": key})
                   .json_body["personalities"]] for key in ("acme-key", "globex-key")}
    assert names["acme-key"] == [*names["globex-key"], "Wren"] and "Wren" not in names["globex-key"]


def test_a_table_key_works_and_its_revocation_takes_effect_within_a_minute(
    app_client: KeyedClient, dynamodb: Any, clock: FakeClock
) -> None:
    access = Access(DynamoApiKeyStore(dynamodb, TABLE), {}, clock=clock)
    key, stored = access.create("initech", "web")
    assert key.startswith("lk_") and len(key) >= 3 + 32
    items = [i for i in table_items(dynamodb) if i["entity_type"]["S"] == "api_key"]
    assert key not in json.dumps(items) and items[0]["tenant"]["S"] == "initech"
    assert _call(app_client, "GET", "/personalities", **{"x-api-key": key}).status_code == 200
    access.revoke(stored.key_id)
    clock.advance(timedelta(seconds=61))
    assert _call(app_client, "GET", "/personalities", **{"x-api-key": key}).status_code == 401


def test_a_rotated_key_keeps_the_tenant_and_its_memories(app_client: KeyedClient, dynamodb: Any) -> None:
    access = Access(DynamoApiKeyStore(dynamodb, TABLE), {}, clock=FakeClock())
    old, stored = access.create("initech", "web")
    body = json.dumps({"user_id": "ana", "session_id": "s1", "message": "Hi, I'm Ana."})
    assert _call(app_client, "POST", "/message", body, **{"x-api-key": old}).status_code == 200
    new, rotated = access.rotate(stored.key_id)
    assert rotated.tenant == "initech" and new != old
    history = _call(app_client, "GET", "/users/ana/sessions/s1/messages", **{"x-api-key": new}).json_body
    assert len(history["messages"]) == 2
    assert _call(app_client, "GET", "/personalities", **{"x-api-key": old}).status_code == 200
