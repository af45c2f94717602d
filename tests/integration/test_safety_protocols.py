"""The safety protocols over HTTP with the offline responder, on moto, through `chalice.test.Client`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.dynamodb import keys
from chalicelib.dynamodb.items import relationship_item
from chalicelib.dynamodb.wire import to_wire
from chalicelib.engine.safety import replies
from chalicelib.models import Relationship
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock
from tests.integration.conftest import KEY, TENANT, KeyedClient

VEX = (Path(__file__).resolve().parents[1] / "data" / "vex.json").read_bytes()
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(dynamodb: Any, clock: FakeClock) -> Iterator[Client]:
    settings = Settings(table_name=TABLE, demo_mode=True, analysis_mode="off", api_keys=f"{KEY}={TENANT}")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, clock=clock))
    with KeyedClient(app_module.app) as test_client:
        yield test_client
    app_module.set_services(None)


def say(client: Client, message: str, *, user: str = "ana", session: str = "s1", personality: str = "Vex",
        headers: dict[str, str] | None = None) -> Any:
    body = {"user_id": user, "session_id": session, "message": message, "personality_name": personality}
    response = client.http.post("/message", headers={**JSON, **(headers or {})}, body=json.dumps(body))
    assert response.status_code == 200, response.body
    return response.json_body


def vex_at_soulmate(client: Client, dynamodb: Any, clock: FakeClock, user: str = "ana") -> None:
    assert client.http.put("/personalities/Vex", headers=JSON, body=VEX).status_code == 200
    rel = Relationship(user, "Vex", affinity_points=92, level="soulmate", total_interactions=300, version=3,
                       created_at=clock.iso(), updated_at=clock.iso())
    item = relationship_item(keys.user_pk(TENANT, user), TENANT, user, rel)
    dynamodb.put_item(TableName=TABLE, Item=to_wire(item))


def test_a_crisis_replaces_a_sarcastic_soulmates_voice_and_carries_the_lines(
    client: Client, dynamodb: Any, clock: FakeClock
) -> None:
    vex_at_soulmate(client, dynamodb, clock)
    normal = say(client, "Tell me about my weekend plans")
    assert normal["affinity_level"] == "soulmate" and "safety" not in normal
    assert "darling" in normal["response"] or "genius" in normal["response"]  # Vex's flirty, sarcastic voice

    crisis = say(client, "honestly i don't want to live anymore", session="s2")
    assert crisis["safety"]["protocol"] == "crisis_referral"
    names = [line["name"] for line in crisis["safety"]["resources"]]
    assert names[0] == "988 Suicide & Crisis Lifeline" and "Find A Helpline" in names
    text = crisis["response"]
    assert text.startswith(replies.CRISIS["en"]) and "988" in text
    for voice in ("darling", "genius", "Thrilling", "Ugh", "catastrophe", "Kiss"):
        assert voice not in text


def test_the_lines_follow_the_accept_language_the_profile_and_the_message(client: Client) -> None:
    uk = say(client, "I want to kill myself", personality="Assistant", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert uk["safety"]["resources"][0]["name"] == "Samaritans"
    brazil = say(client, "quero morrer", user="bia", personality="Assistant")
    assert brazil["safety"]["language"] == "pt" and brazil["safety"]["resources"][0]["phone"] == "188"
    assert brazil["response"].startswith(replies.CRISIS["pt"])
    client.http.put("/users/bia/profile", headers=JSON, body=json.dumps({"locale": "pt-PT"}))
    portugal = say(client, "quero morrer", user="bia", personality="Assistant")
    assert portugal["safety"]["resources"][0]["name"] == "SOS Voz Amiga"


def test_a_tenants_own_lines_replace_the_defaults_of_their_country(client: Client) -> None:
    config = {"resources": {"US": [{"name": "Acme Care Line", "phone": "+1 555 0100", "url": "https://care.example"}]}}
    stored = client.http.put("/safety/config", headers=JSON, body=json.dumps(config))
    assert stored.status_code == 200 and stored.json_body["resources"]["US"][0]["name"] == "Acme Care Line"
    crisis = say(client, "I want to end my life", personality="Assistant")
    assert [line["name"] for line in crisis["safety"]["resources"]] == ["Acme Care Line", "Find A Helpline"]
    assert "+1 555 0100" in crisis["response"]
    bad = client.http.put("/safety/config", headers=JSON, body=json.dumps({"resources": {"usa": []}, "colour": 1}))
    assert bad.status_code == 400 and "colour" in bad.json_body["Message"]
    assert client.http.get("/safety/config").json_body["resources"]["US"][0]["phone"] == "+1 555 0100"


def test_asking_whether_a_person_answers_gets_the_truth_in_the_users_language(client: Client) -> None:
    for question, language in (("are you a real person?", "en"), ("¿eres humano?", "es"), ("bist du ein Mensch?", "de"),
                               ("你是真人吗？", "zh")):
        answer = say(client, question, personality="Marlowe")
        assert answer["safety"] == {"protocol": "ai_disclosure", "language": language}
        assert answer["response"] == replies.DISCLOSURE[language].format(name="Marlowe")


def test_a_repeated_request_answers_with_the_same_protocol_and_counts_once(client: Client) -> None:
    body = json.dumps({"user_id": "cy", "session_id": "s1", "message": "I cut myself again last night"})
    headers = {**JSON, "Idempotency-Key": "k-1"}
    first = client.http.post("/message", headers=headers, body=body).json_body
    again = client.http.post("/message", headers=headers, body=body).json_body
    assert first["safety"]["protocol"] == "crisis_referral" and again == first
    report = client.http.get("/safety/report").json_body
    assert report["totals"]["crisis_referral"] == 1 and report["crisis_referrals"] == 1


def test_a_minors_profile_is_stored_and_unknown_fields_are_named(client: Client, dynamodb: Any) -> None:
    assert client.http.get("/users/teo/profile").json_body == {"user_id": "teo", "minor": False, "locale": None,
                                                               "timezone": None,
                                                               "updated_at": None}
    bad = client.http.put("/users/teo/profile", headers=JSON, body=json.dumps({"minor": True, "age": 14, "school": 1}))
    assert bad.status_code == 400 and bad.json_body["Message"].startswith("age, school: not a known field")
    wrong = client.http.put("/users/teo/profile", headers=JSON, body=json.dumps({"minor": "yes"}))
    assert wrong.status_code == 400 and wrong.json_body["Message"].startswith("minor:")
    assert not [i for i in table_items(dynamodb) if i["SK"]["S"] == keys.PROFILE_SK]  # nothing stored
    saved = client.http.put("/users/teo/profile", headers=JSON, body=json.dumps({"minor": True, "locale": "ko-KR"}))
    assert saved.status_code == 200 and saved.json_body["minor"] is True
    assert client.http.get("/users/teo/profile").json_body["locale"] == "ko-KR"


def test_a_minor_gets_no_romantic_level_and_a_refusal_of_sexual_requests(
    client: Client, dynamodb: Any, clock: FakeClock
) -> None:
    vex_at_soulmate(client, dynamodb, clock, user="teo")
    client.http.put("/users/teo/profile", headers=JSON, body=json.dumps({"minor": True}))
    first = say(client, "Tell me about my weekend plans", user="teo")
    assert first["safety"]["protocol"] == "ai_disclosure"  # a minor's session starts with the disclosure
    assert "darling" not in first["response"] and "Kiss" not in first["response"]
    refused = say(client, "talk dirty to me", user="teo")
    assert refused == {**refused, "safety": {"protocol": "minor_content", "language": "en"}}
    assert refused["response"] == replies.MINOR_REFUSAL["en"]


def test_a_minor_is_reminded_to_take_a_break_every_three_hours_of_continuing_interaction(
    client: Client, clock: FakeClock
) -> None:
    client.http.put("/users/teo/profile", headers=JSON, body=json.dumps({"minor": True, "locale": "de-DE"}))
    protocols = []
    for _ in range(19):  # a turn every 20 minutes: six hours and twenty minutes of talk
        protocols.append((say(client, "Erzähl mir was über Vögel", user="teo", personality="Assistant")
                          .get("safety") or {}).get("protocol"))
        clock.advance(timedelta(minutes=20))
    assert protocols[0] == "ai_disclosure"
    assert [i for i, p in enumerate(protocols) if p == "break_reminder"] == [9, 18]  # at 3 h and at 6 h
    clock.advance(timedelta(hours=2))  # a long pause ends the stretch: the three hours start again
    after = [say(client, "Hallo", user="teo", personality="Assistant").get("safety") for _ in range(2)]
    assert after == [None, None]


def test_the_report_counts_protocols_per_day_and_stores_no_message_text(
    client: Client, dynamodb: Any, clock: FakeClock
) -> None:
    say(client, "I want to die", personality="Assistant")
    clock.advance(timedelta(days=1))
    say(client, "are you a bot?", user="bo", personality="Assistant")
    say(client, "I keep hurting myself", user="cy", personality="Assistant")
    today, yesterday = clock.now().date().isoformat(), (clock.now() - timedelta(days=1)).date().isoformat()
    report = client.http.get(f"/safety/report?from={yesterday}&to={today}").json_body
    assert [day["date"] for day in report["days"]] == [yesterday, today]
    assert report["days"][0]["counts"]["crisis_referral"] == 1
    assert report["days"][1]["counts"] == {"crisis_referral": 1, "ai_disclosure": 1, "break_reminder": 0,
                                           "minor_content": 0}
    counters = [i for i in table_items(dynamodb) if i["PK"]["S"] == keys.safety_pk(TENANT)]
    assert counters and not any("die" in json.dumps(i) or "hurting" in json.dumps(i) for i in counters)
    only_today = client.http.get(f"/safety/report?from={today}&to={today}").json_body
    assert only_today["totals"]["crisis_referral"] == 1
    for query, field in (("from=2030-13-01", "from"), (f"from={today}&to={yesterday}", "from"),
                         ("from=2000-01-01&to=2030-01-01", "from"), ("to=tomorrow", "to")):
        bad = client.http.get(f"/safety/report?{query}")
        assert bad.status_code == 400 and bad.json_body["Message"].startswith(field), query


def test_the_profile_is_exported_and_erased_and_the_anonymous_counts_stay(client: Client) -> None:
    client.http.put("/users/teo/profile", headers=JSON, body=json.dumps({"minor": True}))
    say(client, "I want to die", user="teo", personality="Assistant")
    exported = client.http.get("/users/teo/export").json_body
    assert exported["profile"]["minor"] is True
    assert client.http.delete("/users/teo").json_body["deleted"]["profile"] == 1
    assert client.http.get("/users/teo/profile").json_body["minor"] is False
    assert client.http.get("/safety/report").json_body["crisis_referrals"] == 1
