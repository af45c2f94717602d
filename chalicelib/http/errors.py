"""Luminora errors as HTTP responses: one mapping, one function, two body shapes (Chalice's and OpenAI's)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, Literal

from chalice.app import ChaliceViewError, Response

from chalicelib.errors import (
    ConflictError,
    IdempotencyMismatchError,
    InvalidInputError,
    LLMAuthError,
    LLMBadResponseError,
    LLMTimeoutError,
    LLMUnavailableError,
    LuminoraError,
    NotFoundError,
    OperatorError,
    RateLimitedError,
    StorageThrottledError,
    TooLargeError,
    TurnInFlightError,
    UnauthorizedError,
    UpstreamError,
)

log = logging.getLogger("luminora")

Shape = Literal["chalice", "openai"]

# Domain and upstream errors → HTTP status and Chalice's error code, most specific first.
STATUS: list[tuple[type[LuminoraError], int, str]] = [
    (TooLargeError, 413, "RequestEntityTooLargeError"),
    (InvalidInputError, 400, "BadRequestError"),
    (UnauthorizedError, 401, "UnauthorizedError"),
    (NotFoundError, 404, "NotFoundError"),
    (IdempotencyMismatchError, 422, "UnprocessableEntityError"),
    (RateLimitedError, 429, "TooManyRequestsError"),
    (ConflictError, 409, "ConflictError"),
    (LLMUnavailableError, 503, "ServiceUnavailableError"),  # rate limited or overloaded, after retries
    (StorageThrottledError, 503, "ServiceUnavailableError"),
    (LLMTimeoutError, 504, "GatewayTimeoutError"),
    (LLMAuthError, 502, "BadGatewayError"),  # the operator must fix the key or the balance
    (LLMBadResponseError, 502, "BadGatewayError"),
    (UpstreamError, 502, "BadGatewayError"),  # OperatorError included: a generic message, details logged
]
_JSON = "application/json"


def status_of(exc: LuminoraError) -> tuple[int, str]:
    """The HTTP status and Chalice error code of ``exc``."""
    return next(((s, c) for kind, s, c in STATUS if isinstance(exc, kind)), (500, "InternalServerError"))


def error_response(exc: LuminoraError, *, shape: Shape = "chalice", request_id: str = "-") -> Response:
    """The response for ``exc``: its status, ``Retry-After`` where a retry can help, a body of ``shape``."""
    status, code = status_of(exc)
    headers: dict[str, str | list[str]] = {"Content-Type": _JSON}
    if status == 503 or isinstance(exc, TurnInFlightError | RateLimitedError):
        headers["Retry-After"] = str(getattr(exc, "retry_after", None) or 1)
    if isinstance(exc, RateLimitedError):
        headers.update(exc.headers)
    if isinstance(exc, UnauthorizedError):
        headers["WWW-Authenticate"] = "Bearer"
    message = str(exc)
    if status >= 500:
        cause = type(exc.__cause__).__name__ if exc.__cause__ else "-"
        log.warning("upstream failure: %s (cause %s): %s", type(exc).__name__, cause, exc)
    if isinstance(exc, OperatorError):
        log.error("request %s: the deployment needs the operator: %s", request_id, exc)
        message = f"the service is misconfigured; its operator can look up request id {request_id} in the logs"
    return Response(body=_body(shape, status, code, message, exc), status_code=status, headers=headers)


def _body(shape: Shape, status: int, code: str, message: str, exc: LuminoraError) -> dict[str, Any]:
    if shape == "openai":
        from chalicelib.http import openai

        return openai.error_body(status, message, param=getattr(exc, "field", None))
    if status == 401:
        return {"message": message}  # what API Gateway answers for a missing key
    return {"Code": code, "Message": message}


def translating(shape: Shape, request_id: Callable[[], str]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A route decorator that answers Luminora errors (and Chalice's own view errors) in ``shape``."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return view(*args, **kwargs)
            except LuminoraError as exc:
                return error_response(exc, shape=shape, request_id=request_id())
            except ChaliceViewError as exc:
                if shape == "chalice":
                    raise
                body = _body(shape, exc.STATUS_CODE, type(exc).__name__, str(exc), UpstreamError(str(exc)))
                return Response(body=body, status_code=exc.STATUS_CODE, headers={"Content-Type": _JSON})

        return wrapper

    return decorate


def shape_for(route: str) -> Shape:
    """The error body shape a route's clients parse: OpenAI's under `/v1/`, Chalice's elsewhere."""
    return "openai" if route.startswith("/v1/") else "chalice"
