"""End-to-end fixtures: the real local stack (moto server + `chalice local`) over HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from scripts.stack import TABLE, LocalStack, free_port

# The key the local stage accepts by default (`LOCAL_API_KEYS` in chalicelib/config.py).
LOCAL_KEY = "local-dev-key"


@pytest.fixture(scope="session")
def stack() -> Iterator[LocalStack]:
    # No per-user minute limit: the concurrency tests send 50 turns of one user at once (limits are tested
    # in tests/integration/test_limits.py).
    env = {"LUMINORA_DEMO_MODE": "true", "LUMINORA_LIMIT_USER_TURNS_PER_MINUTE": "0"}
    with LocalStack(port=free_port(), env=env, quiet=True) as running:
        yield running


def call(stack: LocalStack, method: str, path: str, body: Any = None, raw: bytes | None = None) -> tuple[int, Any]:
    """One HTTP request to the stack; returns status and decoded JSON."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(stack.url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("x-api-key", LOCAL_KEY)
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            body = reply.read()
            return reply.status, json.loads(body) if body else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def scan(stack: LocalStack) -> list[dict[str, Any]]:
    import boto3

    client = boto3.client("dynamodb", endpoint_url=stack.dynamodb_url, region_name="us-east-1",
                          aws_access_key_id="local", aws_secret_access_key="local")
    return sorted(client.scan(TableName=TABLE)["Items"], key=lambda i: (i["PK"]["S"], i["SK"]["S"]))
