"""The middlewares every request passes: telemetry around each invocation, then the API-key check."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalice.app import Request, Response

from chalicelib.errors import LuminoraError
from chalicelib.http import api
from chalicelib.http.errors import error_response, shape_for

if TYPE_CHECKING:
    from chalicelib.aws.telemetry import Telemetry

Middleware = Callable[[Any, Callable[[Any], Any]], Any]

# Routes anyone may call; every other route needs an API key.
PUBLIC_ROUTES = frozenset({
    ("GET", "/health"), ("GET", "/openapi.json"),
    # The playground's page and files; the API calls it makes need a key.
    ("GET", "/"), ("GET", "/playground.js"), ("GET", "/usage-panel.js"), ("GET", "/playground.css"),
})
# Where `authenticating` leaves the tenant, in the request's context.
_TENANT = "luminora_tenant"


def route_of(request: Request) -> str:
    return str((request.context or {}).get("resourcePath") or request.path)


def request_id(request: Request | None, lambda_context: Any = None) -> str:
    """The API Gateway request id (what an operator searches the logs for), else the Lambda's."""
    found = (request.context or {}).get("requestId") if request is not None else None
    return str(found or getattr(lambda_context, "aws_request_id", "-"))


def tenant_of(request: Request) -> str:
    """The tenant of the request's API key, as `authenticating` found it."""
    return str(request.context[_TENANT])


def observing(telemetry: Callable[[], Telemetry], lambda_context: Callable[[], Any]) -> Middleware:
    """Every invocation: metrics written when it ends; for HTTP, one log line with status and latency."""

    def observe(event: Any, get_response: Callable[[Any], Any]) -> Any:
        meter = telemetry()
        meter.begin()
        started = meter.monotonic()
        try:
            response = get_response(event)
            if isinstance(event, Request):
                meter.request(request_id=request_id(event, lambda_context()), method=event.method,
                              route=route_of(event), status=response.status_code,
                              latency_ms=(meter.monotonic() - started) * 1000)
            return response
        finally:
            meter.flush()

    return observe


def authenticating(tenant_for_key: Callable[[str | None], str], telemetry: Callable[[], Telemetry]) -> Middleware:
    """The API-key check in front of every route but the public ones: the same locally and in AWS."""

    def authenticate(request: Request, get_response: Callable[[Request], Response]) -> Response:
        if (request.method, request.context.get("resourcePath")) in PUBLIC_ROUTES:
            return get_response(request)
        try:
            tenant = tenant_for_key(api.presented_key(request.headers))
        except LuminoraError as exc:
            return error_response(exc, shape=shape_for(route_of(request)), request_id=request_id(request))
        request.context[_TENANT] = tenant
        telemetry().tenant = tenant  # the log line names it, also when the route refuses the request
        return get_response(request)

    return authenticate
