"""Luminora's HTTP API: thin Chalice routes over the services built in `chalicelib.bootstrap`."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from chalice.app import Chalice, ChaliceViewError, CloudWatchEvent, Cron, Request, Response

from chalicelib.aws.telemetry import Telemetry
from chalicelib.bootstrap import Services, build_maintenance, build_services, collector_paused
from chalicelib.config import load_settings
from chalicelib.engine import analysis
from chalicelib.engine.personality import Personality
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
    StorageThrottledError,
    TooLargeError,
    TurnInFlightError,
    UnauthorizedError,
    UpstreamError,
)
from chalicelib.http import api, paths, playground
from chalicelib.models import TurnInput
from chalicelib.usecases.conversation import deadline_in

if TYPE_CHECKING:  # the nightly job's module is imported by the container that runs it, not by the API's
    from chalicelib.usecases.maintenance import Maintenance
    from chalicelib.usecases.oversight import Oversight

app = Chalice(app_name="luminora")
app.log.setLevel(logging.INFO)
app.register_middleware(paths.decode_path_parameters, "http")  # every route sees decoded path parameters

_services: Services | None = None
_BUILDING = threading.Lock()
_maintenance: Maintenance | None = None
_telemetry: Telemetry | None = None
# Time kept back from the Lambda's remaining time, to answer before API Gateway's 29 s cut.
_SAFETY_MARGIN_S = 1.5

# Domain and upstream errors → HTTP status and Chalice's error code, most specific first.
_STATUS: list[tuple[type[LuminoraError], int, str]] = [
    (TooLargeError, 413, "RequestEntityTooLargeError"),
    (InvalidInputError, 400, "BadRequestError"),
    (UnauthorizedError, 401, "UnauthorizedError"),
    (NotFoundError, 404, "NotFoundError"),
    (IdempotencyMismatchError, 422, "UnprocessableEntityError"),
    (ConflictError, 409, "ConflictError"),
    (LLMUnavailableError, 503, "ServiceUnavailableError"),  # rate limited or overloaded, after retries
    (StorageThrottledError, 503, "ServiceUnavailableError"),
    (LLMTimeoutError, 504, "GatewayTimeoutError"),
    (LLMAuthError, 502, "BadGatewayError"),  # the operator must fix the key or the balance
    (LLMBadResponseError, 502, "BadGatewayError"),
    (UpstreamError, 502, "BadGatewayError"),  # OperatorError included: a generic message, details logged
]


def get_services() -> Services:
    """Build the services on first use and keep them for the container's life.

    Lambda serves one request at a time per container; `chalice local` serves many on threads, so the
    first requests of a burst wait for one build instead of each building its own clients.
    """
    global _services
    if _services is None:
        with _BUILDING:
            if _services is None:
                with collector_paused():
                    telemetry = get_telemetry()
                    telemetry.prepare()  # Powertools, imported as part of start-up rather than by the first log line
                    _services = build_services(load_settings(), telemetry=telemetry)
    return _services


def get_telemetry() -> Telemetry:
    """The container's log line and metrics writer (Powertools is imported when the services are built)."""
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
    if status == 503 or isinstance(exc, TurnInFlightError):
        headers["Retry-After"] = str(retry_after or 1)
    message = str(exc)
    if status >= 500:
        cause = type(exc.__cause__).__name__ if exc.__cause__ else "-"
        app.log.warning("upstream failure: %s (cause %s): %s", type(exc).__name__, cause, exc)
    if isinstance(exc, OperatorError):
        request_id = _request_id()
        app.log.error("request %s: the deployment needs the operator: %s", request_id, exc)
        message = f"the service is misconfigured; its operator can look up request id {request_id} in the logs"
    return Response(body={"Code": code, "Message": message}, status_code=status, headers=headers)


def _request_id() -> str:
    request = app.current_request
    return str((request.context or {}).get("requestId", "-")) if request is not None else "-"


def _request() -> Request:
    request = app.current_request
    assert request is not None, "only called while Chalice serves a request"
    return request


def _tenant(services: Services) -> str:
    """The tenant of the request's API key, as `authenticate` found it."""
    tenant = str(_request().context[_TENANT])
    get_telemetry().tenant = tenant
    return tenant


