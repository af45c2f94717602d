"""Wire models of the safety routes: a user's profile, a tenant's safety settings, and their documents."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator

from chalicelib.engine.memory.followups import known_zone
from chalicelib.errors import InvalidInputError
from chalicelib.http.api import json_object
from chalicelib.models import CrisisResource, SafetyConfig, UserProfile

LOCALE_PATTERN = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$"
COUNTRY_PATTERN = r"^(?:[A-Z]{2}|\*)$"


class ProfileBody(BaseModel):
    """Body of `PUT /users/{user_id}/profile`: every field the profile knows (a missing one takes its default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    minor: StrictBool = False
    locale: str | None = Field(default=None, pattern=LOCALE_PATTERN, description="BCP 47, e.g. pt-BR")
    timezone: str | None = Field(default=None, max_length=64, description="IANA, e.g. Europe/Madrid")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and not known_zone(value):
            raise ValueError("must be an IANA time zone such as Europe/Madrid")
        return value


class ResourceBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=120)
    phone: str | None = Field(default=None, max_length=40)
    text: str | None = Field(default=None, max_length=40)
    url: str | None = Field(default=None, max_length=300, pattern=r"^https://\S+$")


class SafetyConfigBody(BaseModel):
    """Body of `PUT /safety/config`: the tenant's own crisis lines by country ("*" for all others)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    resources: dict[str, list[ResourceBody]] = Field(default_factory=dict)
    break_reminder_minutes: StrictInt = Field(default=180, ge=15, le=180)


def parse_model(raw: str | bytes | None, model: type[BaseModel]) -> Any:
    """``raw`` as ``model``; unknown fields are all named in one 400, before anything is stored."""
    from pydantic import ValidationError

    from chalicelib.engine.validation import invalid_input

    data = json_object(raw)
    unknown = sorted(set(data) - set(model.model_fields))
    if unknown:
        known = ", ".join(model.model_fields)
        raise InvalidInputError(", ".join(unknown), f"not a known field (known: {known})")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_input(exc) from None


def parse_config(raw: str | bytes | None) -> SafetyConfig:
    import re

    body: SafetyConfigBody = parse_model(raw, SafetyConfigBody)
    for country, lines in body.resources.items():
        if not re.fullmatch(COUNTRY_PATTERN, country):
            raise InvalidInputError(f"resources.{country}", "must be an ISO 3166 country code (US, GB, ...) or *")
        if not lines:
            raise InvalidInputError(f"resources.{country}", "must list at least one line")
    resources = tuple((country, tuple(CrisisResource(r.name, r.phone or "", r.text or "", r.url or "") for r in lines))
                      for country, lines in sorted(body.resources.items()))
    return SafetyConfig(resources=resources, break_reminder_minutes=body.break_reminder_minutes)


def profile_view(user_id: str, profile: UserProfile) -> dict[str, object]:
    return {"user_id": user_id, "minor": profile.minor, "locale": profile.locale or None,
            "timezone": profile.timezone or None, "updated_at": profile.updated_at or None}


def config_view(config: SafetyConfig) -> dict[str, object]:
    return {"resources": {country: [r.as_dict() for r in lines] for country, lines in config.resources},
            "break_reminder_minutes": config.break_reminder_minutes, "updated_at": config.updated_at or None}


def openapi_paths(op: Any, user: dict[str, Any]) -> dict[str, Any]:
    """The safety routes for `GET /openapi.json`; ``op`` builds an operation as the document's other routes do."""
    day = {"type": "string", "format": "date"}
    return {
        "/users/{user_id}/profile": {
            "get": op("The user's profile (defaults for a user never described)", None, params=[user]),
            "put": op("Describe the user: minor (break reminders, no sexual or romantic content), locale", None,
                      params=[user], body={"$ref": "#/components/schemas/ProfileBody"}),
        },
        "/safety/config": {
            "get": op("The tenant's safety settings", None),
            "put": op("Replace the tenant's crisis lines and reminders", None,
                      body={"$ref": "#/components/schemas/SafetyConfigBody"}),
        },
        "/safety/report": {"get": op("Safety protocols fired per UTC day, no message text", None, params=[
            {"name": "from", "in": "query", "schema": day}, {"name": "to", "in": "query", "schema": day}])},
    }


SCHEMAS: tuple[type[BaseModel], ...] = (ProfileBody, SafetyConfigBody)
