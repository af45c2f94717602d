"""The webhook routes' body and views."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chalicelib.errors import NotFoundError
from chalicelib.models import Webhook


class WebhookRequest(BaseModel):
    """`PUT /webhooks/{name}`: where to send events and which ones."""

    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2048)]
    events: list[Annotated[str, StringConstraints(max_length=64)]] = Field(min_length=1, max_length=10)


def view(hook: Webhook) -> dict[str, object]:
    """An endpoint as the routes show it: never its secret."""
    return {"name": hook.name, "url": hook.url, "events": list(hook.events), "created_at": hook.created_at}


def enabled(webhooks: object) -> object:
    """The webhook service, or `NotFoundError` where this deployment has none (no DynamoDB table)."""
    if webhooks is None:
        raise NotFoundError("webhooks are not available on this deployment")
    return webhooks
