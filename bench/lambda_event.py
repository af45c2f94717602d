"""API Gateway (REST, proxy) events and a Lambda context, to call a Chalice app as Lambda does."""

from __future__ import annotations

import json
from typing import Any


class LambdaContext:
    """The parts of Lambda's context object Chalice and Luminora read."""

    function_name = "bench"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    aws_request_id = "bench-request"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


# What each cold start says first (and what the turn-io yardstick's recorded turn said).
FIRST_MESSAGE = "Hi! My name is Ana, I live in Lisbon and I love photography."
# The user id of that recorded turn; each replay puts its own in its place.
RECORDED_USER = "recorded-user"


def api_event(
    method: str,
    resource: str,
    path: str,
    body: dict[str, Any] | None = None,
    path_parameters: dict[str, str] | None = None,
    api_key: str = "bench-key",
) -> dict[str, Any]:
    """A REST API proxy event for ``method`` on ``resource`` (the route pattern) at ``path``, with a key."""
    headers = {"content-type": "application/json", "host": "bench.example", "x-api-key": api_key}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": path_parameters,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/api{path}",
            "stage": "api",
            "requestId": "bench-request",
            "identity": {"sourceIp": "127.0.0.1"},
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def message_event(user_id: str, session_id: str, message: str) -> dict[str, Any]:
    """``POST /message``."""
    return api_event("POST", "/message", "/message", {"user_id": user_id, "session_id": session_id, "message": message})
