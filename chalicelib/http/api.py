"""Wire models of the HTTP API: parsing and validating what clients send."""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.engine.validation import invalid_input
from chalicelib.errors import InvalidInputError, TooLargeError
from chalicelib.models import (
    DEFAULT_PERSONALITY,
    FACT_CATEGORIES,
    Episode,
    Fact,
    FollowUp,
    Message,
    MoodEntry,
    Relationship,
    Session,
    UserData,
    UserProfile,
)

ID_PATTERN = r"^[A-Za-z0-9_.:@-]{1,128}$"
# Letters and digits of any script, single spaces between words, and . : @ ' ’ - _ (never # or /).
NAME_PATTERN = r"^[\w.:@'’-]+(?: [\w.:@'’-]+)*$"
NAME_MAX = 64

FACT_KEY_PATTERN = r"^[a-z0-9_]{1,64}$"

_ID = re.compile(ID_PATTERN)
_FACT_KEY = re.compile(FACT_KEY_PATTERN)
_NAME = re.compile(NAME_PATTERN)

Model = TypeVar("Model", bound=BaseModel)

# Largest request body accepted; a turn's message is far smaller, a personality file a few KB.
MAX_BODY_BYTES = 64 * 1024
_CONTROL = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_STRIPPED = dict.fromkeys(_CONTROL + _BIDI)
_INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])


def presented_key(headers: Mapping[str, str] | None) -> str | None:
    """The API key from ``x-api-key``, else from ``Authorization: Bearer <key>``."""
    if not headers:
        return None
    key = (headers.get("x-api-key") or "").strip()
    if key:
        return key
    scheme, _, token = (headers.get("authorization") or "").strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def check_size(raw: str | bytes | None, limit: int = MAX_BODY_BYTES) -> bytes:
    """A raw body within ``limit`` bytes; `TooLargeError` (413) names the limit."""
    data = raw.encode() if isinstance(raw, str) else (raw or b"")
    if len(data) > limit:
        raise TooLargeError("body", f"must be at most {limit} bytes, got {len(data)}")
    return data


def check_json(raw: str | bytes | None, limit: int = MAX_BODY_BYTES) -> bytes:
    """A raw body that `json_object` accepts, as it came, for a route whose own parser reads it."""
    data = check_size(raw, limit)
    json_object(data, limit)
    return data


def parse_body(raw: str | bytes | None, model: type[Model], limit: int = MAX_BODY_BYTES,
               context: dict[str, Any] | None = None) -> Model:
    """Decode a JSON object body into the pydantic ``model``; `InvalidInputError` names the bad field."""
    data = json_object(raw, limit)
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise invalid_input(exc) from None


def json_object(raw: str | bytes | None, limit: int = MAX_BODY_BYTES) -> dict[str, Any]:
    """A body that is one JSON object within ``limit`` bytes; else `InvalidInputError` or `TooLargeError`."""
    if not raw:
        raise InvalidInputError("body", "a JSON object is required")
    if len(raw) > limit:
        raise TooLargeError("body", f"must be at most {limit} bytes, got {len(raw)}")
    try:
        data: Any = json.loads(raw, object_pairs_hook=_unique_keys)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInputError("body", "is not valid JSON") from None
    except RecursionError:
        raise InvalidInputError("body", "is nested too deeply") from None
    if not isinstance(data, dict):
        raise InvalidInputError("body", "must be a JSON object")
    return data


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different: ``json.loads`` would silently keep a repeated key's last value."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise InvalidInputError(key, "appears more than once in its object")
        found[key] = value
    return found


def check_message(text: str, limit: int, field: str = "message") -> str:
    """A user message is Unicode text with visible content, within the configured limit.

    Control characters (C0 but tab, newline and carriage return; DEL; C1) and bidirectional overrides and
    isolates are removed; what is left must contain something other than spaces and zero-width characters.
    """
    text = clean_text(field, text, limit)
    if not text.translate(_INVISIBLE).strip():
        raise InvalidInputError(field, "must not be empty")
    return text


