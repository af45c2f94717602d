"""Routes of what is stored about a user: relationships, messages, facts, episodes, follow-ups, export, erase."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.errors import NotFoundError
from chalicelib.http import api, container, routing
from chalicelib.usecases import relationships

routes = Blueprint(__name__)


@routes.route("/users/{user_id}/relationships/{personality_name}", methods=["GET"])
@routing.handles_errors
def get_relationship(user_id: str, personality_name: str) -> dict[str, object]:
    services = container.get_services()
    found = relationships.current(
        services.store, services.catalog, services.clock, tenant=routing.tenant(),
        user_id=api.check_id("user_id", user_id),
        personality_name=api.check_name("personality_name", personality_name),
        half_life_hours=services.settings.mood_half_life_hours,
    )
    return api.relationship_view(found)


@routes.route("/users/{user_id}/sessions/{session_id}/messages", methods=["GET"])
@routing.handles_errors
def list_messages(user_id: str, session_id: str) -> dict[str, object]:
    services = container.get_services()
    messages, cursor = services.store.list_messages(
        routing.tenant(), api.check_id("user_id", user_id), api.check_id("session_id", session_id),
        api.check_cursor(routing.query().get("after")),
        api.check_limit(routing.query().get("limit"), services.settings.page_size),
    )
    return api.message_page(messages, cursor)



@routes.route("/users/{user_id}/facts", methods=["GET"])
@routing.handles_errors
def list_facts(user_id: str) -> dict[str, object]:
    facts = container.get_services().memory.facts(routing.tenant(), api.check_id("user_id", user_id))
    return {"facts": [api.fact_view(f) for f in facts]}


@routes.route("/users/{user_id}/facts/{category}/{key}", methods=["DELETE"])
@routing.handles_errors
def delete_fact(user_id: str, category: str, key: str) -> dict[str, object]:
    user_id = api.check_id("user_id", user_id)
    category, key = api.check_category(category), api.check_fact_key(key)
    if not container.get_services().memory.forget_fact(routing.tenant(), user_id, category, key):
        raise NotFoundError(f"no fact {category}/{key} is stored for user {user_id!r}")
    return {"deleted": {"category": category, "key": key}}


@routes.route("/users/{user_id}/episodes", methods=["GET"])
@routing.handles_errors
def list_episodes(user_id: str) -> dict[str, object]:
    raw = routing.query().get("personality_name")
    personality = api.check_name("personality_name", raw) if raw is not None else None
    episodes = container.get_services().memory.episodes(routing.tenant(), api.check_id("user_id", user_id), personality)
    return {"episodes": [api.episode_view(e) for e in episodes]}


@routes.route("/users/{user_id}/export", methods=["GET"])
@routing.handles_errors
def export_user(user_id: str) -> dict[str, object]:
    services = container.get_services()
    user_id = api.check_id("user_id", user_id)
    after = api.check_export_cursor(routing.query().get("after"))
    data, last = services.memory.export_page(routing.tenant(), user_id, after, services.settings.export_page_bytes)
    return api.export_view(user_id, data, api.export_cursor(last), services.clock.now().timestamp())


@routes.route("/users/{user_id}", methods=["DELETE"])
@routing.handles_errors
def erase_user(user_id: str) -> dict[str, object]:
    deleted = container.get_services().memory.erase(routing.tenant(), api.check_id("user_id", user_id))
    return {"deleted": deleted, "total": sum(deleted.values())}



@routes.route("/users/{user_id}/followups", methods=["GET"])
@routing.handles_errors
def list_followups(user_id: str) -> dict[str, object]:
    found = container.get_services().memory.followups(routing.tenant(), api.check_id("user_id", user_id))
    return {"followups": [api.followup_view(f) for f in found]}


@routes.route("/users/{user_id}/followups/{followup_id}", methods=["DELETE"])
@routing.handles_errors
def delete_followup(user_id: str, followup_id: str) -> dict[str, object]:
    user_id, followup_id = api.check_id("user_id", user_id), api.check_id("followup_id", followup_id)
    if not container.get_services().memory.forget_followup(routing.tenant(), user_id, followup_id):
        raise NotFoundError(f"no follow-up {followup_id!r} is stored for user {user_id!r}")
    return {"deleted": {"id": followup_id}}