# Routes anyone may call; every other route needs an API key.
_PUBLIC_ROUTES = {
    ("GET", "/health"), ("GET", "/openapi.json"),
    ("GET", "/"), ("GET", "/playground.js"), ("GET", "/playground.css"),  # the page; its API calls need a key
}
# Where `authenticate` leaves the tenant, in the request's context.
_TENANT = "luminora_tenant"


@app.middleware("http")
def authenticate(request: Request, get_response: Callable[[Request], Response]) -> Response:
    """The API-key check in front of every route but the public ones: the same locally and in AWS."""
    if (request.method, request.context.get("resourcePath")) in _PUBLIC_ROUTES:
        return get_response(request)
    try:
        tenant = get_services().access.tenant_of(api.presented_key(request.headers))
    except UnauthorizedError as exc:
        return _unauthorized(request, str(exc))
    except LuminoraError as exc:
        return _error_response(exc)
    request.context[_TENANT] = tenant
    get_telemetry().tenant = tenant  # the log line names it, also when the route refuses the request
    return get_response(request)


def _unauthorized(request: Request, message: str) -> Response:
    headers: dict[str, str | list[str]] = {"Content-Type": "application/json", "WWW-Authenticate": "Bearer"}
    if str(request.context.get("resourcePath", "")).startswith("/v1/"):
        error = {"message": message, "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}
        return Response(body={"error": error}, status_code=401, headers=headers)
    return Response(body={"message": message}, status_code=401, headers=headers)


def _deadline(services: Services) -> float:
    budget = services.settings.turn_budget_seconds
    context = getattr(app, "lambda_context", None)
    if context is not None and hasattr(context, "get_remaining_time_in_millis"):
        budget = min(budget, context.get_remaining_time_in_millis() / 1000 - _SAFETY_MARGIN_S)
    return deadline_in(services.clock, budget)


@app.route("/health", methods=["GET"])
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.route("/openapi.json", methods=["GET"])
def openapi() -> dict[str, Any]:
    from chalicelib.http.openapi import document

    return document()


@app.route("/message", methods=["POST"], content_types=["application/json"])
@handles_errors
def post_message() -> dict[str, object]:
    services = get_services()
    request = _request()
    body = api.parse_message(request.raw_body)
    turn = TurnInput(
        tenant=_tenant(services),
        user_id=body.user_id,
        session_id=body.session_id,
        message=api.check_message(body.message, services.settings.max_message_chars),
        personality_name=body.personality_name,
        idempotency_key=_idempotency_key(request.headers),
        locale=_locale(request.headers),
    )
    return services.conversation.take_turn(turn, deadline=_deadline(services)).as_dict()


def _idempotency_key(headers: Any) -> str | None:
    raw = headers.get("idempotency-key") if headers else None
    return api.check_id("Idempotency-Key", raw) if raw is not None else None


@app.route("/users/{user_id}/relationships/{personality_name}", methods=["GET"])
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
        **_mood_now(services, found.mood, found.mood_intensity, found.updated_at, personality),
    }


def _mood_now(
    services: Services, name: str, intensity: float, updated_at: str, personality: Personality
) -> dict[str, object]:
    """Moods fade between turns (at the personality's own pace); what is shown is the mood as of now."""
    now = services.clock.now()
    half_life = analysis.half_life_hours(personality, services.settings.mood_half_life_hours)
    mood = analysis.current_mood(name, intensity, updated_at, now, half_life)
    return {"mood": mood.name, "mood_intensity": mood.intensity}


@app.route("/users/{user_id}/sessions/{session_id}/messages", methods=["GET"])
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


@app.route("/personalities", methods=["GET"])
@handles_errors
def list_personalities() -> dict[str, object]:
    services = get_services()
    return {"personalities": [p.summary() for p in services.catalog.all(_tenant(services))]}


@app.route("/personalities/{name}", methods=["GET"])
@handles_errors
def get_personality(name: str) -> dict[str, object]:
    services = get_services()
    return services.catalog.get(_tenant(services), api.check_name("name", name)).definition.as_json()


@app.route("/personalities/{name}", methods=["PUT"], content_types=["application/json"])
@handles_errors
def put_personality(name: str) -> dict[str, object]:
    services = get_services()
    saved = services.catalog.save(_tenant(services), api.check_name("name", name), api.check_size(_request().raw_body))
    return saved.summary()


