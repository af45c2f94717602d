"""Luminora's HTTP API and background functions: thin Chalice handlers over the services of `chalicelib`.

Routes of a few lines each live here and, grouped by subject, in the blueprints of `chalicelib.http.routes`;
the services are built on first use by `chalicelib.http.container`.
"""

from __future__ import annotations

import logging
from typing import Any

from chalice.app import Chalice, CloudWatchEvent, Cron, DynamoDBEvent, Response

from chalicelib.clock import deadline_for
from chalicelib.config import analysis_stream_arn, webhook_queue_name
from chalicelib.dynamodb.stream import inserted_sessions
from chalicelib.errors import AnalysisIncompleteError
from chalicelib.http import api, middleware, paths, ratelimits, routing
from chalicelib.http.container import get_maintenance, get_telemetry
from chalicelib.http.container import get_services as get_services
from chalicelib.http.container import set_maintenance as set_maintenance
from chalicelib.http.container import set_services as set_services
from chalicelib.http.container import set_telemetry as set_telemetry
from chalicelib.http.routes import memory, playground, recall, safety, tenant, v1
from chalicelib.models import TurnInput
from chalicelib.usecases import nightly as nightly_run

app = Chalice(app_name="luminora")
app.log.setLevel(logging.INFO)
routing.bind(app)
app.register_middleware(middleware.observing(get_telemetry, routing.lambda_context), "all")
app.register_middleware(middleware.authenticating(lambda key: get_services().access.tenant_of(key), get_telemetry),
                        "http")
app.register_middleware(paths.decode_path_parameters, "http")  # every route sees decoded path parameters
for group in (memory, v1, tenant, safety, playground, recall):
    app.register_blueprint(group.routes)
# Time kept back by a background function, to log what failed before its own timeout.
_MARGIN_S = 1.5
_NIGHTLY_MARGIN_S = 10.0


@app.route("/health", methods=["GET"])
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.route("/openapi.json", methods=["GET"])
def openapi() -> dict[str, Any]:
    from chalicelib.http.openapi import document

    return document()


@app.route("/message", methods=["POST"], content_types=["application/json"])
@routing.handles_errors
def post_message() -> Response | dict[str, Any]:
    services = get_services()
    body = api.parse_message(routing.request().raw_body, max_chars=services.settings.max_message_chars)
    turn = TurnInput(
        tenant=routing.tenant(),
        user_id=body.user_id,
        session_id=body.session_id,
        message=body.message,
        personality_name=body.personality_name,
        idempotency_key=routing.idempotency_key(),
        locale=routing.locale(),
    )
    result = services.conversation.take_turn(turn, deadline=routing.turn_deadline(services))
    return ratelimits.with_limits(result.as_dict(), result.rate_limits)


@app.route("/personalities", methods=["GET"])
@routing.handles_errors
def list_personalities() -> dict[str, object]:
    return {"personalities": [p.summary() for p in get_services().catalog.all(routing.tenant())]}


@app.route("/personalities/{name}", methods=["GET"])
@routing.handles_errors
def get_personality(name: str) -> dict[str, object]:
    return get_services().catalog.get(routing.tenant(), api.check_name("name", name)).definition.as_json()


@app.route("/personalities/{name}", methods=["PUT"], content_types=["application/json"])
@routing.handles_errors
def put_personality(name: str) -> dict[str, object]:
    body = api.check_json(routing.request().raw_body)
    return get_services().catalog.save(routing.tenant(), api.check_name("name", name), body).summary()


@app.route("/personalities/{name}", methods=["DELETE"])
@routing.handles_errors
def delete_personality(name: str) -> Response:
    get_services().catalog.delete(routing.tenant(), api.check_name("name", name))
    return Response(body="", status_code=204)


@app.schedule(Cron(0, 3, "*", "*", "?", "*"), name="nightly")
def nightly(event: CloudWatchEvent) -> dict[str, object]:
    """Sweep expired sessions, summarize idle ones, catch up pending analyses; errors propagate."""
    services = get_services()
    deadline = deadline_for(services.clock, routing.lambda_context(), margin=_NIGHTLY_MARGIN_S, fallback=600.0)
    from chalicelib.usecases.events import announcer

    announce = announcer(services.store, services.webhooks, lambda: services.clock.now().date())
    return nightly_run.run(get_maintenance(), services.memory, deadline=deadline, count=get_telemetry().count,
                           announce=announce)


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


@app.on_sqs_message(queue=webhook_queue_name(), batch_size=1, name="webhooks")
def deliver_webhooks(event: Any) -> None:
    """Deliver queued webhook events; an error leaves the message for SQS to retry, then dead-letter."""
    hooks = tenant.webhooks()
    for record in event:
        hooks.deliver(record.body)
