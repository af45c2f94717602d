"""The OpenAI protocol: `chalicelib.http.openai` is imported when first used (its models cost ~20 ms)."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint, Response

from chalicelib.http import api, container, ratelimits, routing

routes = Blueprint(__name__)


@routes.route("/v1/chat/completions", methods=["POST"], content_types=["application/json"])
@routing.handles_openai_errors
def chat_completions() -> Response | dict[str, Any]:
    from chalicelib.http import openai

    services = container.get_services()
    body = api.parse_body(routing.request().raw_body, openai.ChatCompletionRequest)
    turn = openai.turn_input(body, tenant=routing.tenant(), idempotency_key=routing.idempotency_key(),
                             max_chars=services.settings.max_message_chars, headers=routing.request().headers)
    turn = turn._replace(locale=routing.locale())
    result = services.conversation.take_turn(turn, deadline=routing.turn_deadline(services))
    model, created = openai.answered_by(result, turn, services.clock.now())  # a replay's, as first answered
    return ratelimits.with_limits(openai.answer(body, result, model=model, created=created), result.rate_limits)


@routes.route("/v1/models", methods=["GET"])
@routing.handles_openai_errors
def list_models() -> dict[str, object]:
    from chalicelib.http import openai

    return openai.model_list([openai.model_entry(p.name, built_in=p.built_in, tenant=routing.tenant())
                              for p in container.get_services().catalog.all(routing.tenant())])


@routes.route("/v1/models/{model_id}", methods=["GET"])
@routing.handles_openai_errors
def get_model(model_id: str) -> dict[str, object]:
    from chalicelib.http import openai

    found = container.get_services().catalog.get(routing.tenant(), openai.check_model(model_id))
    return openai.model_entry(found.name, built_in=found.built_in, tenant=routing.tenant())

