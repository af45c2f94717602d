"""OpenAI's chat-completions protocol: request bodies in, `TurnInput` out; `TurnResult` back as OpenAI JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.errors import InvalidInputError, NotFoundError
from chalicelib.http.api import NAME_PATTERN, check_id
from chalicelib.models import TurnInput, TurnResult, Usage

# OpenAI's own limit on stop sequences.
MAX_STOP = 4
# The finish reasons OpenAI clients know; anything else DeepSeek reports reads as a normal stop.
_FINISH_REASONS = ("stop", "length", "content_filter")
_NAME = re.compile(NAME_PATTERN)
_WORD = re.compile(r"^\s+|\S+\s*")


class ContentPart(BaseModel):
    """One part of a message's content: only ``text`` parts carry something Luminora can use."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    type: str
    text: str | None = None


class InputMessage(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    role: str
    content: str | list[ContentPart] | None = None


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    include_usage: bool = False


class ChatCompletionRequest(BaseModel):
    """Body of `POST /v1/chat/completions`; fields Luminora does not use are ignored, as OpenAI servers do."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    model: str
    messages: list[InputMessage] = Field(min_length=1)
    user: str | None = None
    metadata: dict[str, str] | None = None
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    stop: str | list[str] | None = None
    n: int | None = Field(default=None, ge=1)
    tools: list[Any] | None = None
    functions: list[Any] | None = None


def check_model(model: str) -> str:
    """A model name that cannot be a personality's is simply not found, as any other unknown model."""
    if not _NAME.match(model):
        raise NotFoundError(f"the model {model[:80]!r} does not exist: GET /v1/models lists the personalities")
    return model


def turn_input(
    body: ChatCompletionRequest, *, tenant: str, idempotency_key: str | None, max_chars: int
) -> TurnInput:
    """The turn that ``body`` asks for: its last user message, with the request's instructions and sampling."""
    if body.user is None:
        raise InvalidInputError("user", "is required: the id of the end user whose memory Luminora keeps")
    if body.n is not None and body.n > 1:
        raise InvalidInputError("n", "must be 1: a turn has exactly one answer")
    if body.tools or body.functions:
        raise InvalidInputError("tools" if body.tools else "functions", "tool and function calls are not supported")
    model = check_model(body.model)
    return TurnInput(
        tenant=tenant,
        user_id=check_id("user", body.user),
        session_id=_session_id(body, model),
        message=_last_user_message(body.messages, max_chars),
        personality_name=model,
        idempotency_key=idempotency_key,
        instructions=_instructions(body.messages, max_chars),
        temperature=body.temperature,
        max_tokens=body.max_completion_tokens or body.max_tokens,
        stop=_stop(body.stop),
    )


def default_session(model: str) -> str:
    """The session of a user and a personality when the request names none: ``openai.<name>``.

    ``_`` escapes the characters a name may have and an id may not (``_20`` a space, ``_5f`` itself), so
    two names never share a session.
    """
    escaped = model.lower().replace("_", "_5f").replace(" ", "_20")
    return f"openai.{escaped}"


def _session_id(body: ChatCompletionRequest, model: str) -> str:
    given = (body.metadata or {}).get("session_id")
    return check_id("metadata.session_id", given) if given is not None else default_session(model)


def _last_user_message(messages: list[InputMessage], max_chars: int) -> str:
    for index in range(len(messages) - 1, -1, -1):
        if messages[index].role == "user":
            field = f"messages.{index}.content"
            text = _text(messages[index], field)
            if not text.strip():
                raise InvalidInputError(field, "must have text")
            return _within(field, text, max_chars)
    raise InvalidInputError("messages", "must contain a message with role 'user': it is the new turn")


def _instructions(messages: list[InputMessage], max_chars: int) -> str:
    """Every system (or developer) message, in order; the conversation's other messages are in memory."""
    parts = [(i, _text(m, f"messages.{i}.content"))
             for i, m in enumerate(messages) if m.role in ("system", "developer")]
    text = "\n\n".join(t.strip() for _, t in parts if t.strip())
    return _within(f"messages.{parts[0][0]}.content", text, max_chars) if parts else ""


def _text(message: InputMessage, field: str) -> str:
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    if any(part.type != "text" for part in message.content):
        raise InvalidInputError(field, "only text parts are supported")
    return "\n".join(part.text or "" for part in message.content)


def _within(field: str, text: str, max_chars: int) -> str:
    if len(text) > max_chars:
        raise InvalidInputError(field, f"must be at most {max_chars} characters, got {len(text)}")
    return text


def _stop(stop: str | list[str] | None) -> tuple[str, ...]:
    found = [stop] if isinstance(stop, str) else list(stop or [])
    if len(found) > MAX_STOP:
        raise InvalidInputError("stop", f"must have at most {MAX_STOP} sequences")
    if any(not s for s in found):
        raise InvalidInputError("stop", "sequences must not be empty")
    return tuple(found)


# -- responses ------------------------------------------------------------------------------------


def completion(result: TurnResult, *, model: str, created: int) -> dict[str, Any]:
    """A ``chat.completion`` object for ``result``, with Luminora's own figures under ``luminora``."""
    return {
        "id": completion_id(result),
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": result.response, "refusal": None},
                "logprobs": None,
                "finish_reason": finish_reason(result),
            }
        ],
        "usage": usage(result.usage),
        "luminora": extension(result),
    }


