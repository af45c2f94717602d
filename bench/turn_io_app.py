"""The third cold-start yardstick: the bare Chalice app doing a turn's DynamoDB requests and nothing else.

A turn reads its session and its user's memory (two Queries) and stores both messages in one
TransactWriteItems: the three requests DESIGN.md budgets. This app makes the same three requests, with
items of the same shape, so the difference between it and Luminora is Luminora's own code.
"""

from __future__ import annotations

import json
import os
from typing import Any

import boto3
from chalice.app import Chalice

app = Chalice(app_name="bench-turn-io")
_table = os.environ.get("DYNAMODB_TABLE_NAME", "bench-cold")
_client = boto3.client("dynamodb")


@app.route("/turns", methods=["POST"])
def turn() -> dict[str, Any]:
    request = app.current_request
    assert request is not None
    user = str(json.loads(request.raw_body)["item_id"])
    session = _client.query(TableName=_table, KeyConditionExpression="PK = :pk",
                            ExpressionAttributeValues={":pk": {"S": f"USER#{user}#SESSION#s1"}},
                            ScanIndexForward=False, Limit=33)
    memory = _client.query(TableName=_table, KeyConditionExpression="PK = :pk",
                           ExpressionAttributeValues={":pk": {"S": f"USER#{user}"}})
    messages = [{"Put": {"TableName": _table, "ConditionExpression": "attribute_not_exists(PK)",
                         "Item": {"PK": {"S": f"USER#{user}#SESSION#s1"}, "SK": {"S": f"MSG#{n}"},
                                  "text": {"S": "hello"}}}} for n in (1, 2)]
    relationship = {"Update": {"TableName": _table, "Key": {"PK": {"S": f"USER#{user}"}, "SK": {"S": "REL#Assistant"}},
                               "UpdateExpression": "ADD affinity_points :one",
                               "ExpressionAttributeValues": {":one": {"N": "1"}}}}
    _client.transact_write_items(TransactItems=[*messages, relationship])
    return {"read": session["Count"] + memory["Count"]}
