"""A tenant's own routes: its usage, and the webhook endpoints its events go to."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from chalicelib.http import api, container, routing

routes = Blueprint(__name__)


@routes.route("/usage", methods=["GET"])
@routing.handles_errors
def get_usage() -> dict[str, object]:
    from chalicelib.bootstrap import quota_of
    from chalicelib.usecases import usage
    from chalicelib.usecases.allowance import allowance

    services = container.get_services()
    raw_user = routing.query().get("user_id")
    user_id = api.check_id("user_id", raw_user) if raw_user is not None else None
    first, last = usage.period(routing.query(), services.clock)
    body = usage.report(services.usage, routing.tenant(), first, last, user_id)
    limits = allowance(services.usage, quota_of(services.settings), routing.tenant(), user_id, services.clock.now())
    return {**body, "limits": limits}


def webhooks() -> Any:
    """The webhook service (404 on a deployment without a table to keep endpoints in)."""
    from chalicelib.http import webhooks as hooks

    return hooks.enabled(container.get_services().webhooks)


@routes.route("/webhooks/{name}", methods=["PUT"], content_types=["application/json"])
@routing.handles_errors
def put_webhook(name: str) -> dict[str, object]:
    from chalicelib.http import webhooks as hooks

    body = api.parse_body(routing.request().raw_body, hooks.WebhookRequest)
    hook, secret = webhooks().register(routing.tenant(), api.check_id("name", name), body.url, body.events)
    return {**hooks.view(hook), "secret": secret}  # shown this once: only a nonce is stored


@routes.route("/webhooks/{name}", methods=["GET"])
@routing.handles_errors
def get_webhook(name: str) -> dict[str, object]:
    from chalicelib.http import webhooks as hooks

    return hooks.view(webhooks().get(routing.tenant(), api.check_id("name", name)))


@routes.route("/webhooks/{name}", methods=["DELETE"])
@routing.handles_errors
def delete_webhook(name: str) -> dict[str, object]:
    webhooks().delete(routing.tenant(), api.check_id("name", name))
    return {"deleted": {"name": name}}

