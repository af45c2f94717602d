"""`GET /openapi.json`: the HTTP API as an OpenAPI 3.1 document, its schemas generated from pydantic models."""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.http.api import FACT_KEY_PATTERN, ID_PATTERN, NAME_PATTERN, MessageRequest
from chalicelib.models import FACT_CATEGORIES


class _Doc(BaseModel):
    model_config = ConfigDict(extra="allow")


class UsageBody(_Doc):
    prompt_tokens: int
    completion_tokens: int
    prompt_cache_hit_tokens: int
    prompt_cache_miss_tokens: int


class TurnResponse(_Doc):
    response: str = Field(description="The personality's reply")
    safety: dict[str, Any] | None = Field(None, description=(
        "Present when a safety protocol shaped the reply: protocol (crisis_referral, ai_disclosure, break_reminder,"
        " minor_content), language, and for a crisis the resources to show ({name, phone?, text?, url?})"))
    affinity_level: str = Field(description="stranger, acquaintance, friend, close_friend or soulmate")
    affinity_points: int = Field(ge=0, le=100)
    session_id: str
    message_id: str
    mood: str
    usage: UsageBody


class RelationshipResponse(_Doc):
    affinity_level: str
    affinity_points: int
    total_interactions: int
    positive_interactions: int
    negative_interactions: int
    mood: str
    mood_intensity: float


class MessageView(_Doc):
    role: str
    content: str
    created_at: str
    message_id: str


class MessagesPage(_Doc):
    messages: list[MessageView]
    next_cursor: str | None = Field(description="Pass back as ?after= for the next page; null on the last")


class PersonalitySummary(_Doc):
    name: str
    description: str
    archetype: str
    built_in: bool


class PersonalityList(_Doc):
    personalities: list[PersonalitySummary]


class FactView(_Doc):
    category: str
    key: str
    value: str
    confidence: float
    source_message_id: str
    first_seen: str
    last_seen: str
    history: list[dict[str, Any]]


class FactList(_Doc):
    facts: list[FactView]


class EpisodeView(_Doc):
    episode_id: str
    personality: str
    type: str
    summary: str
    importance: float
    sentiment: str
    occurred_at: str


class EpisodeList(_Doc):
    episodes: list[EpisodeView]


class FollowUpView(_Doc):
    id: str
    what: str
    due: str = Field(description="The local date (in the user's time zone) the event falls due")
    source_message_id: str
    status: str = Field(description="open, asked, closed (the user told first) or cancelled")
    personality: str
    created_at: str
    updated_at: str


class FollowUpList(_Doc):
    followups: list[FollowUpView]


class Erased(_Doc):
    deleted: dict[str, int] = Field(description="Items deleted, by kind")
    total: int


class Health(_Doc):
    status: str


class ErrorBody(_Doc):
    """Every error but 401: Chalice's shape; the message starts with the field at fault."""

    Code: str
    Message: str


class UnauthorizedBody(_Doc):
    message: str = Field(description="Names the header to send the API key in")


_ERRORS = {
    "400": "Invalid input; the message names the field",
    "401": "No API key, or an unknown or revoked one",
    "404": "No such user data or personality",
    "409": "Conflicts with what is stored, or the same Idempotency-Key is still being answered (Retry-After)",
    "413": "Body over its size limit",
    "422": "Idempotency-Key reused with a different request",
    "429": "Over one of the tenant's limits: nothing stored (Retry-After and x-ratelimit-* headers)",
    "502": "DeepSeek or DynamoDB failed, or the deployment is misconfigured",
    "503": "DeepSeek overloaded or rate limited, or DynamoDB throttling (Retry-After)",
    "504": "DeepSeek did not answer in the turn's time budget",
}


def _param(name: str, where: str, pattern: str | None = None, description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if pattern:
        schema["pattern"] = pattern
    return {"name": name, "in": where, "required": where == "path", "schema": schema, "description": description}


_USER = _param("user_id", "path", ID_PATTERN, "Your end user's id")
_LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}
_AFTER = {"name": "after", "in": "query", "schema": {"type": "string", "pattern": r"^[0-9]{1,9}$"},
          "description": "next_cursor of the previous page"}


