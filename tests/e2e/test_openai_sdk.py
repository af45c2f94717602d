"""The official `openai` SDK against the local stack: Luminora as an OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from scripts.stack import LocalStack


@pytest.fixture
def sdk(stack: LocalStack) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{stack.url}/v1", api_key="local-dev-key", max_retries=0, timeout=30) as client:
        yield client


def test_models_list_shows_the_personalities(sdk: openai.OpenAI) -> None:
    ids = [model.id for model in sdk.models.list()]
    assert ids[:1] == ["Assistant"] and {"Sage", "Spark", "Rook", "Marlowe"} <= set(ids)
    assert sdk.models.retrieve("sage").id == "Sage"


def test_a_later_call_knows_what_an_earlier_one_was_told(sdk: openai.OpenAI) -> None:
    first = sdk.chat.completions.create(
        model="Assistant", user="sdk-ana",
        messages=[{"role": "system", "content": "Keep it short."},
                  {"role": "user", "content": "Hi! My name is Ana and I live in Porto."}],
    )
    assert first.object == "chat.completion" and first.choices[0].message.content
    assert first.choices[0].finish_reason == "stop" and first.usage is not None
    # Another session, and nothing of the first call resent: only Luminora's memory knows her name.
    later = sdk.chat.completions.create(
        model="Assistant", user="sdk-ana", metadata={"session_id": "sdk-later"},
        messages=[{"role": "user", "content": "Do you remember me?"}],
    )
    assert "Ana" in (later.choices[0].message.content or "")


def test_streaming_yields_the_answer_chunk_by_chunk(sdk: openai.OpenAI) -> None:
    stream = sdk.chat.completions.create(
        model="Spark", user="sdk-ben", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "I finished my first marathon today!"}],
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 1
    assert text.strip() and [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert len({c.id for c in chunks}) == 1


def test_errors_surface_as_the_sdks_own_exceptions(sdk: openai.OpenAI) -> None:
    hello: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Hello"}]
    with pytest.raises(openai.NotFoundError) as missing:
        sdk.chat.completions.create(model="gpt-4o", user="sdk-ana", messages=hello)
    assert missing.value.code == "model_not_found"
    with pytest.raises(openai.BadRequestError) as bad_user:
        sdk.chat.completions.create(model="Assistant", user="ana/..", messages=hello)
    assert bad_user.value.param == "user"
    with pytest.raises(openai.BadRequestError):
        sdk.chat.completions.create(model="Assistant", user="sdk-ana", n=2, messages=hello)


def test_a_bad_key_raises_authentication_error(stack: LocalStack) -> None:
    with openai.OpenAI(base_url=f"{stack.url}/v1", api_key="not-a-key", max_retries=0, timeout=30) as bad:
        try:
            bad.models.list()
        except openai.AuthenticationError as exc:
            assert exc.status_code == 401
            return
    pytest.skip("this stack does not check API keys")
