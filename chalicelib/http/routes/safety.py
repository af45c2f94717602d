"""A user's profile (minor, locale), the tenant's crisis lines, and the count of protocols fired."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.http import api, container, routing

if TYPE_CHECKING:
    from chalicelib.usecases.oversight import Oversight

routes = Blueprint(__name__)


def _oversight() -> Oversight:
    oversight = container.get_services().oversight
    assert oversight is not None, "build_services wires it"
    return oversight


@routes.route("/users/{user_id}/profile", methods=["GET"])
@routing.handles_errors
def get_profile(user_id: str) -> dict[str, object]:
    from chalicelib.http import safety

    user_id = api.check_id("user_id", user_id)
    return safety.profile_view(user_id, _oversight().profile(routing.tenant(), user_id))


@routes.route("/users/{user_id}/profile", methods=["PUT"], content_types=["application/json"])
@routing.handles_errors
def put_profile(user_id: str) -> dict[str, object]:
    from chalicelib.http import safety

    user_id = api.check_id("user_id", user_id)
    body = safety.parse_model(routing.request().raw_body, safety.ProfileBody)
    return safety.profile_view(user_id, _oversight().set_profile(routing.tenant(), user_id, minor=body.minor,
                                                                 locale=body.locale or "",
                                                                 timezone=body.timezone or ""))


@routes.route("/safety/config", methods=["GET"])
@routing.handles_errors
def get_safety_config() -> dict[str, object]:
    from chalicelib.http import safety

    return safety.config_view(_oversight().config(routing.tenant()))


@routes.route("/safety/config", methods=["PUT"], content_types=["application/json"])
@routing.handles_errors
def put_safety_config() -> dict[str, object]:
    from chalicelib.http import safety

    config = safety.parse_config(routing.request().raw_body)
    return safety.config_view(_oversight().set_config(routing.tenant(), config))


@routes.route("/safety/report", methods=["GET"])
@routing.handles_errors
def safety_report() -> dict[str, object]:
    return _oversight().report(routing.tenant(), routing.query().get("from"), routing.query().get("to"))

