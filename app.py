"""Luminora's HTTP API: thin Chalice routes over the services built in `chalicelib.bootstrap`."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from chalice.app import Chalice, CloudWatchEvent, Cron, Request, Response

from chalicelib.aws.telemetry import Telemetry
from chalicelib.bootstrap import Services, build_maintenance, build_services
from chalicelib.config import load_settings
from chalicelib.engine import analysis
from chalicelib.errors import (
    ConflictError,
    InvalidInputError,
    LLMAuthError,
    LLMBadResponseError,
    LLMTimeoutError,
    LLMUnavailableError,
    LuminoraError,
    NotFoundError,
    StorageThrottledError,
    UpstreamError,
)
from chalicelib.http import api
from chalicelib.models import TurnInput
from chalicelib.usecases.conversation import deadline_in

if TYPE_CHECKING:  # the nightly job's module is imported by the container that runs it, not by the API's
    from chalicelib.usecases.maintenance import Maintenance

app = Chalice(app_name="luminora")
app.log.setLevel(logging.INFO)

_services: Services | None = None
_maintenance: Maintenance | None = None
_telemetry: Telemetry | None = None
# Time kept back from the Lambda's remaining time, to answer before API Gateway's 29 s cut.
_SAFETY_MARGIN_S = 1.5

# Domain and upstream errors → HTTP status and Chalice's error code, most specific first.
_STATUS: list[tuple[type[LuminoraError], int, str]] = [
    (InvalidInputError, 400, "BadRequestError"),
    (NotFoundError, 404, "NotFoundError"),
    (ConflictError, 409, "ConflictError"),
    (LLMUnavailableError, 503, "ServiceUnavailableError"),  # rate limited or overloaded, after retries
    (StorageThrottledError, 503, "ServiceUnavailableError"),
    (LLMTimeoutError, 504, "GatewayTimeoutError"),
    (LLMAuthError, 502, "BadGatewayError"),  # the operator must fix the key or the balance
    (LLMBadResponseError, 502, "BadGatewayError"),
    (UpstreamError, 502, "BadGatewayError"),
]


def get_services() -> Services:
    """Build the services on first use and keep them for the container's life."""
    global _services
    if _services is None:
        _services = build_services(load_settings(), telemetry=get_telemetry())
    return _services


def get_telemetry() -> Telemetry:
    """The container's log line and metrics writer (Powertools is imported when it first writes)."""
    global _telemetry
    if _telemetry is None:
        settings = load_settings()
        _telemetry = Telemetry(service=settings.service_name, namespace=settings.metrics_namespace,
                               level=settings.log_level)
    return _telemetry


def set_telemetry(telemetry: Telemetry | None) -> None:
    global _telemetry
    _telemetry = telemetry


@app.middleware("all")
def observe(event: Any, get_response: Callable[[Any], Any]) -> Any:
    """Every invocation: metrics written when it ends; for HTTP, one log line with status and latency."""
    telemetry = get_telemetry()
    telemetry.begin()
    started = telemetry.monotonic()
    try:
        response = get_response(event)
        if isinstance(event, Request):
            context = event.context or {}
            telemetry.request(
                request_id=str(context.get("requestId") or getattr(app.lambda_context, "aws_request_id", "-")),
                method=event.method,
                route=str(context.get("resourcePath") or event.path),
                status=response.status_code,
                latency_ms=(telemetry.monotonic() - started) * 1000,
            )
        return response
    finally:
        telemetry.flush()


def set_services(services: Services | None) -> None:
    """Replace the services (tests wire fakes or moto-backed adapters here)."""
    global _services
    _services = services


def get_maintenance() -> Maintenance:
    """The nightly job's service, built on first use from the same clients as the routes' services."""
    global _maintenance
    if _maintenance is None:
        services = get_services()  # the nightly run needs them too, for pending analyses
        _maintenance = build_maintenance(
            services.settings,
            dynamodb_client=services.dynamodb_client,
            chat_model=services.chat_model,
            clock=services.clock,
        )
    return _maintenance


def set_maintenance(maintenance: Maintenance | None) -> None:
    global _maintenance
    _maintenance = maintenance


def handles_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turn Luminora errors into Chalice-shaped JSON error responses."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except LuminoraError as exc:
            return _error_response(exc)

    return wrapper


def _error_response(exc: LuminoraError) -> Response:
    status, code = next(((s, c) for kind, s, c in _STATUS if isinstance(exc, kind)), (500, "InternalServerError"))
    headers: dict[str, str | list[str]] = {"Content-Type": "application/json"}
    retry_after = getattr(exc, "retry_after", None)
    if status == 503:
        headers["Retry-After"] = str(retry_after or 1)
    if status >= 500:
        cause = type(exc.__cause__).__name__ if exc.__cause__ else "-"
        app.log.warning("upstream failure: %s (cause %s): %s", type(exc).__name__, cause, exc)
    return Response(body={"Code": code, "Message": str(exc)}, status_code=status, headers=headers)


