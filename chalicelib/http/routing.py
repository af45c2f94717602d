"""What every route reads of the request it serves: the tenant, the query, the turn's headers and deadline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from chalice.app import Chalice, Request

from chalicelib.clock import deadline_for
from chalicelib.http import api, middleware
from chalicelib.http.errors import translating

if TYPE_CHECKING:
    from chalicelib.bootstrap import Services

# Time kept back from the Lambda's remaining time, to answer before API Gateway's 29 s cut.
TURN_MARGIN_S = 1.5
_app: Chalice | None = None


def bind(app: Chalice) -> None:
    """The app whose current request and Lambda context the routes read (`app.py` binds its own)."""
    global _app
    _app = app


def lambda_context() -> Any:
    return getattr(_app, "lambda_context", None)


def request_id() -> str:
    return middleware.request_id(_app.current_request if _app else None, lambda_context())


def request() -> Request:
    found = _app.current_request if _app else None
    assert found is not None, "only called while Chalice serves a request"
    return found


def tenant() -> str:
    return middleware.tenant_of(request())


def query() -> Mapping[str, str]:
    return request().query_params or {}


def idempotency_key() -> str | None:
    raw = request().headers.get("idempotency-key")
    return api.check_id("Idempotency-Key", raw) if raw is not None else None


def locale() -> str:
    """The first language the client accepts, for a crisis referral's lines."""
    from chalicelib.engine.safety.resources import first_accepted

    return first_accepted(request().headers.get("accept-language"))


def turn_deadline(services: Services) -> float:
    budget = services.settings.turn_budget_seconds
    return deadline_for(services.clock, lambda_context(), margin=TURN_MARGIN_S, fallback=budget, budget=budget)


handles_errors = translating("chalice", request_id)
handles_openai_errors = translating("openai", request_id)
