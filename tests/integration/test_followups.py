"""Follow-ups end to end on moto, offline: told on a Monday, asked once after the day, listed, erased."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock
from tests.integration.conftest import KEY, TENANT, KeyedClient


@pytest.fixture
def clock() -> FakeClock:
    start = FakeClock().now().replace(hour=12, minute=0)
    return FakeClock(start + timedelta(days=(7 - start.weekday()) % 7))  # a Monday, noon UTC


@pytest.fixture
def client(dynamodb: Any, clock: FakeClock) -> Iterator[Client]:
    settings = Settings(table_name=TABLE, demo_mode=True, api_keys=f"{KEY}={TENANT}",
                        tenant_timezones=f"{TENANT}=Europe/Madrid")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, clock=clock))
    with KeyedClient(app_module.app, KEY) as test_client:
        yield test_client
    app_module.set_services(None)


def _say(client: Client, text: str, session_id: str = "s1") -> str:
    response = client.http.post("/message", headers={"Content-Type": "application/json"},
                                body=json.dumps({"user_id": "ana", "session_id": session_id, "message": text}))
    assert response.status_code == 200, response.body
    return str(response.json_body["response"])


def _followups(client: Client) -> list[dict[str, Any]]:
    response = client.http.get("/users/ana/followups")
    assert response.status_code == 200
    return list(response.json_body["followups"])


def test_the_exam_told_on_monday_is_asked_about_once_after_friday(client: Client, clock: FakeClock) -> None:
    _say(client, "my exam is on Friday")
    [stored] = _followups(client)
    friday = (clock.now() + timedelta(days=4)).date()
    assert (stored["due"], stored["status"]) == (friday.isoformat(), "open") and "exam" in stored["what"]
    assert "exam" not in _say(client, "what a long day").lower()  # not before the day after
    clock.advance(timedelta(days=5))  # Saturday
    first = _say(client, "hi again")
    second = _say(client, "hi again")
    assert "exam" in first.lower() and "how" in first.lower()
    assert "exam" not in second.lower()
    assert [f["status"] for f in _followups(client)] == ["asked"]


def test_talking_about_the_event_first_closes_it(client: Client, clock: FakeClock) -> None:
    _say(client, "my exam is on Friday")
    clock.advance(timedelta(days=5))
    _say(client, "the exam went really well!")
    assert [f["status"] for f in _followups(client)] == ["closed"]
    assert "how did" not in _say(client, "hi again").lower()


def test_a_moved_event_is_asked_after_its_new_date(client: Client, clock: FakeClock) -> None:
    _say(client, "my exam is on Friday")
    _say(client, "ugh, the exam got moved to next Tuesday")
    [stored] = _followups(client)
    assert stored["due"] == (clock.now() + timedelta(days=1)).date().isoformat()


def test_follow_ups_are_deleted_exported_and_erased(client: Client, dynamodb: Any) -> None:
    _say(client, "my exam is on Friday")
    [stored] = _followups(client)
    exported = client.http.get("/users/ana/export").json_body
    assert [f["id"] for f in exported["followups"]] == [stored["id"]]
    assert client.http.delete(f"/users/ana/followups/{stored['id']}").status_code == 200
    assert client.http.delete(f"/users/ana/followups/{stored['id']}").status_code == 404
    assert _followups(client) == []
    _say(client, "my interview is on Thursday")
    assert client.http.delete("/users/ana").json_body["deleted"].get("followup") == 1
    assert not [i for i in table_items(dynamodb) if i.get("entity_type") == {"S": "followup"}]


def test_a_follow_up_expires_after_the_configured_days(client: Client, clock: FakeClock) -> None:
    _say(client, "my exam is on Friday")
    clock.advance(timedelta(days=4 + 31 + 1))
    assert _followups(client) == []


def _put_profile(client: Client, body: dict[str, Any]) -> Any:
    return client.http.put("/users/ana/profile", headers={"Content-Type": "application/json"}, body=json.dumps(body))


def test_the_profiles_time_zone_dates_what_the_user_says(client: Client, clock: FakeClock) -> None:
    clock.advance(timedelta(hours=11))  # Monday 23:00 UTC: already Tuesday 13:00 in Kiritimati (UTC+14)
    saved = _put_profile(client, {"timezone": "Pacific/Kiritimati"})
    assert saved.status_code == 200 and saved.json_body["timezone"] == "Pacific/Kiritimati"
    _say(client, "my exam is tomorrow")
    [stored] = _followups(client)
    assert stored["due"] == (clock.now() + timedelta(days=2)).date().isoformat()  # Wednesday, local


def test_an_unknown_time_zone_is_refused_naming_the_field_and_nothing_is_stored(client: Client) -> None:
    refused = _put_profile(client, {"timezone": "Mars/Olympus_Mons"})
    assert refused.status_code == 400 and "timezone" in refused.json_body["Message"]
    assert client.http.get("/users/ana/profile").json_body["timezone"] is None
