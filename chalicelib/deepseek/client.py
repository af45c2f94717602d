"""The DeepSeek adapter: `ChatModel` over DeepSeek's OpenAI-compatible chat completions API."""

from __future__ import annotations

import email.utils
import hashlib
import json
import math
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, NoReturn, Protocol, cast

import requests
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ReadTimeoutError

from chalicelib.clock import SYSTEM_CLOCK, Clock
from chalicelib.deepseek.retry import DeadlineTimeout, Monotonic, call_deadline
from chalicelib.deepseek.wire import wire_messages
from chalicelib.errors import (
    LLMAuthError,
    LLMBadResponseError,
    LLMError,
    LLMRateLimitError,
    LLMTimeoutError,
    LLMUnavailableError,
)
from chalicelib.models import ChatReply, ChatRequest, Usage

# DeepSeek's rule for `user_id`: letters, digits, `_` and `-`, at most 512 bytes.
_USER_ID = re.compile(r"[A-Za-z0-9_-]{1,512}")
# A bearer token is visible ASCII; anything else would end up quoted in an HTTP library's error message.
_KEY = re.compile(r"[\x21-\x7e]+")
# A chat completion is a few KB; refuse to buffer a runaway body.
_MAX_BODY_BYTES = 4 * 1024 * 1024
_CHUNK = 64 * 1024


class KeySource(Protocol):
    """Where the key comes from: ``refresh=True`` reads it again (it may have been rotated)."""

    def __call__(self, *, refresh: bool = False) -> str: ...


class KeyRejectedError(LLMAuthError):
    """DeepSeek answered 401: the key is wrong, or was rotated since it was read."""


def fixed_key(key: str) -> KeySource:
    """A key that never changes (from the environment)."""

    def source(*, refresh: bool = False) -> str:
        return key

    return source


class DeepSeekChatModel:
    """Calls ``POST {base_url}/chat/completions`` through an injected `requests.Session`.

    The session's adapter retries 429/5xx (see `chalicelib.deepseek.retry`); this class bounds every attempt and
    the body read by the call's deadline, checks JSON-mode content, and translates failures into
    `LLMError`s. The key is sent in the ``Authorization`` header and nowhere else. ``api_key`` is the key
    or a `KeySource`; on a 401 the source is read again and, when the key has changed, the call is made
    once more with the new one, so a rotated key needs no redeploy.
    """

    def __init__(
        self,
        session: requests.Session,
        *,
        api_key: str | KeySource,
        base_url: str,
        model: str,
        connect_timeout: float,
        read_timeout: float,
        min_attempt_seconds: float = 1.0,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._keys: Callable[..., str] = fixed_key(_checked(api_key)) if isinstance(api_key, str) else api_key
        self._session = session
        self._url = f"{base_url.rstrip('/')}/chat/completions"
        self._model = model
        self._timeouts = (connect_timeout, read_timeout)
        self._min_attempt = min_attempt_seconds
        self._clock = clock
        self._monotonic = clock.monotonic

    def __repr__(self) -> str:
        return f"DeepSeekChatModel(url={self._url!r}, model={self._model!r})"

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        """Answer ``request`` before ``deadline``; in JSON mode, ask once more for blank or unparsable JSON."""
        if request.json_mode and not any("json" in m.content.lower() for m in request.messages):
            raise ValueError("json_mode needs the word 'json' (and an example) in the prompt")
        payload = self._payload(request)
        spent = Usage()
        for attempt in (1, 2):
            reply = _reply(self._post(payload, deadline))
            spent = _add(spent, reply.usage)
            problem = _content_problem(reply.text, request.json_mode)
            if problem is None:
                return reply._replace(usage=spent)
            if not request.json_mode or attempt == 2 or not self._time_for_another(deadline):
                break
        raise LLMBadResponseError(f"DeepSeek sent {problem}")

    def _payload(self, request: ChatRequest) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self._model,
            "messages": wire_messages(request.messages),
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            "thinking": {"type": "disabled"},
            "user_id": deepseek_user_id(request.end_user),
            "stream": False,
        }
        if request.json_mode:
            payload["response_format"] = {"type": "json_object"}
        if request.stop:
            payload["stop"] = list(request.stop)
        return payload

    def _time_for_another(self, deadline: float | None) -> bool:
        return deadline is None or deadline - self._monotonic() >= self._min_attempt

    def _post(self, payload: dict[str, Any], deadline: float | None) -> dict[str, Any]:
        key = self._key()
        try:
            return self._send(payload, deadline, key)
        except KeyRejectedError:
            fresh = self._key(refresh=True)
            if fresh == key:
                raise
            return self._send(payload, deadline, fresh)

    def _key(self, *, refresh: bool = False) -> str:
        try:
            return _checked(self._keys(refresh=refresh))
        except ValueError as exc:
            raise LLMAuthError(f"{exc}: the operator must store the key alone, on one line") from None

    def _send(self, payload: dict[str, Any], deadline: float | None, key: str) -> dict[str, Any]:
        if deadline is not None and deadline - self._monotonic() <= 0:
            raise LLMTimeoutError("DeepSeek was not called: the request's time budget was already spent")
        connect, read = self._timeouts
        timeout = DeadlineTimeout(connect, read, deadline=deadline, clock=self._monotonic)
        try:
            with call_deadline(deadline):
                response = self._session.post(
                    self._url,
                    json=payload,
                    headers={"Authorization": f"Bearer {key}"},
                    # requests hands a urllib3 Timeout to urllib3 as is; its stubs only know tuples.
                    timeout=cast(Any, timeout),
                    stream=True,
                )
            with response:
                _raise_for_status(response, self._clock.now())
                return _json_body(_read_body(response, deadline, self._monotonic))
        except (requests.RequestException, Urllib3Error, OSError) as exc:
            _translate(exc)


