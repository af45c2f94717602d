"""The /v1 edge is as strict as `/message`: the same text checks, ids, names and parsing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from tests.conftest import table_items
from tests.fakes import ScriptedChatModel
from tests.integration.conftest import make_client

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def client(dynamodb: Any) -> Iterator[Client]:
    with make_client(dynamodb, chat_model=ScriptedChatModel("Hello, Ana.")) as test_client:
        yield test_client
    app_module.set_services(None)


def _post(client: Client, raw: bytes, headers: dict[str, str] | None = None) -> Any:
    return client.http.post("/v1/chat/completions", body=raw, headers={**JSON, **(headers or {})})


def _body(content: Any, **fields: Any) -> bytes:
    values = {"model": "Assistant", "user": "ana", "messages": [{"role": "user", "content": content}], **fields}
    return json.dumps(values).encode()


def _param(response: Any) -> str:
    return str(response.json_body["error"]["param"])


@pytest.mark.parametrize("invisible", ["\u200b\u200b", "\x00\x1b", " \u2060 ", "\ufeff"])
def test_invisible_only_text_is_a_400_and_nothing_is_stored(client: Client, dynamodb: Any, invisible: str) -> None:
    response = _post(client, _body(invisible))
    assert response.status_code == 400 and _param(response) == "messages.0.content"
    assert table_items(dynamodb) == []


def test_a_lone_surrogate_is_a_400_naming_the_message(client: Client, dynamodb: Any) -> None:
    raw = b'{"model": "Assistant", "user": "ana", "messages": [{"role": "user", "content": "hi \\ud800"}]}'
    response = _post(client, raw)
    assert response.status_code == 400 and _param(response) == "messages.0.content"
    system = _body("hi", messages=[{"role": "system", "content": "x\ud800"}, {"role": "user", "content": "hi"}])
    response = _post(client, system.replace(b"\\ud800", b"\\udc00"))
    assert response.status_code == 400 and _param(response) == "messages.0.content"
    assert table_items(dynamodb) == []


def test_control_and_bidi_characters_are_removed_as_on_message(client: Client) -> None:
    response = _post(client, _body([{"type": "text", "text": "Hello\x00 \x1b[31mAna\u202e!\u2066"}]))
    assert response.status_code == 200, response.body
    said = client.http.get("/users/ana/sessions/openai.assistant/messages").json_body["messages"][0]
    assert said["content"] == "Hello [31mAna!"


def test_a_personality_with_an_accent_and_an_apostrophe_keeps_a_listable_session(client: Client) -> None:
    wren = json.loads((Path(__file__).parents[1] / "data" / "wren.json").read_text())
    wren["persona"]["name"] = "Zoë O'Brien"
    stored = client.http.put("/personalities/Zo%C3%AB%20O'Brien", headers=JSON, body=json.dumps(wren).encode())
    assert stored.status_code == 200, stored.body
    first = _post(client, _body("Hi, I'm Ana.", model="Zoë O'Brien"))
    assert first.status_code == 200, first.body
    session = first.json_body["luminora"]["session_id"]
    listed = client.http.get(f"/users/ana/sessions/{session}/messages")
    assert listed.status_code == 200 and listed.json_body["messages"][0]["content"] == "Hi, I'm Ana."
    again = _post(client, _body("Still there?", model="zoë o'brien"))
    assert again.json_body["luminora"]["session_id"] == session
    assert len(client.http.get(f"/users/ana/sessions/{session}/messages").json_body["messages"]) == 4


@pytest.mark.parametrize("model", ["Sage\n", "Sage ", " Sage", "a" * 1100, "Sa  ge", "Ｓage"])
def test_a_model_that_is_no_name_is_not_found_and_not_echoed_whole(client: Client, dynamodb: Any, model: str) -> None:
    response = _post(client, _body("Hello", model=model))
    assert response.status_code == 404, response.body
    assert response.json_body["error"]["param"] == "model"
    assert len(response.json_body["error"]["message"]) < 200
    listed = client.http.get("/v1/models/" + model.replace("\n", "%0A").replace(" ", "%20"))
    assert listed.status_code == 404 and len(listed.body) < 400
    assert table_items(dynamodb) == []


@pytest.mark.parametrize(("field", "value"), [("temperature", "0.3"), ("max_tokens", "50"), ("stream", "yes"),
                                              ("stream", 1), ("max_completion_tokens", 50.0), ("n", "1"),
                                              ("temperature", True), ("stream_options", {"include_usage": "1"})])
def test_a_sampling_field_of_the_wrong_json_type_is_a_400_naming_it(
    client: Client, dynamodb: Any, field: str, value: Any
) -> None:
    response = _post(client, _body("Hello", **{field: value}))
    assert response.status_code == 400, response.body
    assert _param(response).split(".")[0] == field
    assert table_items(dynamodb) == []


def test_whole_numbers_are_still_a_temperature(client: Client) -> None:
    assert _post(client, _body("Hello", temperature=1, max_tokens=50, stream=False)).status_code == 200


def test_a_duplicated_key_is_a_400_naming_it_on_every_json_route(client: Client, dynamodb: Any) -> None:
    v1 = b'{"model": "Assistant", "user": "ana", "user": "ben", "messages": [{"role": "user", "content": "Hi"}]}'
    response = _post(client, v1)
    assert response.status_code == 400 and _param(response) == "user"
    nested = b'{"model": "Assistant", "user": "ana", "messages": [{"role": "user", "content": "a", "content": "b"}]}'
    assert _param(_post(client, nested)) == "content"
    message = b'{"user_id": "ana", "user_id": "ben", "session_id": "s1", "message": "Hi"}'
    response = client.http.post("/message", headers=JSON, body=message)
    assert response.status_code == 400 and response.json_body["Message"].startswith("user_id:")
    wren = (Path(__file__).parents[1] / "data" / "wren.json").read_text()
    twice = wren.replace('"name": "Wren",', '"name": "Wren", "name": "Wren",', 1)
    response = client.http.put("/personalities/Wren", headers=JSON, body=twice.encode())
    assert response.status_code == 400 and response.json_body["Message"].startswith("name:")
    assert table_items(dynamodb) == []


def _without_user(**fields: Any) -> bytes:
    return json.dumps({"model": "Assistant", "messages": [{"role": "user", "content": "Hi, I'm Ana."}],
                       **fields}).encode()


def _users(dynamodb: Any) -> set[str]:
    return {item["PK"]["S"].split("#U#")[-1] for item in table_items(dynamodb) if "#U#" in item["PK"]["S"]}


def test_safety_identifier_names_the_end_user_when_user_is_absent(client: Client, dynamodb: Any) -> None:
    response = _post(client, _without_user(safety_identifier="ana"))
    assert response.status_code == 200, response.body
    assert client.http.get("/users/ana/relationships/Assistant").json_body["total_interactions"] == 1
    assert _param(_post(client, _without_user(safety_identifier="ana#1"))) == "safety_identifier"


def test_the_x_luminora_user_header_names_the_end_user_when_the_body_does_not(client: Client) -> None:
    response = _post(client, _without_user(), headers={"X-Luminora-User": "ben"})
    assert response.status_code == 200, response.body
    assert client.http.get("/users/ben/relationships/Assistant").json_body["total_interactions"] == 1
    refused = _post(client, _without_user(), headers={"X-Luminora-User": "ben/../ana"})
    assert refused.status_code == 400 and _param(refused) == "X-Luminora-User"


def test_without_any_user_each_api_key_is_one_end_user_not_named_by_the_key(dynamodb: Any) -> None:
    keys = "test-key=default,second-key=default"
    seen = []
    for key in ("test-key", "second-key", "test-key"):
        with make_client(dynamodb, chat_model=ScriptedChatModel("Hello."), key=key, api_keys=keys) as keyed:
            response = _post(keyed, _without_user())
            assert response.status_code == 200, response.body
            seen.append(response.json_body["luminora"]["session_id"])
    app_module.set_services(None)
    users = {u for u in _users(dynamodb) if u.startswith("apikey.")}
    assert len(users) == 2
    assert not any("test-key" in str(item) or "second-key" in str(item) for item in table_items(dynamodb))
