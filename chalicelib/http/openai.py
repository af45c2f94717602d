"""OpenAI's chat-completions protocol: request bodies in, `TurnInput` out; `TurnResult` back as OpenAI JSON."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, Literal

from chalice.app import Response
from pydantic import BaseModel, ConfigDict, Field

from chalicelib.engine.personality.domain import name_key
from chalicelib.errors import InvalidInputError, NotFoundError
from chalicelib.http.api import check_id, check_message, check_name, clean_text, presented_key
from chalicelib.models import TurnInput, TurnResult, Usage

# OpenAI's own limit on stop sequences.
MAX_STOP = 4
# The finish reasons OpenAI clients know; anything else DeepSeek reports reads as a normal stop.
_FINISH_REASONS = ("stop", "length", "content_filter")
_WORD = re.compile(r"^\s+|\S+\s*")
# Default sessions: names kept as they are, and the slug of any other (``openai.`` + slug + ``_`` + hash).
_PLAIN = re.compile(r"[a-z0-9.:@-]+")
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_SLUG_MAX = 40
# Mixed into the hash of an API key that names its end user, so that id is no prefix of the key's stored hash.
_KEY_USER = b"luminora end user\0"


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

    include_usage: bool = Field(default=False, strict=True)


class ChatCompletionRequest(BaseModel):
    """Body of `POST /v1/chat/completions`; fields Luminora does not use are ignored, as OpenAI servers do."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    model: str
    messages: list[InputMessage] = Field(min_length=1)
    user: str | None = None
    safety_identifier: str | None = None
    metadata: dict[str, str] | None = None
    # Strict: "0.3", "50" or "yes" are a client's mistake to report, not to guess at (an int is a float).
    stream: bool | None = Field(default=False, strict=True)
    stream_options: StreamOptions | None = None
    temperature: float | None = Field(default=None, ge=0, le=2, strict=True)
    max_tokens: int | None = Field(default=None, ge=1, strict=True)
    max_completion_tokens: int | None = Field(default=None, ge=1, strict=True)
    stop: str | list[str] | None = None
    n: int | None = Field(default=None, ge=1, strict=True)
    tools: list[Any] | None = None
    functions: list[Any] | None = None


def check_model(model: str) -> str:
    """A model name that cannot be a personality's is simply not found, as any other unknown model.

    It is checked as names are everywhere (`check_name`: in full, at most 64 characters), before any look-up.
    """
    try:
        return check_name("model", model)
    except InvalidInputError:
        problem = f"the model {model[:80]!r} does not exist: GET /v1/models lists the personalities"
        raise NotFoundError(problem) from None


def turn_input(
    body: ChatCompletionRequest, *, tenant: str, idempotency_key: str | None, max_chars: int,
    headers: Mapping[str, str] | None = None,
) -> TurnInput:
    """The turn that ``body`` asks for: its last user message, with the request's instructions and sampling."""
    if body.n is not None and body.n > 1:
        raise InvalidInputError("n", "must be 1: a turn has exactly one answer")
    if body.tools or body.functions:
        raise InvalidInputError("tools" if body.tools else "functions", "tool and function calls are not supported")
    model = check_model(body.model)
    return TurnInput(
        tenant=tenant,
        user_id=end_user(body, headers),
        session_id=_session_id(body, model),
        message=_last_user_message(body.messages, max_chars),
        personality_name=model,
        idempotency_key=idempotency_key,
        instructions=_instructions(body.messages, max_chars),
        temperature=body.temperature,
        max_tokens=body.max_completion_tokens or body.max_tokens,
        stop=_stop(body.stop),
    )


def end_user(body: ChatCompletionRequest, headers: Mapping[str, str] | None) -> str:
    """Whose memory the turn is: ``user``, else ``safety_identifier``, else the ``X-Luminora-User`` header,
    else the one end user of the API key (``apikey.`` and a hash of the key, which the key cannot be read from).
    """
    if body.user is not None:
        return check_id("user", body.user)
    if body.safety_identifier is not None:
        return check_id("safety_identifier", body.safety_identifier)
    header = (headers or {}).get("x-luminora-user")
    if header is not None:
        return check_id("X-Luminora-User", header)
    key = presented_key(headers) or ""
    return "apikey." + hashlib.sha256(_KEY_USER + key.encode()).hexdigest()[:20]


def default_session(model: str) -> str:
    """The session of a user and a personality when the request names none.

    A name of ASCII letters, digits and ``.:@-`` only gives ``openai.<name in lower case>``. Any other
    gives ``openai.<slug>_<hash>``: an ASCII slug to read, and 10 hex digits of the SHA-256 of the lower-case
    name so that names with the same slug differ. Plain names have no ``_``, so the two forms never meet,
    and both always match the id pattern.
    """
    key = name_key(model)
    if _PLAIN.fullmatch(key):
        return f"openai.{key}"
    folded = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    slug = "-".join(_SLUG_WORD.findall(folded))[:_SLUG_MAX].strip("-")
    return f"openai.{slug}_{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def _session_id(body: ChatCompletionRequest, model: str) -> str:
    given = (body.metadata or {}).get("session_id")
    return check_id("metadata.session_id", given) if given is not None else default_session(model)


def _last_user_message(messages: list[InputMessage], max_chars: int) -> str:
    """The new turn's text, checked as `POST /message` checks its ``message``."""
    for index in range(len(messages) - 1, -1, -1):
        if messages[index].role == "user":
            field = f"messages.{index}.content"
            return check_message(_text(messages[index], field), max_chars, field)
    raise InvalidInputError("messages", "must contain a message with role 'user': it is the new turn")


def _instructions(messages: list[InputMessage], max_chars: int) -> str:
    """Every system (or developer) message, in order; the conversation's other messages are in memory."""
    parts = [(i, clean_text(f"messages.{i}.content", _text(m, f"messages.{i}.content"), max_chars))
             for i, m in enumerate(messages) if m.role in ("system", "developer")]
    text = "\n\n".join(t.strip() for _, t in parts if t.strip())
    return clean_text(f"messages.{parts[0][0]}.content", text, max_chars) if parts else ""


def _text(message: InputMessage, field: str) -> str:
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    if any(part.type != "text" for part in message.content):
        raise InvalidInputError(field, "only text parts are supported")
    return "\n".join(part.text or "" for part in message.content)


def _stop(stop: str | list[str] | None) -> tuple[str, ...]:
    found = [stop] if isinstance(stop, str) else list(stop or [])
    if len(found) > MAX_STOP:
        raise InvalidInputError("stop", f"must have at most {MAX_STOP} sequences")
    if any(not s for s in found):
        raise InvalidInputError("stop", "sequences must not be empty")
    return tuple(found)


# -- responses ------------------------------------------------------------------------------------


def answer(body: ChatCompletionRequest, result: TurnResult, *, model: str, created: int) -> Response | dict[str, Any]:
    """The turn's answer as the request asked for it: one completion, or an event stream of chunks."""
    if not body.stream:
        return completion(result, model=model, created=created)
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    stream = event_stream(result, model=model, created=created, include_usage=include_usage)
    return Response(body=stream, headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})


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


def answered_by(result: TurnResult, turn: TurnInput, now: datetime) -> tuple[str, int]:
    """The model and ``created`` of a completion: the first answer's, so a replay is the same response."""
    created = datetime.fromisoformat(result.created_at) if result.created_at else now  # older records lack it
    return result.personality or turn.personality_name, int(created.timestamp())


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