def _request() -> Request:
    request = app.current_request
    assert request is not None, "only called while Chalice serves a request"
    return request


def _tenant(services: Services) -> str:
    """The API key's id is the tenant; without API Gateway keys (locally) one default tenant."""
    identity = (_request().context or {}).get("identity") or {}
    tenant = str(identity.get("apiKeyId") or services.settings.default_tenant)
    get_telemetry().tenant = tenant
    return tenant


def _deadline(services: Services) -> float:
    budget = services.settings.turn_budget_seconds
    context = getattr(app, "lambda_context", None)
    if context is not None and hasattr(context, "get_remaining_time_in_millis"):
        budget = min(budget, context.get_remaining_time_in_millis() / 1000 - _SAFETY_MARGIN_S)
    return deadline_in(services.clock, budget)


@app.route("/health", methods=["GET"])
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.route("/message", methods=["POST"], content_types=["application/json"], api_key_required=True)
@handles_errors
def post_message() -> dict[str, object]:
    services = get_services()
    request = _request()
    body = api.parse_body(request.raw_body, api.MessageRequest)
    turn = TurnInput(
        tenant=_tenant(services),
        user_id=body.user_id,
        session_id=body.session_id,
        message=api.check_message(body.message, services.settings.max_message_chars),
        personality_name=body.personality_name,
        idempotency_key=_idempotency_key(request.headers),
    )
    return services.conversation.take_turn(turn, deadline=_deadline(services)).as_dict()


def _idempotency_key(headers: Any) -> str | None:
    raw = headers.get("idempotency-key") if headers else None
    return api.check_id("Idempotency-Key", raw) if raw is not None else None


@app.route("/users/{user_id}/relationships/{personality_name}", methods=["GET"], api_key_required=True)
@handles_errors
def get_relationship(user_id: str, personality_name: str) -> dict[str, object]:
    services = get_services()
    api.check_id("user_id", user_id)
    personality = services.catalog.get(_tenant(services), api.check_name("personality_name", personality_name))
    found = services.store.get_relationship(_tenant(services), user_id, personality.name)
    if found is None:
        raise NotFoundError(f"user {user_id!r} has not talked with {personality.name!r}")
    return {
        "affinity_level": found.level,
        "affinity_points": found.affinity_points,
        "total_interactions": found.total_interactions,
        "positive_interactions": found.positive_interactions,
        "negative_interactions": found.negative_interactions,
        **_mood_now(services, found.mood, found.mood_intensity, found.updated_at),
    }


def _mood_now(services: Services, name: str, intensity: float, updated_at: str) -> dict[str, object]:
    """Moods fade between turns; what is shown is the mood as of now."""
    now = services.clock.now()
    mood = analysis.current_mood(name, intensity, updated_at, now, services.settings.mood_half_life_hours)
    return {"mood": mood.name, "mood_intensity": mood.intensity}


@app.route("/users/{user_id}/sessions/{session_id}/messages", methods=["GET"], api_key_required=True)
@handles_errors
def list_messages(user_id: str, session_id: str) -> dict[str, object]:
    services = get_services()
    params: Mapping[str, str] = _request().query_params or {}
    limit = api.check_limit(params.get("limit"), services.settings.page_size)
    messages, cursor = services.store.list_messages(
        _tenant(services),
        api.check_id("user_id", user_id),
        api.check_id("session_id", session_id),
        api.check_cursor(params.get("after")),
        limit,
    )
    return {
        "messages": [
            {"role": m.role, "content": m.content, "created_at": m.created_at, "message_id": m.message_id}
            for m in messages
        ],
        "next_cursor": str(cursor) if cursor is not None else None,
    }


@app.route("/personalities", methods=["GET"], api_key_required=True)
@handles_errors
def list_personalities() -> dict[str, object]:
    services = get_services()
    return {"personalities": [p.summary() for p in services.catalog.all(_tenant(services))]}


@app.route("/personalities/{name}", methods=["GET"], api_key_required=True)
@handles_errors
def get_personality(name: str) -> dict[str, object]:
    services = get_services()
    return services.catalog.get(_tenant(services), api.check_name("name", name)).definition.as_json()


@app.route("/personalities/{name}", methods=["PUT"], content_types=["application/json"], api_key_required=True)
@handles_errors
def put_personality(name: str) -> dict[str, object]:
    services = get_services()
    saved = services.catalog.save(_tenant(services), api.check_name("name", name), _request().raw_body or b"")
    return saved.summary()


@app.route("/personalities/{name}", methods=["DELETE"], api_key_required=True)
@handles_errors
def delete_personality(name: str) -> Response:
    services = get_services()
    services.catalog.delete(_tenant(services), api.check_name("name", name))
    return Response(body="", status_code=204)


# Sessions whose deep analysis failed or never ran, picked up by one nightly run.
_NIGHTLY_ANALYSES = 200


