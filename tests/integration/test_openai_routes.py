"""OpenAI's chat-completions protocol through `chalice.test.Client`, on moto."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chalice.app import UnauthorizedError
from chalice.test import Client

import app as app_module
from chalicelib.errors import LLMBadResponseError, LLMRateLimitError, LLMTimeoutError
from chalicelib.http import routing
from chalicelib.models import Usage
from tests.conftest import table_items
from tests.deepseek_stub import DeepSeekStub, completion, raw
from tests.fakes import ScriptedChatModel
from tests.integration.conftest import make_client
from tests.integration.test_deepseek_routes import stub_settings

CACHED = Usage(prompt_tokens=120, completion_tokens=9, prompt_cache_hit_tokens=96, prompt_cache_miss_tokens=24)
WREN = Path(__file__).parents[1] / "data" / "wren.json"


@pytest.fixture
def chat() -> ScriptedChatModel:
    return ScriptedChatModel("Nice to meet you, Ana.", "You told me you love hiking.", usage=CACHED)


@pytest.fixture
def client(dynamodb: Any, chat: ScriptedChatModel) -> Iterator[Client]:
    with make_client(dynamodb, chat_model=chat) as test_client:
        yield test_client
    app_module.set_services(None)


def _complete(client: Client, headers: dict[str, str] | None = None, **body: Any) -> Any:
    values = {"model": "Assistant", "user": "ana", "messages": [{"role": "user", "content": "Hi, I'm Ana!"}], **body}
    return client.http.post("/v1/chat/completions", body=json.dumps(values),
                            headers={"Content-Type": "application/json", **(headers or {})})


def _events(body: bytes) -> list[Any]:
    text = body.decode()
    assert text.endswith("data: [DONE]\n\n")
    frames = [frame for frame in text.split("\n\n") if frame]
    assert all(frame.startswith("data: ") for frame in frames)
    return [json.loads(frame[len("data: "):]) for frame in frames[:-1]]


def test_a_chat_completion_answers_in_openais_format(client: Client) -> None:
    response = _complete(client)
    assert response.status_code == 200, response.body
    body = response.json_body
    assert body["object"] == "chat.completion" and body["id"].startswith("chatcmpl-")
    assert body["model"] == "Assistant" and isinstance(body["created"], int)
    (choice,) = body["choices"]
    assert choice["index"] == 0 and choice["finish_reason"] == "stop"
    assert choice["message"]["role"] == "assistant"
    assert choice["message"]["content"] == "Nice to meet you, Ana."
    assert body["usage"] == {"prompt_tokens": 120, "completion_tokens": 9, "total_tokens": 129,
                             "prompt_tokens_details": {"cached_tokens": 96}}
    assert body["luminora"]["affinity_level"] == "stranger" and body["luminora"]["affinity_points"] > 0
    assert body["luminora"]["mood"] and body["id"] == f"chatcmpl-{body['luminora']['message_id']}"


def test_the_turn_is_the_turn_of_post_message(client: Client) -> None:
    body = _complete(client).json_body
    relationship = client.http.get("/users/ana/relationships/Assistant").json_body
    assert relationship["affinity_points"] == body["luminora"]["affinity_points"]
    assert relationship["total_interactions"] == 1
    history = client.http.get("/users/ana/sessions/openai.assistant/messages").json_body["messages"]
    assert [(m["role"], m["content"]) for m in history] == [("user", "Hi, I'm Ana!"),
                                                            ("assistant", "Nice to meet you, Ana.")]


def test_only_the_last_user_message_is_a_new_turn_and_memory_replaces_the_resent_history(
    client: Client, chat: ScriptedChatModel
) -> None:
    _complete(client, messages=[{"role": "user", "content": "I love hiking."}])
    resent = [{"role": "user", "content": "I love hiking."}, {"role": "assistant", "content": "Nice to meet you, Ana."},
              {"role": "user", "content": [{"type": "text", "text": "What do I love?"}]}]
    _complete(client, messages=resent)
    history = client.http.get("/users/ana/sessions/openai.assistant/messages").json_body["messages"]
    assert [m["content"] for m in history if m["role"] == "user"] == ["I love hiking.", "What do I love?"]
    prompt = [m.content for m in chat.requests[-1].messages]
    assert prompt.count("I love hiking.") == 1, "the earlier turn comes from memory, once"
    assert prompt[-1] == "What do I love?"


def test_metadata_session_id_picks_the_session(client: Client) -> None:
    body = _complete(client, metadata={"session_id": "trip-planning"}).json_body
    assert body["luminora"]["session_id"] == "trip-planning"
    assert len(client.http.get("/users/ana/sessions/trip-planning/messages").json_body["messages"]) == 2


def test_each_personality_has_its_own_default_session(client: Client) -> None:
    assert _complete(client).status_code == 200
    assert _complete(client, model="sage").json_body["luminora"]["session_id"] == "openai.sage"


def test_a_system_message_follows_the_personality_block_and_sampling_stays_within_limits(
    client: Client, chat: ScriptedChatModel
) -> None:
    _complete(client)
    own = chat.requests[-1]
    messages = [{"role": "system", "content": "Answer in French."}, {"role": "user", "content": "Hello"}]
    _complete(client, messages=messages, temperature=0, max_completion_tokens=16, stop="END")
    asked = chat.requests[-1]
    assert asked.messages[0].content.startswith(own.messages[0].content.split("\n\n")[0])
    assert "Answer in French." in asked.messages[0].content
    assert "Answer in French." not in own.messages[0].content
    assert (asked.temperature, asked.max_tokens, asked.stop) == (0.0, 16, ("END",))
    _complete(client, temperature=2, max_tokens=100_000)
    assert (chat.requests[-1].temperature, chat.requests[-1].max_tokens) == (own.temperature, own.max_tokens)


def test_unsupported_fields_are_ignored(client: Client) -> None:
    response = _complete(client, n=1, presence_penalty=0.5, logit_bias={"50256": -100}, seed=7, tools=[])
    assert response.status_code == 200, response.body


def test_stream_answers_one_event_stream_of_chunks(client: Client) -> None:
    response = _complete(client, stream=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/event-stream"
    chunks = _events(response.body)
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["id"] for c in chunks}) == 1 and chunks[0]["model"] == "Assistant"
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == "Nice to meet you, Ana."
    assert len(chunks) > 3, "the content comes in several chunks"
    assert [c["choices"][0]["finish_reason"] for c in chunks][-1] == "stop"
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks[:-1])
    assert chunks[-1]["luminora"]["affinity_level"] == "stranger"
    assert all("usage" not in c for c in chunks)


def test_stream_options_include_usage_adds_a_usage_chunk(client: Client) -> None:
    chunks = _events(_complete(client, stream=True, stream_options={"include_usage": True}).body)
    *content, last = chunks
    assert last["choices"] == [] and last["usage"]["prompt_tokens_details"] == {"cached_tokens": 96}
    assert all(c["usage"] is None for c in content)


def test_a_repeated_idempotency_key_answers_the_same_completion_once(client: Client, chat: ScriptedChatModel) -> None:
    first = _complete(client, headers={"Idempotency-Key": "req-1"}).json_body
    again = _complete(client, headers={"Idempotency-Key": "req-1"}).json_body
    assert again["id"] == first["id"]
    assert again["choices"][0]["message"]["content"] == first["choices"][0]["message"]["content"]
    assert len(chat.requests) == 1


BAD_REQUESTS: list[tuple[dict[str, Any], str]] = [
    ({"user": "ana#1"}, "user"),
    ({"user": None, "safety_identifier": "ana\n"}, "safety_identifier"),
    ({"n": 2}, "n"),
    ({"tools": [{"type": "function", "function": {"name": "f"}}]}, "tools"),
    ({"messages": []}, "messages"),
    ({"messages": [{"role": "system", "content": "Be brief."}]}, "messages"),
    ({"messages": [{"role": "user", "content": "   "}]}, "messages.0.content"),
    ({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]},
     "messages.0.content"),
    ({"temperature": 3}, "temperature"),
    ({"max_tokens": 0}, "max_tokens"),
    ({"stop": ["a", "b", "c", "d", "e"]}, "stop"),
    ({"metadata": {"session_id": "a b"}}, "metadata.session_id"),
]


@pytest.mark.parametrize(("change", "param"), BAD_REQUESTS)
def test_bad_requests_are_400s_in_openais_shape_and_store_nothing(
    client: Client, dynamodb: Any, change: dict[str, Any], param: str
) -> None:
    values = {"model": "Assistant", "user": "ana", "messages": [{"role": "user", "content": "Hi"}], **change}
    body = {k: v for k, v in values.items() if v is not None}  # None: the field is left out
    response = client.http.post("/v1/chat/completions", body=json.dumps(body),
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.body
    error = response.json_body["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["type"] == "invalid_request_error" and error["param"] == param
    assert error["message"].startswith(param)
    assert table_items(dynamodb) == []


def test_a_body_that_is_not_json_is_a_400_in_openais_shape(client: Client) -> None:
    response = client.http.post("/v1/chat/completions", body="{nope", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json_body["error"]["param"] == "body"


@pytest.mark.parametrize("model", ["gpt-4o", "openai/gpt-4o"])
def test_an_unknown_model_is_a_404_model_not_found(client: Client, dynamodb: Any, model: str) -> None:
    response = _complete(client, model=model)
    assert response.status_code == 404
    assert response.json_body["error"]["code"] == "model_not_found"
    assert response.json_body["error"]["param"] == "model"
    assert table_items(dynamodb) == []


@pytest.mark.parametrize(
    ("failure", "status"),
    [(LLMTimeoutError("slow"), 504), (LLMRateLimitError("busy", retry_after=7), 503),
     (LLMBadResponseError("blank"), 502)],
)
def test_deepseek_failures_are_5xx_in_openais_shape_and_store_nothing(
    dynamodb: Any, failure: Exception, status: int
) -> None:
    with make_client(dynamodb, chat_model=ScriptedChatModel(failure)) as client:
        response = _complete(client)
    assert response.status_code == status
    assert response.json_body["error"]["type"] == "server_error"
    if status == 503:
        assert response.headers["Retry-After"] == "7"
    assert table_items(dynamodb) == []


def test_a_rejected_key_would_answer_a_401_in_openais_shape() -> None:
    def view() -> None:
        raise UnauthorizedError("the API key is missing, unknown or revoked")

    response = routing.handles_openai_errors(view)()
    assert response.status_code == 401
    assert response.body["error"] == {"message": "the API key is missing, unknown or revoked",
                                      "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}


def test_models_lists_the_builtin_personalities_then_the_tenants_own(client: Client) -> None:
    saved = client.http.put("/personalities/Wren", body=WREN.read_text(encoding="utf-8"),
                            headers={"Content-Type": "application/json"})
    assert saved.status_code == 200
    listed = client.http.get("/v1/models").json_body
    personalities = client.http.get("/personalities").json_body["personalities"]
    assert listed["object"] == "list"
    assert [m["id"] for m in listed["data"]] == [p["name"] for p in personalities]
    assert listed["data"][0]["id"] == "Assistant" and listed["data"][-1]["id"] == "Wren"
    assert all(m["object"] == "model" and isinstance(m["created"], int) for m in listed["data"])
    assert [m["owned_by"] for m in listed["data"]][-2:] == ["luminora", "default"]


def test_one_model_is_found_by_its_name_in_any_case(client: Client) -> None:
    found = client.http.get("/v1/models/sage")
    assert found.status_code == 200 and found.json_body["id"] == "Sage"
    missing = client.http.get("/v1/models/gpt-4o")
    assert missing.status_code == 404 and missing.json_body["error"]["code"] == "model_not_found"


def test_deepseeks_cache_hits_and_finish_reason_reach_the_client(dynamodb: Any, deepseek_stub: DeepSeekStub) -> None:
    cut = completion("It was a dark and", CACHED, finish_reason="length")
    deepseek_stub.script(raw(json.dumps(cut).encode()))
    # A roomy budget: this test is about the wire format, not about deadlines on a busy machine.
    settings = stub_settings(deepseek_stub, turn_budget_seconds=20, deepseek_read_timeout=10)
    with make_client(dynamodb, **settings) as client:
        response = _complete(client, max_tokens=5, stop=["\n\n"])
    assert response.status_code == 200, response.body
    body = response.json_body
    assert body["choices"][0]["finish_reason"] == "length"
    assert body["usage"]["prompt_tokens_details"]["cached_tokens"] == 96
    sent = deepseek_stub.requests[0].json
    assert sent["max_tokens"] == 5 and sent["stop"] == ["\n\n"]
