"""Operational signals through Powertools for AWS Lambda: one JSON log line per request, EMF metrics.

Powertools is imported when a container builds its services on its first request (`prepare`), or else
by the first log line, never by `import app`; deployed stages get it from AWS's public layer, not from
the zip. Metrics are collected during an invocation and written as one Embedded Metric Format document
when it ends: CloudWatch turns the log line into metrics, with no API call and no permission.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, Any

from chalicelib.clock import SYSTEM_CLOCK
from chalicelib.errors import (
    LLMAuthError,
    LLMBadResponseError,
    LLMError,
    LLMRateLimitError,
    LLMTimeoutError,
    LLMUnavailableError,
)
from chalicelib.models import ChatReply, ChatRequest, TurnRecord
from chalicelib.ports import ChatModel

# Routes whose successful answer is a turn.
TURN_ROUTES = frozenset({("POST", "/message"), ("POST", "/v1/chat/completions")})
# An LLM failure's metric, most specific class first; every one also counts in `LLMErrors`.
_LLM_ERROR_KINDS: list[tuple[type[LLMError], str]] = [
    (LLMTimeoutError, "LLMTimeouts"),
    (LLMRateLimitError, "LLMRateLimited"),
    (LLMUnavailableError, "LLMUnavailable"),
    (LLMAuthError, "LLMAuthFailures"),
    (LLMBadResponseError, "LLMBadResponses"),
    (LLMError, "LLMOtherErrors"),
]


class _Stdout:
    """Standard output as it is when a line is written (Powertools keeps the stream it is first given)."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


class _Pending:
    """The metrics of one invocation, until they are written."""

    __slots__ = ("counts", "timings")

    def __init__(self) -> None:
        self.counts: list[tuple[str, float]] = []
        self.timings: list[tuple[str, float]] = []


class Telemetry:
    """Collects an invocation's metrics and writes them, with its log line, when it ends."""

    def __init__(
        self,
        *,
        service: str,
        namespace: str,
        level: str = "INFO",
        stream: IO[str] | None = None,
        monotonic: Callable[[], float] = SYSTEM_CLOCK.monotonic,
    ) -> None:
        self.service = service
        self.namespace = namespace
        self.monotonic = monotonic
        self.tenant: str | None = None
        self._level = level
        self._stream = stream
        self._pending = _Pending()
        self._logger: Any = None
        self._metrics: Any = None

    def count(self, name: str, value: float = 1) -> None:
        """Add ``value`` to the count metric ``name`` of this invocation."""
        self._pending.counts.append((name, float(value)))

    def milliseconds(self, name: str, value: float) -> None:
        """Record one duration (a percentile alarm reads each value, so they are kept apart)."""
        self._pending.timings.append((name, round(value, 1)))

    def begin(self) -> None:
        """Forget what a previous invocation left, if it ended without `flush`."""
        self.tenant = None
        self._pending = _Pending()

    def request(self, *, request_id: str, method: str, route: str, status: int, latency_ms: float) -> None:
        """The request's one log line, and the metrics every request gives."""
        if (method, route) in TURN_ROUTES and status < 400:
            self.count("Turns")
            self.milliseconds("TurnLatency", latency_ms)
        if status >= 500:
            self.count("ServerErrors")
        elif status >= 400:
            self.count("ClientErrors")
        self._log().info(
            "request",
            extra={"request_id": request_id, "tenant": self.tenant or "-", "method": method, "route": route,
                   "status": status, "latency_ms": round(latency_ms, 1)},
        )

    def flush(self) -> None:
        """Write the collected metrics as one EMF document (nothing when there are none)."""
        pending, self._pending = self._pending, _Pending()
        if not (pending.counts or pending.timings):
            return
        metrics = self._emf()
        for name, value in pending.counts:
            metrics.add_metric(name=name, unit="Count", value=value)
        for name, value in pending.timings:
            metrics.add_metric(name=name, unit="Milliseconds", value=value)
        metrics.flush_metrics()

    def prepare(self) -> None:
        """Import Powertools and make the logger and the metrics now, as part of a container's start-up."""
        self._log()
        self._emf()

    def _log(self) -> Any:
        if self._logger is None:
            from aws_lambda_powertools import Logger

            stream: Any = self._stream or _Stdout()
            self._logger = Logger(service=self.service, level=self._level, stream=stream)
        return self._logger

    def _emf(self) -> Any:
        if self._metrics is None:
            from aws_lambda_powertools.metrics import Metrics

            self._metrics = Metrics(namespace=self.namespace, service=self.service)
        return self._metrics


class MeteredChatModel:
    """A `ChatModel` that records each call's latency, tokens and failures, then passes it on."""

    def __init__(self, inner: ChatModel, telemetry: Telemetry) -> None:
        self._inner = inner
        self._telemetry = telemetry

    def __repr__(self) -> str:
        return f"MeteredChatModel({self._inner!r})"

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        started = self._telemetry.monotonic()
        try:
            reply = self._inner.complete(request, deadline=deadline)
        except LLMError as exc:
            self._telemetry.count("LLMErrors")
            self._telemetry.count(next(name for kind, name in _LLM_ERROR_KINDS if isinstance(exc, kind)))
            raise
        finally:
            self._telemetry.milliseconds("LLMLatency", (self._telemetry.monotonic() - started) * 1000)
        usage = reply.usage
        self._telemetry.count("LLMCalls")
        self._telemetry.count("PromptTokens", usage.prompt_tokens)
        self._telemetry.count("CompletionTokens", usage.completion_tokens)
        self._telemetry.count("PromptCacheHitTokens", usage.prompt_cache_hit_tokens)
        self._telemetry.count("PromptCacheMissTokens", usage.prompt_cache_miss_tokens)
        return reply


def count_retries(telemetry: Telemetry) -> Callable[..., None]:
    """A `requests` response hook that counts the retries urllib3 made before this response."""

    def hook(response: Any, *args: Any, **kwargs: Any) -> None:
        history = getattr(getattr(response.raw, "retries", None), "history", ())
        if history:
            telemetry.count("LLMRetries", len(history))

    return hook


def meter_turns(
    telemetry: Telemetry, then: Callable[[TurnRecord, float | None], None] | None
) -> Callable[[TurnRecord, float | None], None]:
    """An ``after_turn`` hook that counts relationship level changes, then runs ``then`` (with the deadline)."""

    def after_turn(record: TurnRecord, deadline: float | None = None) -> None:
        if record.previous is not None and record.previous.level != record.relationship.level:
            telemetry.count("AffinityLevelChanges")
        if then is not None:
            then(record, deadline)

    return after_turn
