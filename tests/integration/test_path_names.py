"""Names in the path arrive percent-encoded (as from `chalice local` and API Gateway) and work everywhere."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from chalice.test import Client

from tests.luminoracore import SHAPES, document

JSON = {"Content-Type": "application/json"}
LUNA = next(s for s in SHAPES if s.file == "dr_luna.json")


def _named(name: str) -> str:
    doc = document(LUNA)
    doc["persona"]["name"] = name
    return json.dumps(doc, ensure_ascii=False)


def _path(name: str) -> str:
    return "/personalities/" + quote(name, safe="")


@pytest.mark.parametrize("name", ["Dr. Luna", "Zoë O'Brien", "Ana-María", "Капитан Крюк"])
def test_a_name_with_spaces_dots_apostrophes_or_accents_stores_reads_talks_and_deletes(
    client: Client, name: str
) -> None:
    saved = client.http.put(_path(name), headers=JSON, body=_named(name))
    assert saved.status_code == 200, saved.body
    assert saved.json_body["name"] == name
    assert client.http.get(_path(name)).json_body == json.loads(_named(name))
    turn = {"user_id": "ana", "session_id": "s-names", "message": "Hello!", "personality_name": name}
    assert client.http.post("/message", headers=JSON, body=json.dumps(turn)).status_code == 200
    relationship = client.http.get("/users/ana/relationships/" + quote(name.upper(), safe=""))
    assert relationship.status_code == 200, relationship.body
    episodes = client.http.get("/users/ana/episodes?personality_name=" + quote(name, safe=""))
    assert episodes.status_code == 200, episodes.body
    assert client.http.delete(_path(name)).status_code == 204
    assert client.http.get(_path(name)).status_code == 404


@pytest.mark.parametrize("raw", ["Dr.%2520Luna", "a%23b", "a%2Fb", "%20Luna", "bad%ZZname", "x" * 65])
def test_a_path_name_is_decoded_once_then_validated(client: Client, raw: str) -> None:
    response: Any = client.http.get("/personalities/" + raw)
    assert response.status_code == 400, response.body
    assert response.json_body["Message"].startswith("name")


def test_an_encoded_user_id_is_decoded_too(client: Client) -> None:
    turn = {"user_id": "ana@example.com", "session_id": "s:1", "message": "Hi!"}
    assert client.http.post("/message", headers=JSON, body=json.dumps(turn)).status_code == 200
    response = client.http.get("/users/ana%40example.com/sessions/s%3A1/messages")
    assert response.status_code == 200 and len(response.json_body["messages"]) == 2
