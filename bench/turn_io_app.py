"""The third cold-start yardstick: the bare Chalice app making the DynamoDB requests of Luminora's turn.

`bench.cold_start` records the requests of Luminora's first turn for a new user (two Queries and one
TransactWriteItems, the three DESIGN.md budgets) and hands them over in the file that
``BENCH_TURN_REQUESTS`` names. This app replays them, for its own user, and does nothing else: the
difference between it and Luminora is Luminora's own code, and the difference between it and the bare
app is what the design's storage costs on the stand-in.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import boto3
from botocore import xform_name
from chalice.app import Chalice

from bench.lambda_event import RECORDED_USER

app = Chalice(app_name="bench-turn-io")
_client = boto3.client("dynamodb")
_requests = Path(os.environ["BENCH_TURN_REQUESTS"]).read_text(encoding="utf-8")


@app.route("/turns", methods=["POST"])
def turn() -> dict[str, Any]:
    request = app.current_request
    assert request is not None
    user = str(json.loads(request.raw_body)["item_id"])
    answers = [getattr(_client, xform_name(call["operation"]))(**call["params"])
               for call in json.loads(_requests.replace(RECORDED_USER, user))]
    return {"requests": len(answers)}