@app.route("/personalities/{name}", methods=["DELETE"])
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
        "SummariesParked": report.summaries_parked,
        "AnalysesPending": pending.sessions + pending.failed,
        "AnalysesCaughtUp": pending.sessions,
        "AnalysesFailed": pending.failed,
        "AnalysesParked": pending.parked,
    }
    for name, value in counts.items():
        get_telemetry().count(name, value)
    return {
        **report.as_dict(),
        "analyses_caught_up": pending.sessions,
        "analyses_failed": pending.failed,
        "analyses_parked": pending.parked,
    }


# -- memory ---------------------------------------------------------------------------------------


@app.route("/users/{user_id}/facts", methods=["GET"])
@handles_errors
def list_facts(user_id: str) -> dict[str, object]:
    services = get_services()
    facts = services.memory.facts(_tenant(services), api.check_id("user_id", user_id))
    return {"facts": [api.fact_view(f) for f in facts]}


@app.route("/users/{user_id}/facts/{category}/{key}", methods=["DELETE"])
@handles_errors
def delete_fact(user_id: str, category: str, key: str) -> dict[str, object]:
    services = get_services()
    user_id = api.check_id("user_id", user_id)
    category, key = api.check_category(category), api.check_fact_key(key)
    if not services.memory.forget_fact(_tenant(services), user_id, category, key):
        raise NotFoundError(f"no fact {category}/{key} is stored for user {user_id!r}")
    return {"deleted": {"category": category, "key": key}}


@app.route("/users/{user_id}/episodes", methods=["GET"])
@handles_errors
def list_episodes(user_id: str) -> dict[str, object]:
    services = get_services()
    params: Mapping[str, str] = _request().query_params or {}
    raw = params.get("personality_name")
    personality = api.check_name("personality_name", raw) if raw is not None else None
    episodes = services.memory.episodes(_tenant(services), api.check_id("user_id", user_id), personality)
    return {"episodes": [api.episode_view(e) for e in episodes]}


@app.route("/users/{user_id}/export", methods=["GET"])
@handles_errors
def export_user(user_id: str) -> dict[str, object]:
    services = get_services()
    user_id = api.check_id("user_id", user_id)
    params: Mapping[str, str] = _request().query_params or {}
    after = api.check_export_cursor(params.get("after"))
    data, last = services.memory.export_page(_tenant(services), user_id, after, services.settings.export_page_bytes)
    return api.export_view(user_id, data, api.export_cursor(last))


@app.route("/users/{user_id}", methods=["DELETE"])
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
    services, telemetry = get_services(), get_telemetry()
    # The model call ends before the function's own timeout, leaving time to log what failed.
    seconds = context.get_remaining_time_in_millis() / 1000 - _SAFETY_MARGIN_S if context else 60.0
    deadline = deadline_in(services.clock, seconds)
    try:
        read = services.memory.analyze_session(
            event["tenant"], event["user_id"], event["session_id"], deadline=deadline
        )
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


# -- playground -----------------------------------------------------------------------------------
# The page and its two files need no key: the page asks for one and sends it with its API calls.


@app.route("/", methods=["GET"])
def playground_page() -> Response:
    return _playground_file("index.html")


@app.route("/playground.js", methods=["GET"])
def playground_script() -> Response:
    return _playground_file("playground.js")


@app.route("/playground.css", methods=["GET"])
def playground_style() -> Response:
    return _playground_file("playground.css")


def _playground_file(name: str) -> Response:
    return Response(body=playground.asset(name), status_code=200, headers=playground.headers(name))


# -- OpenAI protocol ------------------------------------------------------------------------------
# `chalicelib.http.openai` is imported by these routes when first used: its request models take about
# 20 ms to build, which a container that only serves `/message` need not pay at cold start.


def handles_openai_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Like `handles_errors`, with the same statuses, in OpenAI's error shape (what OpenAI SDKs parse)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from chalicelib.http import openai

        try:
            return view(*args, **kwargs)
        except LuminoraError as exc:
            chalice_shaped = _error_response(exc)
            body = openai.error_body(chalice_shaped.status_code, str(exc), param=getattr(exc, "field", None))
            return Response(body=body, status_code=chalice_shaped.status_code, headers=chalice_shaped.headers)
        except ChaliceViewError as exc:  # e.g. a rejected API key
            body = openai.error_body(exc.STATUS_CODE, str(exc))
            return Response(body=body, status_code=exc.STATUS_CODE, headers={"Content-Type": "application/json"})

    return wrapper


