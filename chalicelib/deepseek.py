"""The DeepSeek adapter: `ChatModel` over DeepSeek's OpenAI-compatible chat completions API."""

from __future__ import annotations

import time
from typing import Any

import requests

from chalicelib.errors import (
    LLMAuthError,
    LLMBadResponseError,
    LLMError,
    LLMRateLimitError,
    LLMTimeoutError,
)
from chalicelib.models import ChatReply, ChatRequest, Usage


class DeepSeekChatModel:
    """Calls ``POST {base_url}/chat/completions`` through an injected `requests.Session`."""

    def __init__(
        self,
        session: requests.Session,
        *,
        api_key: str,
        base_url: str,
        model: str,
        connect_timeout: float,
        read_timeout: float,
    ) -> None:
        self._session = session
        self._api_key = api_key
        self._url = f"{base_url.rstrip('/')}/chat/completions"
        self._model = model
        self._timeouts = (connect_timeout, read_timeout)

    def __repr__(self) -> str:
        return f"DeepSeekChatModel(url={self._url!r}, model={self._model!r})"

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        payload = self._payload(request)
        try:
            response = self._session.post(
                self._url,
                json=payload,
                headers={"Authorization": f"Bearer {self._api_key}"},
                timeout=self._timeout(deadline),
            )
        except requests.Timeout as exc:
            raise LLMTimeoutError("DeepSeek did not answer in time") from exc
        except requests.RequestException as exc:
            raise LLMError("DeepSeek could not be reached") from exc
        _raise_for_status(response)
        return _reply(response)

    def _payload(self, request: ChatRequest) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self._model,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            "thinking": {"type": "disabled"},
            "user_id": request.end_user,
            "stream": False,
        }
        if request.json_mode:
            payload["response_format"] = {"type": "json_object"}
        return payload

    def _timeout(self, deadline: float | None) -> tuple[float, float]:
        connect, read = self._timeouts
        if deadline is None:
            return connect, read
        left = deadline - time.monotonic()
        if left <= 0:
            raise LLMTimeoutError("no time left in this request for DeepSeek")
        return min(connect, left), min(read, left)


def _raise_for_status(response: requests.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    if status == 429:
        raise LLMRateLimitError("DeepSeek is rate limiting requests", _retry_after(response))
    if status in (401, 403):
        raise LLMAuthError("DeepSeek rejected the API key: set a valid DEEPSEEK_API_KEY")
    if status == 402:
        raise LLMAuthError("DeepSeek reports insufficient balance: top up the DeepSeek account")
    raise LLMError(f"DeepSeek answered with HTTP {status}")


def _retry_after(response: requests.Response) -> int | None:
    raw = response.headers.get("Retry-After", "")
    return int(raw) if raw.isdigit() else None


def _reply(response: requests.Response) -> ChatReply:
    try:
        body = response.json()
        choice = body["choices"][0]
        text = choice["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMBadResponseError("DeepSeek sent a malformed response") from exc
    if not isinstance(text, str) or not text.strip():
        raise LLMBadResponseError("DeepSeek sent an empty response")
    usage = body.get("usage") or {}
    return ChatReply(
        text=text.strip(),
        usage=Usage(
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
            prompt_cache_hit_tokens=int(usage.get("prompt_cache_hit_tokens", 0)),
            prompt_cache_miss_tokens=int(usage.get("prompt_cache_miss_tokens", 0)),
        ),
        model=str(body.get("model", "")),
    )
