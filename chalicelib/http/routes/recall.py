"""Routes of recall: import an app's past messages, and search what a user said and what is remembered.

Their bodies are pydantic models, imported when first used (a turn's cold start does not load pydantic).
"""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.http import api, container, routing

routes = Blueprint(__name__)


@routes.route("/users/{user_id}/sessions/{session_id}/import", methods=["POST"], content_types=["application/json"])
@routing.handles_errors
def import_session(user_id: str, session_id: str) -> dict[str, object]:
    from chalicelib.http import bodies_recall

    services = container.get_services()
    body = api.parse_body(routing.request().raw_body, bodies_recall.ImportBody, bodies_recall.IMPORT_BODY_BYTES)
    wanted = bodies_recall.import_input(body, tenant=routing.tenant(), user_id=user_id, session_id=session_id,
                                        idempotency_key=routing.idempotency_key(),
                                        max_chars=services.settings.max_message_chars)
    assert services.importer is not None, "the store keeps a recall index"
    return services.importer.import_session(wanted, deadline=routing.turn_deadline(services)).as_dict()


@routes.route("/users/{user_id}/memories/search", methods=["POST"], content_types=["application/json"])
@routing.handles_errors
def search_memories(user_id: str) -> dict[str, object]:
    from chalicelib.http import bodies_recall, recall_views

    services = container.get_services()
    body = api.parse_body(routing.request().raw_body, bodies_recall.SearchBody)
    question = bodies_recall.query(body, services.settings.max_message_chars)
    assert services.recall is not None, "the store keeps a recall index"
    hits = services.recall.search(routing.tenant(), api.check_id("user_id", user_id), question,
                                  body.personality_name, body.limit)
    return recall_views.search_view(hits)
