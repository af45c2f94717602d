"""The asynchronous analysis invocation over HTTP: a stub of Lambda's Invoke API on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from tests.conftest import TABLE
from tests.integration.conftest import KEY, TENANT, KeyedClient

FUNCTION = "luminora-dev-analyze"


@dataclass
class _Lambda:
    """Answers every Invoke with ``status`` (and Lambda's error header when it is not 202)."""

    status: int = 202
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def lam() -> Iterator[_Lambda]:
    state = _Lambda()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            self.send_response(state.status)
            if state.status != 202:
                self.send_header("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/")
            reply = b"" if state.status == 202 else b'{"Type":"User","message":"Function not found"}'
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _client(dynamodb: Any, endpoint: str) -> KeyedClient:
    settings = Settings(table_name=TABLE, demo_mode=True, analysis_mode="async", analysis_function=FUNCTION,
                        lambda_endpoint_url=endpoint, api_keys=f"{KEY}={TENANT}")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb))
    return KeyedClient(app_module.app)


def _say(client: Client, text: str) -> Any:
    body = json.dumps({"user_id": "ana", "session_id": "s1", "message": text})
    return client.http.post("/message", headers={"Content-Type": "application/json"}, body=body)


def _pending(dynamodb: Any) -> int:
    return len(dynamodb.scan(TableName=TABLE, IndexName="GSI2")["Items"])


def test_a_turn_sends_one_signed_event_invocation(dynamodb: Any, lam: _Lambda) -> None:
    try:
        with _client(dynamodb, lam.url) as client:
            assert _say(client, "Hi! My name is Ana, I live in Lisbon.").status_code == 200
    finally:
        app_module.set_services(None)
    (sent,) = lam.requests
    assert sent["path"] == f"/2015-03-31/functions/{FUNCTION}/invocations"
    assert sent["headers"]["X-Amz-Invocation-Type"] == "Event"
    authorization = sent["headers"]["Authorization"]
    assert re.match(r"AWS4-HMAC-SHA256 Credential=\w+/\d{8}/us-east-1/lambda/aws4_request, SignedHeaders=\S*"
                    r"x-amz-invocation-type.*, Signature=[0-9a-f]{64}$", authorization)
    assert "X-Amz-Date" in sent["headers"]
    assert json.loads(sent["body"]) == {"tenant": TENANT, "user_id": "ana", "session_id": "s1"}
    assert "Lisbon" not in sent["body"].decode()  # the invocation names the session, it carries no text


@pytest.mark.parametrize("down", ["unknown function", "nothing listening"])
def test_a_failed_invocation_keeps_the_turn_and_leaves_the_session_pending(
    dynamodb: Any, lam: _Lambda, down: str, caplog: pytest.LogCaptureFixture
) -> None:
    lam.status = 404
    endpoint = lam.url
    if down == "nothing listening":
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            endpoint = f"http://127.0.0.1:{sock.getsockname()[1]}"  # closed again before the turn
    try:
        with caplog.at_level(logging.WARNING, logger="chalicelib.aws.invoker"), _client(dynamodb, endpoint) as client:
            response = _say(client, "Hi! My name is Ana.")
            assert response.status_code == 200 and response.json_body["response"]
    finally:
        app_module.set_services(None)
    assert _pending(dynamodb) == 1  # the nightly catch-up analyses it
    (warning,) = [r.getMessage() for r in caplog.records if "deep analysis" in r.getMessage()]
    expected = "ResourceNotFoundException" if down == "unknown function" else "EndpointConnectionError"
    assert warning == f"could not start deep analysis, it stays pending: {expected}"
    assert "Credential" not in warning