@app.route("/v1/chat/completions", methods=["POST"], content_types=["application/json"])
@handles_openai_errors
def chat_completions() -> Response | dict[str, object]:
    from chalicelib.http import openai

    services = get_services()
    request = _request()
    body = api.parse_body(request.raw_body, openai.ChatCompletionRequest)
    turn = openai.turn_input(body, tenant=_tenant(services), idempotency_key=_idempotency_key(request.headers),
                             max_chars=services.settings.max_message_chars)._replace(locale=_locale(request.headers))
    model = services.catalog.get(turn.tenant, turn.personality_name).name  # cached: the turn reads it again
    result = services.conversation.take_turn(turn, deadline=_deadline(services))
    created = int(services.clock.now().timestamp())
    if not body.stream:
        return openai.completion(result, model=model, created=created)
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    stream = openai.event_stream(result, model=model, created=created, include_usage=include_usage)
    return Response(body=stream, headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})


@app.route("/v1/models", methods=["GET"])
@handles_openai_errors
def list_models() -> dict[str, object]:
    from chalicelib.http import openai

    services = get_services()
    tenant = _tenant(services)
    entries = [openai.model_entry(p.name, built_in=p.built_in, tenant=tenant) for p in services.catalog.all(tenant)]
    return openai.model_list(entries)


@app.route("/v1/models/{model_id}", methods=["GET"])
@handles_openai_errors
def get_model(model_id: str) -> dict[str, object]:
    from chalicelib.http import openai

    services = get_services()
    tenant = _tenant(services)
    found = services.catalog.get(tenant, openai.check_model(model_id))
    return openai.model_entry(found.name, built_in=found.built_in, tenant=tenant)


# -- safety ---------------------------------------------------------------------------------------
# A user's profile (minor, locale), the tenant's crisis lines and reminders, and the count of protocols
# fired. `chalicelib.http.safety` (pydantic) is imported by these routes when first used.


def _locale(headers: Any) -> str:
    from chalicelib.engine.safety.resources import first_accepted

    return first_accepted(headers.get("accept-language") if headers else None)


def _oversight(services: Services) -> Oversight:
    assert services.oversight is not None, "build_services wires it"
    return services.oversight


@app.route("/users/{user_id}/profile", methods=["GET"])
@handles_errors
def get_profile(user_id: str) -> dict[str, object]:
    from chalicelib.http import safety

    services = get_services()
    user_id = api.check_id("user_id", user_id)
    return safety.profile_view(user_id, _oversight(services).profile(_tenant(services), user_id))


@app.route("/users/{user_id}/profile", methods=["PUT"], content_types=["application/json"])
@handles_errors
def put_profile(user_id: str) -> dict[str, object]:
    from chalicelib.http import safety

    services = get_services()
    user_id = api.check_id("user_id", user_id)
    body = safety.parse_model(_request().raw_body, safety.ProfileBody)
    saved = _oversight(services).set_profile(_tenant(services), user_id, minor=body.minor, locale=body.locale or "")
    return safety.profile_view(user_id, saved)


@app.route("/safety/config", methods=["GET"])
@handles_errors
def get_safety_config() -> dict[str, object]:
    from chalicelib.http import safety

    services = get_services()
    return safety.config_view(_oversight(services).config(_tenant(services)))


@app.route("/safety/config", methods=["PUT"], content_types=["application/json"])
@handles_errors
def put_safety_config() -> dict[str, object]:
    from chalicelib.http import safety

    services = get_services()
    config = safety.parse_config(_request().raw_body)
    return safety.config_view(_oversight(services).set_config(_tenant(services), config))


@app.route("/safety/report", methods=["GET"])
@handles_errors
def safety_report() -> dict[str, object]:
    services = get_services()
    params: Mapping[str, str] = _request().query_params or {}
    return _oversight(services).report(_tenant(services), params.get("from"), params.get("to"))
