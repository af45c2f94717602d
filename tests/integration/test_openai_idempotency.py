"""`Idempotency-Key` on `/v1/chat/completions`: the key stands for everything that shapes the answer, and a
replay is the first response, whole, whatever changed since."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.models import ChatReply, ChatRequest, TurnInput, Usage
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock
from tests.integration.conftest import KEY, TENANT, KeyedClient

WREN = Path(__file__).parents[1] / "data" / "wren.json"


class _CutShort:
    """A chat model whose every reply stopped at ``max_tokens``; it counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        self.calls += 1
        return ChatReply(f"An answer cut short, number {self.calls}", Usage(10, 5), "scripted", "length")


@pytest.fixture
def chat() -> _CutShort:
    return _CutShort()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(dynamodb: Any, chat: _CutShort, clock: FakeClock) -> Iterator[Client]:
    settings = Settings(table_name=TABLE, demo_mode=True, api_keys=f"{KEY}={TENANT}")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, chat_model=chat, clock=clock))
    with KeyedClient(app_module.app) as test_client:
        yield test_client
    app_module.set_services(None)


def _complete(client: Client, key: str = "req-1", **body: Any) -> Any:
    values = {"model": "Assistant", "user": "ana", "messages": [
        {"role": "system", "content": "Answer in one line."}, {"role": "user", "content": "Tell me a story."}],
        **body}
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    return client.http.post("/v1/chat/completions", body=json.dumps(values), headers=headers)


@pytest.mark.parametrize("change", [
    {"messages": [{"role": "system", "content": "Answer in French."}, {"role": "user", "content": "Tell me a story."}]},
    {"messages": [{"role": "user", "content": "Tell me a story."}]},
    {"temperature": 0.1},
    {"max_tokens": 20},
    {"max_completion_tokens": 20},
    {"stop": ["."]},
])
def test_the_same_key_with_anything_else_that_shapes_the_answer_is_a_422(
    client: Client, dynamodb: Any, chat: _CutShort, change: dict[str, Any]
) -> None:
    assert _complete(client).status_code == 200
    before = table_items(dynamodb)
    response = _complete(client, **change)
    assert response.status_code == 422, response.json_body
    assert response.json_body["error"]["code"] == "idempotency_key_reused"
    assert chat.calls == 1 and table_items(dynamodb) == before


def test_a_replay_is_the_first_response_whole(client: Client, chat: _CutShort, clock: FakeClock) -> None:
    first = _complete(client)
    clock.advance(timedelta(minutes=5))
    again = _complete(client)
    assert first.status_code == again.status_code == 200
    assert again.json_body == first.json_body and chat.calls == 1
    assert again.json_body["choices"][0]["finish_reason"] == "length"


def test_a_replay_after_the_personality_was_deleted_is_the_stored_answer(
    client: Client, dynamodb: Any, chat: _CutShort
) -> None:
    saved = client.http.put("/personalities/Wren", body=WREN.read_text(encoding="utf-8"),
                            headers={"Content-Type": "application/json"})
    assert saved.status_code == 200
    first = _complete(client, model="wren")
    assert first.status_code == 200 and first.json_body["model"] == "Wren"
    assert client.http.delete("/personalities/Wren").status_code == 204
    again = _complete(client, model="wren")
    assert again.status_code == 200 and again.json_body == first.json_body and chat.calls == 1
    unknown = _complete(client, key="req-2", model="wren")
    assert unknown.status_code == 404 and chat.calls == 1
    assert "I#req-2" not in [i["SK"]["S"] for i in table_items(dynamodb)]


def test_a_message_turn_keeps_the_fingerprint_its_records_were_stored_with() -> None:
    turn = TurnInput("t1", "ana", "s1", "hello there", "Sage", idempotency_key="k-1")
    before = json.dumps(["ana", "s1", "sage", "hello there"], ensure_ascii=True)
    assert turn.fingerprint("Sage") == hashlib.sha256(before.encode()).hexdigest()
    assert turn._replace(temperature=0.2).fingerprint("Sage") != turn.fingerprint("Sage")


def test_a_stream_replays_the_same_answer_as_events(client: Client, chat: _CutShort) -> None:
    first = _complete(client).json_body
    frames = [f for f in _complete(client, stream=True).body.decode().split("\n\n") if f.startswith("data: {")]
    chunks = [json.loads(frame[len("data: "):]) for frame in frames]
    assert {c["id"] for c in chunks} == {first["id"]} and chat.calls == 1
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == first["choices"][0]["message"][
        "content"]
    assert chunks[-1]["choices"][0]["finish_reason"] == "length"
