"""Luminora's HTTP API: thin Chalice routes over the services built in `chalicelib.bootstrap`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from chalice.app import Chalice, CloudWatchEvent, Cron, DynamoDBEvent, Request, Response

from chalicelib.aws.telemetry import Telemetry
from chalicelib.bootstrap import Services, build_maintenance, build_services, collector_paused
from chalicelib.clock import deadline_for
from chalicelib.config import analysis_stream_arn, load_settings, webhook_queue_name
from chalicelib.dynamodb.stream import inserted_sessions
from chalicelib.errors import AnalysisIncompleteError, NotFoundError
from chalicelib.http import api, middleware, paths, playground
from chalicelib.http.errors import translating
from chalicelib.models import TurnInput
from chalicelib.usecases import nightly as nightly_run
from chalicelib.usecases import relationships

# The webhook queue (infra/operations.json makes it, with its dead-letter queue).

if TYPE_CHECKING:  # the nightly job's module is imported by the container that runs it, not by the API's
    from chalicelib.usecases.maintenance import Maintenance
    from chalicelib.usecases.oversight import Oversight

app = Chalice(app_name="luminora")
app.log.setLevel(logging.INFO)

_services: Services | None = None
_BUILDING = threading.Lock()
_maintenance: Maintenance | None = None
_telemetry: Telemetry | None = None
# Time kept back from the Lambda's remaining time: to answer before API Gateway's 29 s cut, or for a
# background function to log what failed before its own timeout.
_MARGIN_S = 1.5
_NIGHTLY_MARGIN_S = 10.0


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


def set_services(services: Services | None) -> None:
    """Replace the services (tests wire fakes or moto-backed adapters here)."""
    global _services
    _services = services


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


def get_maintenance() -> Maintenance:
    """The nightly job's service, built on first use from the same clients as the routes' services."""
    global _maintenance
    if _maintenance is None:
        services = get_services()  # the nightly run needs them too, for pending analyses
        _maintenance = build_maintenance(services.settings, dynamodb_client=services.dynamodb_client,
                                         chat_model=services.chat_model, clock=services.clock)
    return _maintenance


def set_maintenance(maintenance: Maintenance | None) -> None:
    global _maintenance
    _maintenance = maintenance


def _lambda_context() -> Any:
    return getattr(app, "lambda_context", None)


def _request_id() -> str:
    return middleware.request_id(app.current_request, _lambda_context())


app.register_middleware(middleware.observing(get_telemetry, _lambda_context), "all")
app.register_middleware(middleware.authenticating(lambda key: get_services().access.tenant_of(key), get_telemetry),
                        "http")
app.register_middleware(paths.decode_path_parameters, "http")  # every route sees decoded path parameters
handles_errors = translating("chalice", _request_id)
handles_openai_errors = translating("openai", _request_id)


def _request() -> Request:
    request = app.current_request
    assert request is not None, "only called while Chalice serves a request"
    return request


def _tenant() -> str:
    return middleware.tenant_of(_request())


def _query() -> Mapping[str, str]:
    return _request().query_params or {}


def _turn_deadline(services: Services) -> float:
    return deadline_for(services.clock, _lambda_context(), margin=_MARGIN_S,
                        fallback=services.settings.turn_budget_seconds, budget=services.settings.turn_budget_seconds)


def _idempotency_key() -> str | None:
    raw = _request().headers.get("idempotency-key")
    return api.check_id("Idempotency-Key", raw) if raw is not None else None


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
    body = api.parse_message(_request().raw_body, max_chars=services.settings.max_message_chars)
    turn = TurnInput(
        tenant=_tenant(),
        user_id=body.user_id,
        session_id=body.session_id,
        message=body.message,
        personality_name=body.personality_name,
        idempotency_key=_idempotency_key(),
        locale=_locale(),
    )
    return services.conversation.take_turn(turn, deadline=_turn_deadline(services)).as_dict()


@app.route("/users/{user_id}/relationships/{personality_name}", methods=["GET"])
@handles_errors
def get_relationship(user_id: str, personality_name: str) -> dict[str, object]:
    services = get_services()
    found = relationships.current(
        services.store, services.catalog, services.clock, tenant=_tenant(), user_id=api.check_id("user_id", user_id),
        personality_name=api.check_name("personality_name", personality_name),
        half_life_hours=services.settings.mood_half_life_hours,
    )
    return api.relationship_view(found)


@app.route("/users/{user_id}/sessions/{session_id}/messages", methods=["GET"])
@handles_errors
def list_messages(user_id: str, session_id: str) -> dict[str, object]:
    services = get_services()
    messages, cursor = services.store.list_messages(
        _tenant(), api.check_id("user_id", user_id), api.check_id("session_id", session_id),
        api.check_cursor(_query().get("after")), api.check_limit(_query().get("limit"), services.settings.page_size),
    )
    return api.message_page(messages, cursor)


@app.route("/personalities", methods=["GET"])
@handles_errors
def list_personalities() -> dict[str, object]:
    return {"personalities": [p.summary() for p in get_services().catalog.all(_tenant())]}


@app.route("/personalities/{name}", methods=["GET"])
@handles_errors
def get_personality(name: str) -> dict[str, object]:
    return get_services().catalog.get(_tenant(), api.check_name("name", name)).definition.as_json()


@app.route("/personalities/{name}", methods=["PUT"], content_types=["application/json"])
@handles_errors
def put_personality(name: str) -> dict[str, object]:
    catalog = get_services().catalog
    return catalog.save(_tenant(), api.check_name("name", name), api.check_json(_request().raw_body)).summary()


@app.route("/personalities/{name}", methods=["DELETE"])
@handles_errors
def delete_personality(name: str) -> Response:
    get_services().catalog.delete(_tenant(), api.check_name("name", name))
    return Response(body="", status_code=204)


@app.schedule(Cron(0, 3, "*", "*", "?", "*"), name="nightly")
def nightly(event: CloudWatchEvent) -> dict[str, object]:
    """Sweep expired sessions, summarize idle ones, catch up pending analyses; errors propagate."""
    services = get_services()
    deadline = deadline_for(services.clock, _lambda_context(), margin=_NIGHTLY_MARGIN_S, fallback=600.0)
    from chalicelib.usecases.events import announcer

    announce = announcer(services.store, services.webhooks, lambda: services.clock.now().date())
    return nightly_run.run(get_maintenance(), services.memory, deadline=deadline, count=get_telemetry().count,
                           announce=announce)


# -- memory ---------------------------------------------------------------------------------------


@app.route("/users/{user_id}/facts", methods=["GET"])
@handles_errors
def list_facts(user_id: str) -> dict[str, object]:
    facts = get_services().memory.facts(_tenant(), api.check_id("user_id", user_id))
    return {"facts": [api.fact_view(f) for f in facts]}


@app.route("/users/{user_id}/facts/{category}/{key}", methods=["DELETE"])
@handles_errors
def delete_fact(user_id: str, category: str, key: str) -> dict[str, object]:
    user_id = api.check_id("user_id", user_id)
    category, key = api.check_category(category), api.check_fact_key(key)
    if not get_services().memory.forget_fact(_tenant(), user_id, category, key):
        raise NotFoundError(f"no fact {category}/{key} is stored for user {user_id!r}")
    return {"deleted": {"category": category, "key": key}}


@app.route("/users/{user_id}/episodes", methods=["GET"])
@handles_errors
def list_episodes(user_id: str) -> dict[str, object]:
    raw = _query().get("personality_name")
    personality = api.check_name("personality_name", raw) if raw is not None else None
    episodes = get_services().memory.episodes(_tenant(), api.check_id("user_id", user_id), personality)
    return {"episodes": [api.episode_view(e) for e in episodes]}


@app.route("/users/{user_id}/export", methods=["GET"])
@handles_errors
def export_user(user_id: str) -> dict[str, object]:
    services = get_services()
    user_id = api.check_id("user_id", user_id)
    after = api.check_export_cursor(_query().get("after"))
    data, last = services.memory.export_page(_tenant(), user_id, after, services.settings.export_page_bytes)
    return api.export_view(user_id, data, api.export_cursor(last), services.clock.now().timestamp())


@app.route("/users/{user_id}", methods=["DELETE"])
@handles_errors
def erase_user(user_id: str) -> dict[str, object]:
    deleted = get_services().memory.erase(_tenant(), api.check_id("user_id", user_id))
    return {"deleted": deleted, "total": sum(deleted.values())}


@app.on_dynamodb_record(
    stream_arn=analysis_stream_arn(),  # the stack's own table in the packaged template (infra/operations.json)
    batch_size=50,
    maximum_batching_window_in_seconds=5,
    starting_position="TRIM_HORIZON",  # from the stream's first record: no turn is missed
    name="analyze",
)
def analyze(event: DynamoDBEvent) -> dict[str, int]:
    """Deep analysis of each session with new messages in this batch of the table's stream, once per session.

    Errors propagate: Lambda retries the batch, halving it, and after its last attempt notes it in the
    failure queue; the sessions stay pending for the nightly catch-up meanwhile.
    """
    services, telemetry = get_services(), get_telemetry()
    sessions = inserted_sessions(event.to_dict().get("Records", []))
    # The model calls end before the function's own timeout, leaving time to log what failed.
    deadline = deadline_for(services.clock, event.context, margin=_MARGIN_S, fallback=60.0)
    report = services.memory.analyze_sessions(sessions, deadline=deadline)
    telemetry.count("AnalysesSucceeded", report.sessions)
    telemetry.count("AnalysesFailed", report.failed)
    telemetry.count("MessagesAnalyzed", report.messages)
    if report.failed or report.left:
        raise AnalysisIncompleteError(f"of {len(sessions)} sessions, {report.failed} failed and {report.left} "
                                      "were left for lack of time; they stay pending")
    return {"sessions_analyzed": report.sessions, "messages_analyzed": report.messages}


@app.lambda_function(name="catch-up")
def catch_up(event: dict[str, Any], context: Any) -> dict[str, int]:
    """The nightly catch-up of pending analyses, on demand: ``{"limit": N}`` sessions at most."""
    services = get_services()
    deadline = deadline_for(services.clock, context, margin=_NIGHTLY_MARGIN_S, fallback=600.0)
    limit = int(event.get("limit", nightly_run.NIGHTLY_ANALYSES))
    return nightly_run.catch_up(services.memory, limit, deadline=deadline, count=get_telemetry().count)


# -- playground: the page and its two files need no key; the page sends one with its API calls -----


@app.route("/", methods=["GET"])
def playground_page() -> Response:
    return playground.response("index.html")


@app.route("/playground.js", methods=["GET"])
def playground_script() -> Response:
    return playground.response("playground.js")


@app.route("/playground.css", methods=["GET"])
def playground_style() -> Response:
    return playground.response("playground.css")


# -- OpenAI protocol: `chalicelib.http.openai` is imported when first used (its models cost ~20 ms) ---


@app.route("/v1/chat/completions", methods=["POST"], content_types=["application/json"])
@handles_openai_errors
def chat_completions() -> Response | dict[str, object]:
    from chalicelib.http import openai

    services = get_services()
    body = api.parse_body(_request().raw_body, openai.ChatCompletionRequest)
    turn = openai.turn_input(body, tenant=_tenant(), idempotency_key=_idempotency_key(),
                             max_chars=services.settings.max_message_chars, headers=_request().headers)
    result = services.conversation.take_turn(turn._replace(locale=_locale()), deadline=_turn_deadline(services))
    model, created = openai.answered_by(result, turn, services.clock.now())  # a replay's, as first answered
    return openai.answer(body, result, model=model, created=created)


@app.route("/v1/models", methods=["GET"])
@handles_openai_errors
def list_models() -> dict[str, object]:
    from chalicelib.http import openai

    return openai.model_list([openai.model_entry(p.name, built_in=p.built_in, tenant=_tenant())
                              for p in get_services().catalog.all(_tenant())])


@app.route("/v1/models/{model_id}", methods=["GET"])
@handles_openai_errors
def get_model(model_id: str) -> dict[str, object]:
    from chalicelib.http import openai

    found = get_services().catalog.get(_tenant(), openai.check_model(model_id))
    return openai.model_entry(found.name, built_in=found.built_in, tenant=_tenant())


# -- usage and limits ------------------------------------------------------------------------------


@app.route("/usage", methods=["GET"])
@handles_errors
def get_usage() -> dict[str, object]:
    from chalicelib.usecases import usage

    services = get_services()
    raw_user = _query().get("user_id")
    first, last = usage.period(_query(), services.clock)
    return usage.report(services.usage, _tenant(), first, last,
                        api.check_id("user_id", raw_user) if raw_user is not None else None)


# -- follow-ups -----------------------------------------------------------------------------------


@app.route("/users/{user_id}/followups", methods=["GET"])
@handles_errors
def list_followups(user_id: str) -> dict[str, object]:
    found = get_services().memory.followups(_tenant(), api.check_id("user_id", user_id))
    return {"followups": [api.followup_view(f) for f in found]}


@app.route("/users/{user_id}/followups/{followup_id}", methods=["DELETE"])
@handles_errors
def delete_followup(user_id: str, followup_id: str) -> dict[str, object]:
    user_id, followup_id = api.check_id("user_id", user_id), api.check_id("followup_id", followup_id)
    if not get_services().memory.forget_followup(_tenant(), user_id, followup_id):
        raise NotFoundError(f"no follow-up {followup_id!r} is stored for user {user_id!r}")
    return {"deleted": {"id": followup_id}}


# -- webhooks -------------------------------------------------------------------------------------


def _webhooks() -> Any:
    from chalicelib.http import webhooks as hooks

    return hooks.enabled(get_services().webhooks)


@app.route("/webhooks/{name}", methods=["PUT"], content_types=["application/json"])
@handles_errors
def put_webhook(name: str) -> dict[str, object]:
    from chalicelib.http import webhooks as hooks

    body = api.parse_body(_request().raw_body, hooks.WebhookRequest)
    hook, secret = _webhooks().register(_tenant(), api.check_id("name", name), body.url, body.events)
    return {**hooks.view(hook), "secret": secret}  # shown this once: only a nonce is stored


@app.route("/webhooks/{name}", methods=["GET"])
@handles_errors
def get_webhook(name: str) -> dict[str, object]:
    from chalicelib.http import webhooks as hooks

    return hooks.view(_webhooks().get(_tenant(), api.check_id("name", name)))


@app.route("/webhooks/{name}", methods=["DELETE"])
@handles_errors
def delete_webhook(name: str) -> dict[str, object]:
    _webhooks().delete(_tenant(), api.check_id("name", name))
    return {"deleted": {"name": name}}


@app.on_sqs_message(queue=webhook_queue_name(), batch_size=1, name="webhooks")
def deliver_webhooks(event: Any) -> None:
    """Deliver queued webhook events; an error leaves the message for SQS to retry, then dead-letter."""
    hooks = _webhooks()
    for record in event:
        hooks.deliver(record.body)


# -- safety: a user's profile (minor, locale), the tenant's crisis lines, the count of protocols fired ---


def _locale() -> str:
    from chalicelib.engine.safety.resources import first_accepted

    return first_accepted(_request().headers.get("accept-language"))


def _oversight() -> Oversight:
    oversight = get_services().oversight
    assert oversight is not None, "build_services wires it"
    return oversight


@app.route("/users/{user_id}/profile", methods=["GET"])
@handles_errors
def get_profile(user_id: str) -> dict[str, object]:
    from chalicelib.http import safety

    user_id = api.check_id("user_id", user_id)
    return safety.profile_view(user_id, _oversight().profile(_tenant(), user_id))


@app.route("/users/{user_id}/profile", methods=["PUT"], content_types=["application/json"])
@handles_errors
def put_profile(user_id: str) -> dict[str, object]:
    from chalicelib.http import safety

    user_id = api.check_id("user_id", user_id)
    body = safety.parse_model(_request().raw_body, safety.ProfileBody)
    return safety.profile_view(user_id, _oversight().set_profile(_tenant(), user_id, minor=body.minor,
                                                                 locale=body.locale or ""))


@app.route("/safety/config", methods=["GET"])
@handles_errors
def get_safety_config() -> dict[str, object]:
    from chalicelib.http import safety

    return safety.config_view(_oversight().config(_tenant()))


@app.route("/safety/config", methods=["PUT"], content_types=["application/json"])
@handles_errors
def put_safety_config() -> dict[str, object]:
    from chalicelib.http import safety

    return safety.config_view(_oversight().set_config(_tenant(), safety.parse_config(_request().raw_body)))


@app.route("/safety/report", methods=["GET"])
@handles_errors
def safety_report() -> dict[str, object]:
    return _oversight().report(_tenant(), _query().get("from"), _query().get("to"))


# -- recall ---------------------------------------------------------------------------------------
# Their bodies are pydantic models, imported when first used (a turn's cold start does not load pydantic).


@app.route("/users/{user_id}/sessions/{session_id}/import", methods=["POST"], content_types=["application/json"])
@handles_errors
def import_session(user_id: str, session_id: str) -> dict[str, object]:
    from chalicelib.http import bodies_recall

    services = get_services()
    body = api.parse_body(_request().raw_body, bodies_recall.ImportBody, bodies_recall.IMPORT_BODY_BYTES)
    wanted = bodies_recall.import_input(body, tenant=_tenant(), user_id=user_id, session_id=session_id,
                                        idempotency_key=_idempotency_key(),
                                        max_chars=services.settings.max_message_chars)
    assert services.importer is not None, "the store keeps a recall index"
    return services.importer.import_session(wanted, deadline=_turn_deadline(services)).as_dict()


@app.route("/users/{user_id}/memories/search", methods=["POST"], content_types=["application/json"])
@handles_errors
def search_memories(user_id: str) -> dict[str, object]:
    from chalicelib.http import bodies_recall, recall_views

    services = get_services()
    body = api.parse_body(_request().raw_body, bodies_recall.SearchBody)
    question = bodies_recall.query(body, services.settings.max_message_chars)
    assert services.recall is not None, "the store keeps a recall index"
    hits = services.recall.search(_tenant(), api.check_id("user_id", user_id), question, body.personality_name,
                                  body.limit)
    return recall_views.search_view(hits)
