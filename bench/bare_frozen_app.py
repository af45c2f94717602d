"""The fifth cold-start yardstick: the bare app, starting as Luminora does, its client built with the garbage
collector paused and then frozen (`chalicelib.bootstrap.collector_paused`). Beside the bare app, it shows
what that start-up saves any app; beside Luminora, what Luminora's own code costs."""

from __future__ import annotations

import gc
import os
from typing import Any

from chalice.app import Chalice

app = Chalice(app_name="bench-bare-frozen")
_table = os.environ.get("DYNAMODB_TABLE_NAME", "bench-cold")


def _client() -> Any:
    gc.disable()
    try:
        import boto3

        return boto3.client("dynamodb")
    finally:
        gc.freeze()
        gc.enable()


_dynamodb = _client()


@app.route("/items/{item_id}", methods=["GET"])
def get_item(item_id: str) -> dict[str, Any]:
    found = _dynamodb.get_item(TableName=_table, Key={"PK": {"S": f"ITEM#{item_id}"}, "SK": {"S": "ITEM"}})
    return {"item": found.get("Item")}
