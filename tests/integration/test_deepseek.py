"""The real DeepSeek adapter and `requests` stack against the stub server on 127.0.0.1."""

from __future__ import annotations

import json
import time

import pytest

from chalicelib.deepseek.client import DeepSeekChatModel
from chalicelib.deepseek.retry import retrying_session
from chalicelib.errors import (
    LLMAuthError,
    LLMBadResponseError,
    LLMError,
    LLMRateLimitError,
    LLMTimeoutError,
    LLMUnavailableError,
)
from chalicelib.models import ChatMessage, ChatRequest, Usage
from scripts.stack import free_port
from tests.deepseek_stub import DeepSeekStub, answer, completion, fail, hang_up, raw, stall, trickle

KEY = "sk-stub-7f3a9c2e41d84b6f"
BUDGET = 1.5
# Deadline checks are about correctness, not speed: this slack only absorbs scheduling on a busy machine.
SLACK = 0.75


def _model(stub: DeepSeekStub, sleeps: list[float] | None = None, retries: int = 2) -> DeepSeekChatModel:
    """The production adapter with small timeouts; ``sleeps`` records backoff waits instead of sleeping."""
    session = retrying_session(retries=retries, backoff=0.02, min_attempt=0.2,
                               sleeper=sleeps.append if sleeps is not None else time.sleep)
    return DeepSeekChatModel(session, api_key=KEY, base_url=stub.url, model="deepseek-flash",
                             connect_timeout=0.5, read_timeout=0.3, min_attempt_seconds=0.2)


def _request(json_mode: bool = False, end_user: str = "a1b2c3", text: str = "Hello!") -> ChatRequest:
    messages = (ChatMessage("system", "Reply in json, like {\"facts\": []}." if json_mode else "Be kind."),
                ChatMessage("user", text))
    return ChatRequest(messages=messages, temperature=0.7, max_tokens=300, end_user=end_user, json_mode=json_mode)


def _deadline() -> float:
    return time.monotonic() + BUDGET


def test_a_chat_request_speaks_deepseeks_wire_format(deepseek_stub: DeepSeekStub) -> None:
    reply = _model(deepseek_stub).complete(_request(), deadline=_deadline())
    assert reply.text == "Hello from the stub."
    assert reply.usage == Usage(prompt_tokens=42, completion_tokens=7, prompt_cache_hit_tokens=32,
                                prompt_cache_miss_tokens=10)
    (sent,) = deepseek_stub.requests
    assert sent.path == "/chat/completions"
    assert sent.json == {
        "model": "deepseek-flash",
        "messages": [{"role": "system", "content": "Be kind."}, {"role": "user", "content": "Hello!"}],
        "temperature": 0.7,
        "max_tokens": 300,
        "thinking": {"type": "disabled"},
        "user_id": "a1b2c3",
        "stream": False,
    }
    assert sent.headers["Authorization"] == f"Bearer {KEY}"


def test_warm_calls_reuse_the_pooled_connection(deepseek_stub: DeepSeekStub) -> None:
    model = _model(deepseek_stub)
    for _ in range(3):
        model.complete(_request(), deadline=_deadline())
    assert len({r.client_port for r in deepseek_stub.requests}) == 1


@pytest.mark.parametrize("end_user", ["ana@example.com", "x" * 513, "tenant#user", "", "a1b2\n"])
def test_a_user_id_deepseek_would_refuse_is_sent_as_an_opaque_hash(
    deepseek_stub: DeepSeekStub, end_user: str
) -> None:
    _model(deepseek_stub).complete(_request(end_user=end_user), deadline=_deadline())
    sent = deepseek_stub.requests[0].json["user_id"]
    assert len(sent) == 64 and all(c in "0123456789abcdef" for c in sent)
    assert end_user not in sent or not end_user