def clean_text(field: str, text: str, limit: int) -> str:
    """Unicode text within ``limit`` characters, without control characters or bidirectional controls."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(field, "must be valid Unicode text (it holds a lone surrogate)") from None
    if len(text) > limit:
        raise InvalidInputError(field, f"must be at most {limit} characters, got {len(text)}")
    return text.translate(_STRIPPED)


def check_id(field: str, value: str) -> str:
    """Path parameters follow the same id pattern as bodies, matched in full (no trailing newline)."""
    if not _ID.fullmatch(value):
        raise InvalidInputError(field, f"must match {ID_PATTERN}")
    return value


def check_name(field: str, value: str) -> str:
    """A personality name: words of letters, digits and ``.:@'’-_`` joined by single spaces."""
    if len(value) > NAME_MAX or not _NAME.fullmatch(value):
        raise InvalidInputError(field, f"must be 1 to {NAME_MAX} characters matching {NAME_PATTERN}")
    if unicodedata.normalize("NFKC", value) != value:  # look-alikes such as the Kelvin sign for K
        raise InvalidInputError(field, "must be in Unicode NFKC form (no compatibility look-alike characters)")
    return value


def check_limit(raw: str | None, default: int, maximum: int = 200) -> int:
    if raw is None:
        return default
    if not _digits(raw, 4) or not 1 <= int(raw) <= maximum:
        raise InvalidInputError("limit", f"must be an integer from 1 to {maximum}")
    return int(raw)


