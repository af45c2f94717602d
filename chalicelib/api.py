"""Wire models of the HTTP API: parsing and validating what clients send."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from chalicelib.errors import InvalidInputError
from chalicelib.validation import invalid_input

ID_PATTERN = r"^[A-Za-z0-9_.:@-]{1,128}$"
NAME_PATTERN = r"^[A-Za-z0-9_.:@ -]{1,64}$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]

_ID = re.compile(ID_PATTERN)
_NAME = re.compile(NAME_PATTERN)

Model = TypeVar("Model", bound=BaseModel)


class MessageRequest(BaseModel):
    """Body of `POST /message`, as the guide defines it."""

    model_config = ConfigDict(strict=True, frozen=True)

    user_id: Id
    session_id: Id
    message: str
    personality_name: Name = "Assistant"


def parse_body(raw: str | bytes | None, model: type[Model]) -> Model:
    """Decode a JSON object body into ``model``; `InvalidInputError` names the bad field."""
    if not raw:
        raise InvalidInputError("body", "a JSON object is required")
    try:
        data: Any = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInputError("body", "is not valid JSON") from None
    if not isinstance(data, dict):
        raise InvalidInputError("body", "must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_input(exc) from None


def check_message(text: str, limit: int) -> str:
    """A user message must have content and fit the configured limit."""
    if not text.strip():
        raise InvalidInputError("message", "must not be empty")
    if len(text) > limit:
        raise InvalidInputError("message", f"must be at most {limit} characters, got {len(text)}")
    return text


def check_id(field: str, value: str) -> str:
    """Path parameters follow the same id pattern as bodies."""
    if not _ID.match(value):
        raise InvalidInputError(field, f"must match {ID_PATTERN}")
    return value


def check_name(field: str, value: str) -> str:
    if not _NAME.match(value):
        raise InvalidInputError(field, f"must match {NAME_PATTERN}")
    return value


def check_limit(raw: str | None, default: int, maximum: int = 200) -> int:
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise InvalidInputError("limit", f"must be an integer from 1 to {maximum}")
    return int(raw)


def check_cursor(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.isdigit():
        raise InvalidInputError("after", "must be the next_cursor of a previous page")
    return int(raw)