@app.schedule(Cron(0, 3, "*", "*", "?", "*"), name="nightly")
def nightly(event: CloudWatchEvent) -> dict[str, object]:
    """Sweep expired sessions, summarize idle ones, catch up pending analyses; errors propagate."""
    context = getattr(app, "lambda_context", None)
    seconds = context.get_remaining_time_in_millis() / 1000 - 10 if context else 600.0
    services = get_services()
    deadline = deadline_in(services.clock, seconds)
    report = get_maintenance().run(deadline=deadline)
    pending = services.memory.analyze_pending(_NIGHTLY_ANALYSES, deadline=deadline)
    counts = {
        "SessionsExpired": report.sessions_expired,
        "ItemsDeleted": report.items_deleted,
        "SessionsSummarized": report.sessions_summarized,
        "SummariesFailed": report.summaries_failed,
        "AnalysesPending": pending.sessions + pending.failed,
        "AnalysesCaughtUp": pending.sessions,
        "AnalysesFailed": pending.failed,
    }
    for name, value in counts.items():
        get_telemetry().count(name, value)
    return {**report.as_dict(), "analyses_caught_up": pending.sessions, "analyses_failed": pending.failed}


# -- memory ---------------------------------------------------------------------------------------


@app.route("/users/{user_id}/facts", methods=["GET"], api_key_required=True)
@handles_errors
def list_facts(user_id: str) -> dict[str, object]:
    services = get_services()
    facts = services.memory.facts(_tenant(services), api.check_id("user_id", user_id))
    return {"facts": [api.fact_view(f) for f in facts]}


@app.route("/users/{user_id}/facts/{category}/{key}", methods=["DELETE"], api_key_required=True)
@handles_errors
def delete_fact(user_id: str, category: str, key: str) -> dict[str, object]:
    services = get_services()
    user_id = api.check_id("user_id", user_id)
    category, key = api.check_category(category), api.check_fact_key(key)
    if not services.memory.forget_fact(_tenant(services), user_id, category, key):
        raise NotFoundError(f"no fact {category}/{key} is stored for user {user_id!r}")
    return {"deleted": {"category": category, "key": key}}


@app.route("/users/{user_id}/episodes", methods=["GET"], api_key_required=True)
@handles_errors
def list_episodes(user_id: str) -> dict[str, object]:
    services = get_services()
    params: Mapping[str, str] = _request().query_params or {}
    raw = params.get("personality_name")
    personality = api.check_name("personality_name", raw) if raw is not None else None
    episodes = services.memory.episodes(_tenant(services), api.check_id("user_id", user_id), personality)
    return {"episodes": [api.episode_view(e) for e in episodes]}


@app.route("/users/{user_id}/export", methods=["GET"], api_key_required=True)
@handles_errors
def export_user(user_id: str) -> dict[str, object]:
    services = get_services()
    user_id = api.check_id("user_id", user_id)
    params: Mapping[str, str] = _request().query_params or {}
    after = api.check_export_cursor(params.get("after"))
    data, last = services.memory.export_page(_tenant(services), user_id, after, services.settings.export_page_bytes)
    return api.export_view(user_id, data, api.export_cursor(last))


@app.route("/users/{user_id}", methods=["DELETE"], api_key_required=True)
@handles_errors
def erase_user(user_id: str) -> dict[str, object]:
    services = get_services()
    deleted = services.memory.erase(_tenant(services), api.check_id("user_id", user_id))
    return {"deleted": deleted, "total": sum(deleted.values())}


@app.lambda_function(name="analyze")
def analyze(event: dict[str, Any], context: Any) -> dict[str, int]:
    """Deep analysis of one session's new turns, invoked asynchronously after a turn; errors propagate.

    ``{"catch_up": N}`` instead runs the nightly catch-up of up to N pending sessions, on demand.
    """
    if "catch_up" in event:
        return _catch_up(int(event["catch_up"]), context)
    telemetry = get_telemetry()
    try:
        read = get_services().memory.analyze_session(event["tenant"], event["user_id"], event["session_id"])
    except Exception:
        telemetry.count("AnalysesFailed")
        raise
    telemetry.count("AnalysesSucceeded")
    telemetry.count("MessagesAnalyzed", read)
    return {"messages_analyzed": read}


def _catch_up(limit: int, context: Any) -> dict[str, int]:
    remaining = context.get_remaining_time_in_millis() / 1000 if context else 600.0
    seconds = remaining - min(10.0, remaining / 2)  # time kept back to report before Lambda's cut
    services = get_services()
    pending = services.memory.analyze_pending(max(1, limit), deadline=deadline_in(services.clock, seconds))
    get_telemetry().count("AnalysesCaughtUp", pending.sessions)
    get_telemetry().count("AnalysesFailed", pending.failed)
    return {"analyses_caught_up": pending.sessions, "analyses_failed": pending.failed, "messages": pending.messages}