def test_json_mode_asks_for_a_json_object(deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(answer('{"facts": [{"key": "name", "value": "Ana"}]}'))
    reply = _model(deepseek_stub).complete(_request(json_mode=True), deadline=_deadline())
    assert json.loads(reply.text) == {"facts": [{"key": "name", "value": "Ana"}]}
    assert deepseek_stub.requests[0].json["response_format"] == {"type": "json_object"}


@pytest.mark.parametrize("first", ["", "   ", "{\"facts\": [", "[1, 2]", None])
def test_blank_or_unparsable_json_content_is_asked_for_once_more(
    deepseek_stub: DeepSeekStub, first: str | None
) -> None:
    deepseek_stub.script(answer(first), answer('{"facts": []}'))
    reply = _model(deepseek_stub).complete(_request(json_mode=True), deadline=_deadline())
    assert json.loads(reply.text) == {"facts": []}
    assert len(deepseek_stub.requests) == 2
    assert reply.usage.prompt_tokens == 84, "both calls were billed, so both are counted"


def test_json_content_blank_twice_is_a_bad_response(deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(answer(""))
    with pytest.raises(LLMBadResponseError, match="empty"):
        _model(deepseek_stub).complete(_request(json_mode=True), deadline=_deadline())
    assert len(deepseek_stub.requests) == 2


def test_blank_chat_content_is_a_bad_response_without_a_second_call(deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(answer("  "))
    with pytest.raises(LLMBadResponseError):
        _model(deepseek_stub).complete(_request(), deadline=_deadline())
    assert len(deepseek_stub.requests) == 1


def test_json_mode_without_json_in_the_prompt_is_refused_before_calling(deepseek_stub: DeepSeekStub) -> None:
    request = ChatRequest(messages=(ChatMessage("user", "hi"),), temperature=0.1, max_tokens=10,
                          end_user="u", json_mode=True)
    with pytest.raises(ValueError, match="json"):
        _model(deepseek_stub).complete(request)
    assert deepseek_stub.requests == []


def test_a_429_then_200_succeeds_after_waiting_retry_after(deepseek_stub: DeepSeekStub) -> None:
    sleeps: list[float] = []
    deepseek_stub.script(fail(429, retry_after=1), answer("Back again."))
    model = _model(deepseek_stub, sleeps)
    reply = model.complete(_request(), deadline=time.monotonic() + 5)
    assert reply.text == "Back again."
    assert sleeps == [1.0]
    assert len(deepseek_stub.requests) == 2


def test_a_429_without_retry_after_backs_off_with_jitter(deepseek_stub: DeepSeekStub) -> None:
    sleeps: list[float] = []
    deepseek_stub.script(fail(429), answer("ok"))
    _model(deepseek_stub, sleeps).complete(_request(), deadline=_deadline())
    assert len(sleeps) == 1 and 0.02 <= sleeps[0] <= 0.04


def test_a_retry_after_beyond_the_budget_is_reported_at_once(deepseek_stub: DeepSeekStub) -> None:
    sleeps: list[float] = []
    deepseek_stub.script(fail(429, retry_after=30))
    with pytest.raises(LLMRateLimitError) as raised:
        _model(deepseek_stub, sleeps).complete(_request(), deadline=_deadline())
    assert raised.value.retry_after == 30
    assert sleeps == [] and len(deepseek_stub.requests) == 1


def test_persistent_rate_limiting_gives_up_after_the_retries(deepseek_stub: DeepSeekStub) -> None:
    sleeps: list[float] = []
    deepseek_stub.script(fail(429))
    with pytest.raises(LLMRateLimitError, match="after 3 attempts"):
        _model(deepseek_stub, sleeps).complete(_request(), deadline=_deadline())
    assert len(deepseek_stub.requests) == 3 and len(sleeps) == 2


def test_persistent_overload_is_unavailable_with_deepseeks_hint(deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(fail(503, retry_after=20))
    with pytest.raises(LLMUnavailableError) as raised:
        _model(deepseek_stub).complete(_request(), deadline=_deadline())
    assert raised.value.retry_after == 20


@pytest.mark.parametrize("status", [500, 502, 504])
def test_persistent_server_errors_fail_within_the_budget(deepseek_stub: DeepSeekStub, status: int) -> None:
    deepseek_stub.script(fail(status))
    deadline = _deadline()
    with pytest.raises(LLMError, match=f"HTTP {status}") as raised:
        _model(deepseek_stub).complete(_request(), deadline=deadline)
    assert not isinstance(raised.value, LLMUnavailableError)
    assert len(deepseek_stub.requests) == 3
    assert time.monotonic() < deadline + SLACK


@pytest.mark.parametrize(("status", "kind", "words"), [
    (400, LLMError, "DEEPSEEK_MODEL"),
    (401, LLMAuthError, "DEEPSEEK_API_KEY"),
    (402, LLMAuthError, "top up"),
    (422, LLMError, "rejected the request"),
])
def test_client_errors_are_reported_without_retrying(
    deepseek_stub: DeepSeekStub, status: int, kind: type[LLMError], words: str
) -> None:
    deepseek_stub.script(fail(status))
    with pytest.raises(kind, match=words):
        _model(deepseek_stub).complete(_request(), deadline=_deadline())
    assert len(deepseek_stub.requests) == 1


def test_a_stall_is_a_timeout_and_is_not_asked_again(deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(stall())
    deadline = _deadline()
    with pytest.raises(LLMTimeoutError):
        _model(deepseek_stub).complete(_request(), deadline=deadline)
    assert len(deepseek_stub.requests) == 1
    assert time.monotonic() < deadline


def test_blank_keepalive_lines_forever_end_at_the_deadline(deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(trickle(interval=0.05))
    deadline = _deadline()
    with pytest.raises(LLMTimeoutError):
        _model(deepseek_stub).complete(_request(), deadline=deadline)
    assert time.monotonic() < deadline + SLACK, "the stub would have trickled for 30 s"


def test_blank_keepalive_lines_before_the_answer_are_fine(deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(answer("Patience pays.", keepalive_lines=20))
    assert _model(deepseek_stub).complete(_request(), deadline=_deadline()).text == "Patience pays."


def test_a_spent_budget_sends_nothing(deepseek_stub: DeepSeekStub) -> None:
    with pytest.raises(LLMTimeoutError):
        _model(deepseek_stub).complete(_request(), deadline=time.monotonic() - 0.1)
    assert deepseek_stub.requests == []


def test_a_dropped_connection_is_tried_twice_then_reported(deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(hang_up())
    with pytest.raises(LLMError, match="connection"):
        _model(deepseek_stub).complete(_request(), deadline=_deadline())
    assert len(deepseek_stub.requests) == 2


def test_a_dropped_connection_then_an_answer_succeeds(deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(hang_up(), answer("Reconnected."))
    assert _model(deepseek_stub).complete(_request(), deadline=_deadline()).text == "Reconnected."


def test_an_unreachable_deepseek_is_reported(deepseek_stub: DeepSeekStub) -> None:
    session = retrying_session(retries=2, backoff=0.02, min_attempt=0.2, sleeper=lambda _: None)
    model = DeepSeekChatModel(session, api_key=KEY, base_url=f"http://127.0.0.1:{free_port()}",
                              model="deepseek-flash", connect_timeout=0.5, read_timeout=0.3)
    with pytest.raises(LLMError, match="could not be reached"):
        model.complete(_request(), deadline=_deadline())


@pytest.mark.parametrize("body", [b"<html>Bad gateway</html>", b"[]", b'{"choices": []}',
                                  b'{"choices": [{"message": {"content": 5}}]}', b'{"id": "x"}'])
def test_a_malformed_response_is_a_bad_response(deepseek_stub: DeepSeekStub, body: bytes) -> None:
    deepseek_stub.script(raw(body))
    with pytest.raises(LLMBadResponseError):
        _model(deepseek_stub).complete(_request(), deadline=_deadline())


@pytest.mark.parametrize("key", ["", "  ", "sk-with space", "sk-new\nline"])
def test_a_key_that_cannot_be_a_header_is_refused_without_echoing_it(key: str) -> None:
    with pytest.raises(ValueError) as raised:
        DeepSeekChatModel(retrying_session(retries=0, backoff=0, min_attempt=0), api_key=key,
                          base_url="http://127.0.0.1:1", model="m", connect_timeout=1, read_timeout=1)
    assert key.strip() not in str(raised.value) or not key.strip()


def test_surrounding_whitespace_of_a_key_is_dropped(deepseek_stub: DeepSeekStub) -> None:
    model = DeepSeekChatModel(retrying_session(retries=0, backoff=0, min_attempt=0), api_key=f" {KEY}\n",
                              base_url=deepseek_stub.url, model="m", connect_timeout=1, read_timeout=1)
    model.complete(_request())
    assert deepseek_stub.requests[0].headers["Authorization"] == f"Bearer {KEY}"


def test_stop_sequences_are_sent_and_the_finish_reason_comes_back(deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(raw(json.dumps(completion("Once upon", finish_reason="length")).encode()))
    reply = _model(deepseek_stub).complete(_request()._replace(stop=("\n\n", "END")), deadline=_deadline())
    assert (reply.text, reply.finish_reason) == ("Once upon", "length")
    assert deepseek_stub.requests[0].json["stop"] == ["\n\n", "END"]
