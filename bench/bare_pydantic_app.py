"""The cold-start budget's yardstick: the bare Chalice app, plus one pydantic model validating the body.

It shows what the mandated stack (Chalice, boto3, pydantic) costs before any of Luminora's own work.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
from chalice.app import Chalice
from pydantic import BaseModel, ConfigDict, Field

app = Chalice(app_name="bench-bare-pydantic")
_table = os.environ.get("DYNAMODB_TABLE_NAME", "bench-cold")
_client = boto3.client("dynamodb")


class Lookup(BaseModel):
    """The request body: which item to read."""

    model_config = ConfigDict(extra="forbid")

    item_id: str = Field(pattern=r"^[A-Za-z0-9_.:@-]{1,128}$")


@app.route("/items", methods=["POST"])
def get_item() -> dict[str, Any]:
    request = app.current_request
    assert request is not None
    body = Lookup.model_validate_json(request.raw_body)
    found = _client.get_item(TableName=_table, Key={"PK": {"S": f"ITEM#{body.item_id}"}, "SK": {"S": "ITEM"}})
    return {"item": found.get("Item")}