def event_stream(result: TurnResult, *, model: str, created: int, include_usage: bool) -> str:
    """The whole answer as one ``text/event-stream`` body of ``chat.completion.chunk`` events, then ``[DONE]``."""
    events = (f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
              for chunk in chunks(result, model=model, created=created, include_usage=include_usage))
    return "".join(events) + "data: [DONE]\n\n"


def chunks(result: TurnResult, *, model: str, created: int, include_usage: bool) -> Iterator[dict[str, Any]]:
    """The role first, the content a word at a time, the finish reason, and the usage when asked for."""
    head: dict[str, Any] = {"id": completion_id(result), "object": "chat.completion.chunk", "created": created,
                            "model": model}
    if include_usage:
        head["usage"] = None  # every chunk carries it; only the last one has a value

    def chunk(delta: dict[str, str], finish: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return {**head, "choices": [choice]}

    yield chunk({"role": "assistant", "content": ""})
    for word in _WORD.findall(result.response):
        yield chunk({"content": word})
    yield {**chunk({}, finish_reason(result)), "luminora": extension(result)}
    if include_usage:
        yield {**head, "choices": [], "usage": usage(result.usage)}


def completion_id(result: TurnResult) -> str:
    """Stable for a turn, so a replayed request answers with the same id."""
    return f"chatcmpl-{result.message_id}"


def finish_reason(result: TurnResult) -> str:
    return result.finish_reason if result.finish_reason in _FINISH_REASONS else "stop"


def usage(used: Usage) -> dict[str, Any]:
    """OpenAI's usage object; DeepSeek's cache hits are the cached prompt tokens."""
    return {
        "prompt_tokens": used.prompt_tokens,
        "completion_tokens": used.completion_tokens,
        "total_tokens": used.prompt_tokens + used.completion_tokens,
        "prompt_tokens_details": {"cached_tokens": used.prompt_cache_hit_tokens},
    }


def extension(result: TurnResult) -> dict[str, Any]:
    """Luminora's own figures; ``safety`` is there when a safety protocol shaped the reply (as on `/message`)."""
    found: dict[str, Any] = {
        "affinity_level": result.affinity_level,
        "affinity_points": result.affinity_points,
        "mood": result.mood,
        "message_id": result.message_id,
        "session_id": result.session_id,
    }
    if result.safety is not None:
        found["safety"] = result.safety
    return found


def model_entry(name: str, *, built_in: bool, tenant: str) -> dict[str, Any]:
    """A personality as an OpenAI ``model`` object; personalities carry no creation time, hence 0."""
    return {"id": name, "object": "model", "created": 0, "owned_by": "luminora" if built_in else tenant}


def model_list(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"object": "list", "data": entries}


# -- errors ---------------------------------------------------------------------------------------

ErrorType = Literal["invalid_request_error", "authentication_error", "permission_error", "rate_limit_error",
                    "server_error"]

# Status → OpenAI's error type and a default code; the SDKs choose their exception class by status.
_ERRORS: dict[int, tuple[ErrorType, str | None]] = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("permission_error", None),
    404: ("invalid_request_error", "model_not_found"),
    409: ("invalid_request_error", "conflict"),
    415: ("invalid_request_error", None),
    422: ("invalid_request_error", "idempotency_key_reused"),
    429: ("rate_limit_error", "rate_limit_exceeded"),
}


def error_body(status: int, message: str, *, param: str | None = None) -> dict[str, Any]:
    """OpenAI's error shape: ``{"error": {"message", "type", "param", "code"}}``."""
    kind, code = _ERRORS.get(status, ("server_error" if status >= 500 else "invalid_request_error", None))
    if status == 404 and param is None:
        param = "model"
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}
