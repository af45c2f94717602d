"""Bodies of the recall routes (import and search), as pydantic models; `openapi` documents them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chalicelib.errors import InvalidInputError
from chalicelib.http import api
from chalicelib.models import DEFAULT_PERSONALITY, ImportedMessage, ImportInput, iso

MAX_IMPORT_MESSAGES = 200
MAX_SEARCH_LIMIT = 50
# 200 messages of a few thousand characters each: more than a turn's body may carry.
IMPORT_BODY_BYTES = 4 * 1024 * 1024


class ImportedMessageBody(BaseModel):
    """One message of an import: who said what, when (ISO 8601 with a zone), and the app's own id."""

    model_config = ConfigDict(strict=True, extra="forbid")

    role: Literal["user", "assistant"]
    content: str = Field(min_length=1)
    created_at: str = Field(description="ISO 8601 with a time zone, e.g. 2023-05-08T13:56:00Z")
    external_id: str | None = Field(None, pattern=api.ID_PATTERN, description="Your own id of the message")

    @field_validator("created_at")
    @classmethod
    def _zoned(cls, value: str) -> str:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("must be an ISO 8601 date and time") from None
        if moment.tzinfo is None:
            raise ValueError("must name its time zone (Z or an offset such as +02:00)")
        return iso(moment)


class ImportBody(BaseModel):
    """Body of `POST /users/{user_id}/sessions/{session_id}/import`."""

    model_config = ConfigDict(strict=True, extra="forbid")

    personality_name: str = Field(DEFAULT_PERSONALITY, pattern=api.NAME_PATTERN, max_length=api.NAME_MAX)
    messages: list[ImportedMessageBody] = Field(min_length=1, max_length=MAX_IMPORT_MESSAGES,
                                                description="Oldest first, after the session's last message")
    count_interactions: bool = Field(False, description="Move affinity as turns would (no model call either way)")


class SearchBody(BaseModel):
    """Body of `POST /users/{user_id}/memories/search`."""

    model_config = ConfigDict(strict=True, extra="forbid")

    query: str = Field(min_length=1)
    personality_name: str | None = Field(None, pattern=api.NAME_PATTERN, max_length=api.NAME_MAX)
    limit: int = Field(10, ge=1, le=MAX_SEARCH_LIMIT)


class ImportResponse(BaseModel):
    imported: int
    message_ids: list[str] = Field(description="Luminora's ids of the imported messages, in order")


class SourceView(BaseModel):
    message_id: str
    external_id: str | None = Field(description="Your id, for imported messages")


class SearchResult(BaseModel):
    kind: Literal["message", "fact", "episode", "summary"]
    text: str
    score: float
    session_id: str | None
    at: str
    sources: list[SourceView] = Field(description="The messages it comes from; a message names itself")


class SearchResponse(BaseModel):
    results: list[SearchResult] = Field(description="Best first")


def import_input(body: ImportBody, *, tenant: str, user_id: str, session_id: str, idempotency_key: str | None,
                 max_chars: int) -> ImportInput:
    """The use case's input: every message's text checked as a turn's message is."""
    messages = tuple(
        ImportedMessage(m.role, _text(f"messages.{i}.content", m.content, max_chars), m.created_at,
                        m.external_id or "")
        for i, m in enumerate(body.messages)
    )
    return ImportInput(tenant=tenant, user_id=api.check_id("user_id", user_id),
                       session_id=api.check_id("session_id", session_id), messages=messages,
                       personality_name=api.check_name("personality_name", body.personality_name),
                       count_interactions=body.count_interactions, idempotency_key=idempotency_key)


def query(body: SearchBody, max_chars: int) -> str:
    if body.personality_name is not None:
        api.check_name("personality_name", body.personality_name)
    return _text("query", body.query, max_chars)


def _text(field: str, text: str, max_chars: int) -> str:
    try:
        return api.check_message(text, max_chars)
    except InvalidInputError as exc:
        raise InvalidInputError(field, exc.problem) from None
