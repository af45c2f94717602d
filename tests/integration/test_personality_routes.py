"""`/personalities` through `chalice.test.Client`, on moto."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from tests.conftest import table_items
from tests.fakes import ScriptedChatModel
from tests.integration.conftest import make_client

WREN = (Path(__file__).parents[1] / "data" / "wren.json").read_text(encoding="utf-8")
JSON = {"Content-Type": "application/json"}


def _put(client: Client, name: str, body: str) -> Any:
    return client.http.put(f"/personalities/{name}", headers=JSON, body=body)


def _talk(client: Client, name: str, message: str = "Hello!") -> Any:
    body = {"user_id": "ana", "session_id": f"s-{name}", "message": message, "personality_name": name}
    return client.http.post("/message", headers=JSON, body=json.dumps(body))


def test_the_listing_names_every_builtin(client: Client) -> None:
    response = client.http.get("/personalities")
    assert response.status_code == 200
    listed = response.json_body["personalities"]
    assert {p["name"] for p in listed} == {"Assistant", "Marlowe", "Rook", "Sage", "Spark"}
    assert all(set(p) == {"name", "description", "archetype", "built_in"} and p["built_in"] for p in listed)


def test_a_builtin_definition_is_returned_whole(client: Client) -> None:
    response = client.http.get("/personalities/sage")
    assert response.status_code == 200
    assert response.json_body["persona"]["name"] == "Sage"
    assert len(response.json_body["hierarchical_config"]["relationship_levels"]) == 5


def test_a_luminoracore_file_is_accepted_and_chats(dynamodb: Any) -> None:
    chat = ScriptedChatModel("A wren, most likely.")
    with make_client(dynamodb, chat_model=chat) as client:
        saved = _put(client, "Wren", WREN)
        assert saved.status_code == 200, saved.body
        assert saved.json_body == {"name": "Wren", "description": json.loads(WREN)["persona"]["description"],
                                   "archetype": "adventurer", "built_in": False}
        assert client.http.get("/personalities/wren").json_body == json.loads(WREN)
        assert {"name": "Wren", "built_in": False}.items() <= client.http.get(
            "/personalities").json_body["personalities"][-1].items()
        reply = _talk(client, "wren", "What is that small brown bird?")
        assert reply.status_code == 200, reply.body
        assert reply.json_body["response"] == "A wren, most likely."
        assert "WREN-STRANGER-PREFIX" in chat.requests[-1].messages[0].content
    app_module.set_services(None)


def test_a_custom_personality_speaks_in_its_voice_offline(client: Client) -> None:
    assert _put(client, "Wren", WREN).status_code == 200
    reply = _talk(client, "Wren", "Hello!")
    assert reply.status_code == 200
    assert "The robins are out early today." in reply.json_body["response"]


INVALID = [
    ('{"persona": ', "body"),
    (WREN.replace('"archetype": "adventurer"', '"archetype": "wizard"'), "core_traits.archetype"),
    (WREN.replace('"syntax": "simple"', '"syntax": "simple", "accent": "Scottish"'), "linguistic_profile.accent"),
    (WREN.replace('"affinity_range": [0, 40]', '"affinity_range": [40, 0]'),
     "hierarchical_config.relationship_levels.0.affinity_range"),
    (WREN.replace('"name": "Wren"', '"name": "Robin"'), "persona.name"),
]


@pytest.mark.parametrize(("body", "field"), INVALID)
def test_an_invalid_file_is_a_400_naming_the_field_and_stores_nothing(
    client: Client, dynamodb: Any, body: str, field: str
) -> None:
    response = _put(client, "Wren", body)
    assert response.status_code == 400
    assert response.json_body["Code"] == "BadRequestError"
    assert response.json_body["Message"].startswith(field + ":")
    assert table_items(dynamodb) == []


def test_a_builtin_cannot_be_overwritten_or_deleted(client: Client, dynamodb: Any) -> None:
    body = WREN.replace('"name": "Wren"', '"name": "Assistant"')
    assert _put(client, "assistant", body).status_code == 409
    response = client.http.delete("/personalities/Sage")
    assert response.status_code == 409 and response.json_body["Code"] == "ConflictError"
    assert table_items(dynamodb) == []


def test_deleting_a_custom_personality_makes_it_unknown(client: Client) -> None:
    _put(client, "Wren", WREN)
    assert client.http.delete("/personalities/WREN").status_code == 204
    assert client.http.get("/personalities/Wren").status_code == 404
    assert _talk(client, "Wren").status_code == 404
    assert client.http.delete("/personalities/Wren").status_code == 404


def test_a_bad_name_in_the_path_is_a_400(client: Client) -> None:
    response = client.http.get("/personalities/a%23b")
    assert response.status_code == 400 and response.json_body["Message"].startswith("name")


def test_tenants_do_not_see_each_others_personalities(dynamodb: Any) -> None:
    with make_client(dynamodb, api_keys="key-one=one,key-two=two", key="key-one") as one:
        assert _put(one, "Wren", WREN).status_code == 200
    with make_client(dynamodb, api_keys="key-one=one,key-two=two", key="key-two") as two:
        assert two.http.get("/personalities/Wren").status_code == 404
        assert len(two.http.get("/personalities").json_body["personalities"]) == 5
    app_module.set_services(None)
