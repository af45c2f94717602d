"""Webhooks on moto, local stage: registration, signed deliveries to a receiver on 127.0.0.1, refusals."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from tests.conftest import TABLE
from tests.fakes import FakeClock
from tests.integration.conftest import KEY, TENANT, KeyedClient


class _Receiver(BaseHTTPRequestHandler):
    got: list[tuple[dict[str, str], str]] = []
    arrived = threading.Condition()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        with self.arrived:
            self.got.append((dict(self.headers), body))
            self.arrived.notify_all()
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    _Receiver.got = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _client(dynamodb: Any, clock: FakeClock, stage: str) -> KeyedClient:
    settings = Settings(table_name=TABLE, demo_mode=True, api_keys=f"{KEY}={TENANT}", stage=stage,
                        webhook_signing_key="test-signing-key")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, clock=clock))
    return KeyedClient(app_module.app, KEY)


@pytest.fixture
def client(dynamodb: Any, clock: FakeClock) -> Iterator[Client]:
    with _client(dynamodb, clock, "local") as test_client:
        yield test_client
    app_module.set_services(None)
    app_module.set_maintenance(None)


def _put(client: Client, url: str, events: list[str]) -> Any:
    return client.http.put("/webhooks/app", headers={"Content-Type": "application/json"},
                           body=json.dumps({"url": url, "events": events}))


def _wait_for(types: set[str]) -> dict[str, tuple[dict[str, str], str]]:
    with _Receiver.arrived:
        _Receiver.arrived.wait_for(lambda: types <= {json.loads(b)["type"] for _, b in _Receiver.got}, timeout=10)
    return {json.loads(b)["type"]: (h, b) for h, b in _Receiver.got}


def _verified(secret: str, headers: dict[str, str], body: str) -> bool:
    parts = dict(p.split("=", 1) for p in headers["Luminora-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.{body}".encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def _say(client: Client, text: str) -> None:
    response = client.http.post("/message", headers={"Content-Type": "application/json"},
                                body=json.dumps({"user_id": "ana", "session_id": "s1", "message": text}))
    assert response.status_code == 200, response.body


def test_a_receiver_gets_signed_level_change_and_followup_due(client: Client, clock: FakeClock,
                                                               receiver: str) -> None:
    created = _put(client, receiver, ["affinity.level_changed", "followup.due"])
    assert created.status_code == 200, created.body
    secret = created.json_body["secret"]
    assert "secret" not in client.http.get("/webhooks/app").json_body
    _say(client, "my exam is tomorrow")
    for _ in range(12):  # friendly turns until the level changes
        _say(client, "Thank you so much, you are wonderful and this is really helpful!")
    clock.advance(timedelta(days=2))
    report = client.lambda_.invoke("nightly", client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])).payload
    assert report["followups_announced"] == 1
    got = _wait_for({"affinity.level_changed", "followup.due"})
    for kind in ("affinity.level_changed", "followup.due"):
        headers, body = got[kind]
        event = json.loads(body)
        assert _verified(secret, headers, body) and not _verified(secret + "x", headers, body)
        assert event["tenant"] == TENANT and event["id"].startswith("evt_") and event["data"]["user_id"] == "ana"
    assert "exam" not in got["followup.due"][1]  # no message text in a payload
    assert json.loads(got["affinity.level_changed"][1])["data"]["to"] != "stranger"


def test_bad_endpoints_are_refused_naming_the_field(client: Client, dynamodb: Any, clock: FakeClock) -> None:
    assert _put(client, "ftp://example.com/x", ["mood.shifted"]).json_body["Message"].startswith("url")
    assert _put(client, "https://example.com/x", ["nope"]).json_body["Message"].startswith("events")
    assert _put(client, "http://169.254.169.254/latest", ["mood.shifted"]).status_code == 400
    assert client.http.get("/webhooks/app").status_code == 404
    with _client(dynamodb, clock, "prod") as production:
        for url in ("https://127.0.0.1/hook", "https://10.0.0.7/hook", "http://93.184.216.34/hook"):
            answer = _put(production, url, ["mood.shifted"])
            assert answer.status_code == 400 and answer.json_body["Message"].startswith("url"), url


def test_fact_changes_are_sent_without_their_values(client: Client, receiver: str) -> None:
    assert _put(client, receiver, ["memory.fact_changed"]).status_code == 200
    _say(client, "Hi! My name is Beatriz and I live in Lisbon.")
    got = _wait_for({"memory.fact_changed"})
    _, body = got["memory.fact_changed"]
    assert json.loads(body)["data"]["change"] == "set"
    assert "Beatriz" not in body and "Lisbon" not in body


def test_a_deleted_webhook_is_gone(client: Client, receiver: str) -> None:
    assert _put(client, receiver, ["mood.shifted"]).status_code == 200
    assert client.http.delete("/webhooks/app").status_code == 200
    assert client.http.delete("/webhooks/app").status_code == 404


def test_a_safety_protocol_is_sent_without_the_message(client: Client, receiver: str) -> None:
    assert _put(client, receiver, ["safety.protocol"]).status_code == 200
    _say(client, "I want to end my life tonight")
    _, body = _wait_for({"safety.protocol"})["safety.protocol"]
    data = json.loads(body)["data"]
    assert (data["protocol"], data["user_id"]) == ("crisis_referral", "ana")
    assert "end my life" not in body and "tonight" not in body
