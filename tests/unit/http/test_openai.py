from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.errors import InvalidInputError, NotFoundError
from chalicelib.http import api, openai
from chalicelib.models import TurnResult, Usage


def _turn(**body: Any) -> Any:
    values = {"model": "Assistant", "user": "ana", "messages": [{"role": "user", "content": "Hi"}], **body}
    parsed = api.parse_body(json.dumps(values).encode(), openai.ChatCompletionRequest)
    return openai.turn_input(parsed, tenant="t1", idempotency_key=None, max_chars=50)


def _result(text: str = "Hello there, friend.", finish_reason: str = "stop") -> TurnResult:
    return TurnResult(response=text, affinity_level="friend", affinity_points=45, session_id="s1", message_id="m1",
                      mood="happy", usage=Usage(prompt_tokens=10, completion_tokens=4, prompt_cache_hit_tokens=8),
                      finish_reason=finish_reason)


def test_every_system_and_developer_message_becomes_the_instructions_in_order() -> None:
    turn = _turn(messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "old"},
                           {"role": "developer", "content": [{"type": "text", "text": "Use metric units."}]},
                           {"role": "user", "content": "new"}, {"role": "assistant", "content": "prefill"}])
    assert turn.instructions == "Be brief.\n\nUse metric units."
    assert turn.message == "new"


def test_max_completion_tokens_wins_over_max_tokens_and_stop_may_be_one_string() -> None:
    turn = _turn(max_tokens=100, max_completion_tokens=20, stop="END", temperature=1)
    assert (turn.max_tokens, turn.stop, turn.temperature) == (20, ("END",), 1.0)


def test_long_instructions_are_refused_naming_the_first_system_message() -> None:
    with pytest.raises(InvalidInputError) as refused:
        _turn(messages=[{"role": "user", "content": "a"}, {"role": "system", "content": "x" * 51},
                        {"role": "user", "content": "b"}])
    assert refused.value.field == "messages.1.content"


def test_a_model_name_no_personality_can_have_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        _turn(model="models/gpt-4o")


@pytest.mark.parametrize(("a", "b"), [("My Bot", "my_bot"), ("a_20b", "a b"), ("Sage", "sage_"),
                                      ("Zoë O'Brien", "Zoe O'Brien"), ("Zoë O'Brien", "zoe-o-brien"),
                                      ("Élan", "Elan"), ("A-B", "A B"), ("Luna's", "Luna’s")])
def test_default_sessions_of_different_personalities_differ(a: str, b: str) -> None:
    assert openai.default_session(a) != openai.default_session(b)
    assert api.check_id("session_id", openai.default_session(a))


def test_default_sessions_ignore_case() -> None:
    assert openai.default_session("Sage") == openai.default_session("SAGE") == "openai.sage"


@pytest.mark.parametrize("text", ["Hello there, friend.", "  line one\n\nline two  ", "x", ""])
def test_stream_chunks_add_up_to_the_reply(text: str) -> None:
    chunks = list(openai.chunks(_result(text), model="Sage", created=1, include_usage=False))
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == text


def test_an_unknown_finish_reason_reads_as_stop() -> None:
    assert openai.completion(_result(finish_reason="insufficient_system_resource"), model="Sage",
                             created=1)["choices"][0]["finish_reason"] == "stop"
    assert openai.completion(_result(finish_reason="length"), model="Sage",
                             created=1)["choices"][0]["finish_reason"] == "length"


@pytest.mark.parametrize(
    ("status", "kind"),
    [(400, "invalid_request_error"), (401, "invalid_request_error"), (404, "invalid_request_error"),
     (409, "invalid_request_error"), (422, "invalid_request_error"), (429, "rate_limit_error"),
     (502, "server_error"), (503, "server_error"), (504, "server_error")],
)
def test_errors_take_openais_shape_for_every_status_the_sdks_map(status: int, kind: str) -> None:
    error = openai.error_body(status, "what went wrong")["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["type"] == kind and error["message"] == "what went wrong"


@pytest.mark.parametrize("name", ["Zoë O'Brien", "Dr. Luna", "my_bot", "Luna’s", "東京", "Ω" * 64, "a" * 64,
                                  "x y" * 21, "Élan:2@home"])
def test_a_default_session_always_matches_the_id_pattern(name: str) -> None:
    assert api.check_name("model", name)
    session = openai.default_session(name)
    assert api.check_id("session_id", session) == session and session.isascii()


def test_a_default_session_stays_readable() -> None:
    assert openai.default_session("Zoë O'Brien").startswith("openai.zoe-o-brien_")
    assert openai.default_session("Dr. Luna") == openai.default_session("DR. LUNA")


@pytest.mark.parametrize("model", ["Sage\n", "Sage\r\n", "a" * 65, "a" * 1100, "Ｓage", "Sage#1"])
def test_a_model_is_a_name_matched_in_full_and_within_the_cap(model: str) -> None:
    with pytest.raises(NotFoundError) as missing:
        openai.check_model(model)
    assert len(missing.value.args[0]) < 200


@pytest.mark.parametrize("model", ["Sage", "Zoë O'Brien", "a" * 64, "Dr. Luna"])
def test_a_model_that_can_be_a_name_passes_as_it_is(model: str) -> None:
    assert openai.check_model(model) == model