def _checked(key: str) -> str:
    key = key.strip()
    if not _KEY.fullmatch(key):
        raise ValueError("the DeepSeek API key is empty or contains spaces or control characters")
    return key


def deepseek_user_id(end_user: str) -> str:
    """``end_user`` if DeepSeek accepts it as a ``user_id``, else an opaque hash of it."""
    if _USER_ID.fullmatch(end_user):
        return end_user
    return hashlib.sha256(end_user.encode()).hexdigest()


def _translate(exc: Exception) -> NoReturn:
    """The one place vendor failures become Luminora errors; vendor messages are never passed on."""
    if isinstance(exc, requests.Timeout | ReadTimeoutError | TimeoutError):
        raise LLMTimeoutError("DeepSeek did not answer within the request's time budget") from exc
    if isinstance(exc, requests.ConnectionError | Urllib3Error | OSError):
        raise LLMError("DeepSeek could not be reached or dropped the connection") from exc
    raise LLMError(f"the DeepSeek request failed ({type(exc).__name__})") from exc


def _raise_for_status(response: requests.Response, now: datetime) -> None:
    status = response.status_code
    if status < 400:
        return
    attempts = len(getattr(getattr(response.raw, "retries", None), "history", ())) + 1
    after = f" after {attempts} attempts" if attempts > 1 else ""
    if status == 429:
        raise LLMRateLimitError(f"DeepSeek is rate limiting requests{after}", _retry_after(response, now))
    if status == 503:
        raise LLMUnavailableError(f"DeepSeek is overloaded{after}", _retry_after(response, now))
    if status in (401, 403):
        kind = KeyRejectedError if status == 401 else LLMAuthError
        raise kind(
            f"DeepSeek rejected the API key (HTTP {status}): the operator must set a valid key in "
            "DEEPSEEK_API_KEY, or in the SSM parameter named by DEEPSEEK_API_KEY_PARAMETER"
        )
    if status == 402:
        raise LLMAuthError("DeepSeek reports insufficient balance (HTTP 402): the operator must top up the account")
    if status < 500:
        raise LLMError(f"DeepSeek rejected the request (HTTP {status}): check DEEPSEEK_MODEL and DEEPSEEK_MAX_TOKENS")
    raise LLMError(f"DeepSeek failed with HTTP {status}{after}")


def _retry_after(response: requests.Response, now: datetime) -> int | None:
    raw = response.headers.get("Retry-After", "").strip()
    if raw.isdigit():
        return int(raw)
    try:
        moment = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0, math.ceil((moment - now).total_seconds()))


def _read_body(response: requests.Response, deadline: float | None, clock: Monotonic) -> bytes:
    """Read the body, bounded by ``deadline`` as a whole and not only per socket read.

    Under load DeepSeek keeps a request alive by sending blank lines, so a read timeout alone never fires.
    """
    raw = response.raw
    chunks: list[bytes] = []
    size = 0
    while True:
        if deadline is not None:
            left = deadline - clock()
            if left <= 0:
                raise LLMTimeoutError("DeepSeek did not finish its answer within the request's time budget")
            _limit_socket_wait(raw, left)
        chunk = raw.read1(_CHUNK, decode_content=True)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > _MAX_BODY_BYTES:
            raise LLMBadResponseError("DeepSeek sent an oversized response")
        chunks.append(chunk)


def _limit_socket_wait(raw: Any, seconds: float) -> None:
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.01))


def _json_body(data: bytes) -> dict[str, Any]:
    try:
        body = json.loads(data)
    except ValueError as exc:
        raise LLMBadResponseError("DeepSeek sent a response that is not JSON") from exc
    if not isinstance(body, dict):
        raise LLMBadResponseError("DeepSeek sent a response that is not a JSON object")
    return body


def _reply(body: dict[str, Any]) -> ChatReply:
    try:
        choice = body["choices"][0]
        text = choice["message"]["content"]
        usage = _usage(body.get("usage") or {})
        if text is not None and not isinstance(text, str):
            raise TypeError("content is not a string")
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise LLMBadResponseError("DeepSeek sent a response without a message") from exc
    finish = choice.get("finish_reason") if isinstance(choice, dict) else None
    return ChatReply(
        text=(text or "").strip(),
        usage=usage,
        model=str(body.get("model", "")),
        finish_reason=finish if isinstance(finish, str) and finish else "stop",
    )


def _usage(raw: dict[str, Any]) -> Usage:
    def count(name: str) -> int:
        return int(raw.get(name) or 0)

    return Usage(
        prompt_tokens=count("prompt_tokens"),
        completion_tokens=count("completion_tokens"),
        prompt_cache_hit_tokens=count("prompt_cache_hit_tokens"),
        prompt_cache_miss_tokens=count("prompt_cache_miss_tokens"),
    )


def _add(a: Usage, b: Usage) -> Usage:
    return Usage(
        prompt_tokens=a.prompt_tokens + b.prompt_tokens,
        completion_tokens=a.completion_tokens + b.completion_tokens,
        prompt_cache_hit_tokens=a.prompt_cache_hit_tokens + b.prompt_cache_hit_tokens,
        prompt_cache_miss_tokens=a.prompt_cache_miss_tokens + b.prompt_cache_miss_tokens,
    )


def _content_problem(text: str, json_mode: bool) -> str | None:
    """What is wrong with the content, or None when it is usable."""
    if not text:
        return "an empty answer"
    if not json_mode:
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return "an answer that is not valid JSON"
    return None if isinstance(parsed, dict) else "a JSON answer that is not an object"