def check_cursor(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not _digits(raw, 9):
        raise InvalidInputError("after", "must be the next_cursor of a previous page")
    return int(raw)


def _digits(raw: str, most: int) -> bool:
    """ASCII digits only (``isdigit`` alone lets ``²`` through), and not too many of them."""
    return raw.isascii() and raw.isdigit() and len(raw) <= most


def export_cursor(sort_key: str | None) -> str | None:
    """The opaque ``next_cursor`` of an export page: where the next page starts in the user's items."""
    if sort_key is None:
        return None
    return base64.urlsafe_b64encode(sort_key.encode()).decode().rstrip("=")


def check_export_cursor(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        decoded = base64.b64decode(raw + "=" * (-len(raw) % 4), altchars=b"-_", validate=True).decode()
    except ValueError:  # binascii.Error and UnicodeDecodeError are both ValueErrors
        decoded = ""
    if not decoded or not decoded.isprintable() or len(decoded) > 1024:
        raise InvalidInputError("after", "must be the next_cursor of a previous page")
    return decoded


def check_category(value: str) -> str:
    if value not in FACT_CATEGORIES:
        raise InvalidInputError("category", "must be one of " + ", ".join(FACT_CATEGORIES))
    return value


def check_fact_key(value: str) -> str:
    if not _FACT_KEY.fullmatch(value):
        raise InvalidInputError("key", f"must match {FACT_KEY_PATTERN}")
    return value


def _as_field_error(check: Callable[..., str], *args: Any) -> str:
    """Run one of the checks above inside pydantic: its `InvalidInputError` becomes the field's error."""
    try:
        return check(*args)
    except InvalidInputError as exc:
        raise PydanticCustomError("invalid_field", "{problem}", {"problem": exc.problem}) from None


def _path_rule(check: Callable[[str, str], str]) -> AfterValidator:
    """A path parameter's check as a body field's validator: the same rule, the same words."""

    def validate(value: str) -> str:
        return _as_field_error(check, "", value)

    return AfterValidator(validate)


Id = Annotated[str, _path_rule(check_id), Field(json_schema_extra={"pattern": ID_PATTERN})]
Name = Annotated[str, _path_rule(check_name),
                 Field(json_schema_extra={"pattern": NAME_PATTERN, "maxLength": NAME_MAX})]


class MessageRequest(BaseModel):
    """Body of `POST /message`, as the guide defines it; `/openapi.json` documents this model."""

    model_config = ConfigDict(strict=True, frozen=True, defer_build=True)

    user_id: Id
    session_id: Id
    message: str = Field(description="At most LUMINORA_MAX_MESSAGE_CHARS characters (4000 by default)")
    personality_name: Name = DEFAULT_PERSONALITY

    @field_validator("message")
    @classmethod
    def _visible_text(cls, text: str, info: ValidationInfo) -> str:
        # The limit is the deployment's setting, which `parse_message` passes in.
        return _as_field_error(check_message, text, (info.context or {})["max_chars"])


def parse_message(raw: str | bytes | None, *, max_chars: int) -> MessageRequest:
    """The body of `POST /message`; `InvalidInputError` names the first bad field, in the fields' order."""
    return parse_body(raw, MessageRequest, context={"max_chars": max_chars})


# -- response documents -------------------------------------------------------------------------


def fact_view(fact: Fact) -> dict[str, object]:
    return {
        "category": fact.category,
        "key": fact.key,
        "value": fact.value,
        "confidence": fact.confidence,
        "source_message_id": fact.source_message_id,
        "first_seen": fact.first_seen,
        "last_seen": fact.last_seen,
        "history": [dict(h) for h in fact.history],
    }


def episode_view(episode: Episode) -> dict[str, object]:
    return {
        "episode_id": episode.episode_id,
        "personality": episode.personality,
        "type": episode.type,
        "summary": episode.summary,
        "importance": episode.importance,
        "sentiment": episode.sentiment,
        "occurred_at": episode.occurred_at,
    }


def relationship_view(rel: Relationship) -> dict[str, object]:
    return {
        "personality": rel.personality,
        "affinity_level": rel.level,
        "affinity_points": rel.affinity_points,
        "total_interactions": rel.total_interactions,
        "positive_interactions": rel.positive_interactions,
        "negative_interactions": rel.negative_interactions,
        "mood": rel.mood,
        "mood_intensity": rel.mood_intensity,
        "created_at": rel.created_at,
        "updated_at": rel.updated_at,
    }


def message_view(message: Message) -> dict[str, object]:
    return {
        "session_id": message.session_id,
        "seq": message.seq,
        "message_id": message.message_id,
        "role": message.role,
        "content": message.content,
        "created_at": message.created_at,
        "personality": message.personality,
    }


def message_page(messages: list[Message], cursor: int | None) -> dict[str, object]:
    """One page of a session's messages, and the cursor of the next page (None after the last)."""
    return {
        "messages": [
            {"role": m.role, "content": m.content, "created_at": m.created_at, "message_id": m.message_id}
            for m in messages
        ],
        "next_cursor": str(cursor) if cursor is not None else None,
    }


def export_view(user_id: str, data: UserData, next_cursor: str | None = None,
                now: float | None = None) -> dict[str, object]:
    """A page of what is stored about a user; ``next_cursor`` fetches the next one."""
    from chalicelib.http.recall_views import recall_export

    return {
        "user_id": user_id,
        "relationships": [relationship_view(r) for r in data.relationships],
        "facts": [fact_view(f) for f in data.facts],
        "episodes": [episode_view(e) for e in data.episodes],
        "moods": [_mood_view(m) for m in data.moods],
        "sessions": [_session_view(s) for s in data.sessions],
        "messages": [message_view(m) for m in data.messages],
        "followups": [followup_view(f) for f in data.followups],
        **({"profile": _profile_view(data.profile)} if data.profile else {}),
        "recall": recall_export(data.recall, now),
        "next_cursor": next_cursor,
    }


def followup_view(followup: FollowUp) -> dict[str, object]:
    return {"id": followup.followup_id, "what": followup.what, "due": followup.due,
            "source_message_id": followup.source_message_id, "status": followup.status,
            "personality": followup.personality, "created_at": followup.created_at,
            "updated_at": followup.updated_at}


def _profile_view(profile: UserProfile) -> dict[str, object]:
    return {"minor": profile.minor, "locale": profile.locale or None, "updated_at": profile.updated_at or None}


def _mood_view(mood: MoodEntry) -> dict[str, object]:
    return {"personality": mood.personality, "mood": mood.mood, "intensity": mood.intensity,
            "created_at": mood.created_at}


def _session_view(session: Session) -> dict[str, object]:
    return {
        "session_id": session.session_id,
        "personality": session.personality,
        "created_at": session.created_at,
        "last_activity": session.last_activity,
        "summary": session.summary,
        "message_count": session.message_count,
    }
