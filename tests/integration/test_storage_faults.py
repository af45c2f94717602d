"""DynamoDB faults, injected at botocore's transport boundary: a clear 5xx and nothing half-stored."""

from __future__ import annotations

import json
from typing import Any

from botocore.awsrequest import AWSResponse

from tests.conftest import TABLE, table_items
from tests.integration.conftest import make_client


def _fail_with(code: str, status: int = 400) -> Any:
    def handler(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        response = AWSResponse("http://127.0.0.1/", status, {}, None)
        return response, {"Error": {"Code": code, "Message": "injected"}, "ResponseMetadata": {}}

    return handler


def _post(client: Any, text: str) -> Any:
    body = json.dumps({"user_id": "ana", "session_id": "s1", "message": text})
    return client.http.post("/message", headers={"Content-Type": "application/json"}, body=body)


def test_a_throttled_write_is_a_503_with_retry_after_and_keeps_what_was_stored(dynamodb: Any) -> None:
    with make_client(dynamodb) as client:
        assert _post(client, "Hello there!").status_code == 200
        before = table_items(dynamodb)
        handler = _fail_with("ProvisionedThroughputExceededException")
        dynamodb.meta.events.register("before-call.dynamodb.TransactWriteItems", handler)
        try:
            response = _post(client, "Are you still there?")
        finally:
            dynamodb.meta.events.unregister("before-call.dynamodb.TransactWriteItems", handler)
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        assert response.json_body["Code"] == "ServiceUnavailableError"
        assert table_items(dynamodb) == before
        assert _post(client, "Are you still there?").status_code == 200


def test_a_failing_read_is_a_502_that_names_dynamodb_and_stores_nothing(dynamodb: Any) -> None:
    with make_client(dynamodb) as client:
        handler = _fail_with("InternalServerError", 500)
        dynamodb.meta.events.register("before-call.dynamodb.Query", handler)
        try:
            response = _post(client, "Hello!")
        finally:
            dynamodb.meta.events.unregister("before-call.dynamodb.Query", handler)
        assert response.status_code == 502
        assert "DynamoDB" in response.json_body["Message"]
        assert table_items(dynamodb) == []


def test_an_item_missing_an_attribute_is_a_clear_error_not_a_crash(dynamodb: Any) -> None:
    with make_client(dynamodb) as client:
        assert _post(client, "Hello!").status_code == 200
        message = next(i for i in table_items(dynamodb) if i["entity_type"]["S"] == "message")
        dynamodb.update_item(  # a message that lost an attribute (e.g. a half-applied hand edit)
            TableName=TABLE, Key={"PK": message["PK"], "SK": message["SK"]}, UpdateExpression="REMOVE #r",
            ExpressionAttributeNames={"#r": "role"},
        )
        response = _post(client, "Hello again!")
        assert response.status_code == 502
        assert "incomplete" in response.json_body["Message"] and "KeyError" not in response.json_body["Message"]
