"""A cold-start yardstick: a bare Chalice app that serves one DynamoDB GetItem."""

from __future__ import annotations

import os
from typing import Any

import boto3
from chalice.app import Chalice

app = Chalice(app_name="bench-bare")
_table = os.environ.get("DYNAMODB_TABLE_NAME", "bench-cold")
_client = boto3.client("dynamodb")


@app.route("/items/{item_id}", methods=["GET"])
def get_item(item_id: str) -> dict[str, Any]:
    found = _client.get_item(TableName=_table, Key={"PK": {"S": f"ITEM#{item_id}"}, "SK": {"S": "ITEM"}})
    return {"item": found.get("Item")}