def _op(summary: str, ok: type[BaseModel] | None, *, status: str = "200", params: list[Any] | None = None,
        body: dict[str, Any] | None = None, public: bool = False, errors: tuple[str, ...] = ("400", "401")
        ) -> dict[str, Any]:
    responses: dict[str, Any] = {status: {"description": "OK"}}
    if ok is not None:
        responses[status]["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ok.__name__}"}}}
    for code in errors:
        schema = "UnauthorizedBody" if code == "401" else "ErrorBody"
        responses[code] = {"description": _ERRORS[code],
                           "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}
    operation: dict[str, Any] = {"summary": summary, "parameters": params or [], "responses": responses}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if public:
        operation["security"] = []
    return operation


def _openai(summary: str, *, params: list[Any] | None = None, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """A `/v1` operation: OpenAI's bodies, documented by OpenAI; errors in OpenAI's shape."""
    error = {"application/json": {"schema": {"type": "object", "required": ["error"],
                                             "properties": {"error": {"type": "object"}}}}}
    responses: dict[str, Any] = {"200": {"description": "OpenAI's format", "content": {
        "application/json": {"schema": {"type": "object"}}, "text/event-stream": {"schema": {"type": "string"}}}}}
    turn = ("429",) if body is not None else ()  # the chat completion is a turn, under the tenant's limits
    for code in ("400", "401", "404", "409", "413", "422", *turn, "502", "503", "504"):
        responses[code] = {"description": _ERRORS[code], "content": error}
    operation: dict[str, Any] = {"summary": summary, "parameters": params or [], "responses": responses}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return operation


def _file(summary: str, kind: str) -> dict[str, Any]:
    content = {kind: {"schema": {"type": "string"}}}
    return {"summary": summary, "security": [], "responses": {"200": {"description": "OK", "content": content}}}


_TURN_ERRORS = ("400", "401", "404", "409", "413", "422", "429", "502", "503", "504")


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document, built on first request (not at import, to keep cold starts cheap)."""
    from chalicelib.engine.personality.schema import PersonalityFile

    models: list[type[BaseModel]] = [MessageRequest, UsageBody, TurnResponse, RelationshipResponse, MessageView,
                                     MessagesPage, PersonalitySummary, PersonalityList, FactView, FactList,
                                     EpisodeView, EpisodeList, FollowUpView, FollowUpList, Erased, Health, ErrorBody,
                                     UnauthorizedBody]
    schemas: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    personality = PersonalityFile.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(personality.pop("$defs", {}))
    schemas["PersonalityFile"] = personality
    from chalicelib.http.openai import ChatCompletionRequest

    chat = ChatCompletionRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(chat.pop("$defs", {}))
    schemas["ChatCompletionRequest"] = chat
    from chalicelib.http import bodies_recall as recall

    for model in (recall.ImportBody, recall.SearchBody, recall.ImportResponse, recall.SearchResponse):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    from chalicelib.http import safety

    for model in safety.SCHEMAS:
        found = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(found.pop("$defs", {}))
        schemas[model.__name__] = found
    _drop_invalid_defaults(schemas)
    ref = {"$ref": "#/components/schemas/PersonalityFile"}
    name = _param("name", "path", NAME_PATTERN, "Personality name")
    idem = _param("Idempotency-Key", "header", ID_PATTERN, "Repeat within 24 h to get the first answer again")
    paths: dict[str, Any] = {
        "/health": {"get": _op("Liveness", Health, public=True, errors=())},
        "/openapi.json": {"get": {"summary": "This document", "security": [],
                                  "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        "/": {"get": _file("The playground page", "text/html")},
        "/playground.js": {"get": _file("The playground's script", "text/javascript")},
        "/usage-panel.js": {"get": _file("The script of the playground's usage panel", "text/javascript")},
        "/playground.css": {"get": _file("The playground's style", "text/css")},
        "/message": {"post": _op("One turn: answer the message and remember the exchange", TurnResponse,
                                 params=[idem], body={"$ref": "#/components/schemas/MessageRequest"},
                                 errors=_TURN_ERRORS)},
        "/users/{user_id}/relationships/{personality_name}": {"get": _op(
            "Where a user stands with a personality", RelationshipResponse,
            params=[_USER, _param("personality_name", "path", NAME_PATTERN)], errors=("400", "401", "404"))},
        "/users/{user_id}/sessions/{session_id}/messages": {"get": _op(
            "A session's messages, oldest first", MessagesPage,
            params=[_USER, _param("session_id", "path", ID_PATTERN), _LIMIT, _AFTER])},
        "/personalities": {"get": _op("Built-in personalities, then the tenant's own", PersonalityList)},
        "/personalities/{name}": {
            "get": {**_op("A personality's definition", None, params=[name], errors=("400", "401", "404")),
                    "responses": {"200": {"description": "LuminoraCore JSON",
                                          "content": {"application/json": {"schema": ref}}},
                                  **_op("", None, errors=("400", "401", "404"))["responses"]}},
            "put": _op("Store the tenant's own personality", PersonalitySummary, params=[name], body=ref,
                       errors=("400", "401", "409", "413")),
            "delete": _op("Delete the tenant's own personality", None, status="204", params=[name],
                          errors=("400", "401", "404", "409")),
        },
        "/users/{user_id}/facts": {"get": _op("Facts remembered about the user", FactList, params=[_USER])},
        "/users/{user_id}/facts/{category}/{key}": {"delete": _op(
            "Forget one fact", None, params=[
                _USER, {"name": "category", "in": "path", "required": True,
                        "schema": {"type": "string", "enum": list(FACT_CATEGORIES)}},
                _param("key", "path", FACT_KEY_PATTERN)], errors=("400", "401", "404"))},
        "/users/{user_id}/episodes": {"get": _op(
            "Episodes remembered with the user", EpisodeList,
            params=[_USER, _param("personality_name", "query", NAME_PATTERN)])},
        "/users/{user_id}/followups": {"get": _op("Dated events to ask the user about", FollowUpList,
                                                  params=[_USER])},
        "/users/{user_id}/followups/{followup_id}": {"delete": _op(
            "Remove one follow-up", None, params=[_USER, _param("followup_id", "path", ID_PATTERN)],
            errors=("400", "401", "404"))},
        "/webhooks/{name}": _webhook_paths(),
        "/users/{user_id}/export": {"get": _op("Everything stored about the user", None, params=[_USER])},
        "/users/{user_id}/sessions/{session_id}/import": {"post": _op(
            "Append an application's past messages to a session (no model call); analysed like turns",
            recall.ImportResponse, params=[_USER, _param("session_id", "path", ID_PATTERN), idem],
            body={"$ref": "#/components/schemas/ImportBody"}, errors=("400", "401", "404", "409", "413", "422", "502",
                                                                     "503"))},
        "/users/{user_id}/memories/search": {"post": _op(
            "Search what the user said and what is remembered: the ranking a turn's memory block uses",
            recall.SearchResponse, params=[_USER], body={"$ref": "#/components/schemas/SearchBody"},
            errors=("400", "401", "404"))},
        "/users/{user_id}": {"delete": _op("Erase everything stored about the user", Erased, params=[_USER])},
        "/v1/chat/completions": {"post": _openai(
            "One turn in OpenAI's chat-completions format (stream: true answers one text/event-stream body);"
            " the luminora extension field carries safety when a safety protocol shaped the reply",
            params=[idem], body={"$ref": "#/components/schemas/ChatCompletionRequest"})},
        "/usage": {"get": _op("The tenant's usage by UTC day, one end user's, and its limits now", None, params=[
            _param("from", "query", description="First UTC day, YYYY-MM-DD (default: 29 days before `to`)"),
            _param("to", "query", description="Last UTC day, YYYY-MM-DD (default: today)"),
            _param("user_id", "query", ID_PATTERN, "Also report this end user's days and turns this minute")])},
        "/v1/models": {"get": _openai("The personalities, as OpenAI models")},
        "/v1/models/{model_id}": {"get": _openai("One personality, as an OpenAI model",
                                                 params=[_param("model_id", "path", NAME_PATTERN)])},
        **safety.openapi_paths(_op, _USER),
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Luminora", "version": "1.0.0",
                 "description": "AI personalities that remember and relate: a serverless companion-memory API."},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"},
                "bearer": {"type": "http", "scheme": "bearer"},
            },
        },
        "security": [{"apiKey": []}, {"bearer": []}],
    }


def _drop_invalid_defaults(node: Any) -> None:
    """pydantic documents an empty-list default even where the list needs an item; such a default is
    not a valid example of its own schema, so it is left out."""
    if isinstance(node, dict):
        if node.get("default") == [] and node.get("minItems", 0) > 0:
            del node["default"]
        for value in node.values():
            _drop_invalid_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_invalid_defaults(value)


def _webhook_paths() -> dict[str, Any]:
    """PUT (answers the secret, once), GET and DELETE of one webhook endpoint."""
    from chalicelib.http.webhooks import WebhookRequest

    name = _param("name", "path", ID_PATTERN)
    body = WebhookRequest.model_json_schema()
    return {
        "put": _op("Register or replace a webhook endpoint; the answer holds its signing secret, shown once",
                   None, params=[name], body=body, errors=("400", "401")),
        "get": _op("A webhook endpoint, without its secret", None, params=[name], errors=("400", "401", "404")),
        "delete": _op("Remove a webhook endpoint", None, params=[name], errors=("400", "401", "404")),
    }
