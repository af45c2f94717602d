"""Memory through the HTTP API on moto, offline: facts, supersede, episodes, export and erase."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from tests.conftest import TABLE, table_items

INTRO = "Hi! My name is Ana, I live in Lisbon and I love photography."


def _say(client: Client, text: str, user_id: str = "ana", session_id: str = "s1") -> dict[str, Any]:
    response = client.http.post(
        "/message",
        headers={"Content-Type": "application/json"},
        body=json.dumps({"user_id": user_id, "session_id": session_id, "message": text}),
    )
    assert response.status_code == 200, response.body
    return response.json_body  # type: ignore[no-any-return]


def _facts(client: Client, user_id: str = "ana") -> dict[tuple[str, str], dict[str, Any]]:
    response = client.http.get(f"/users/{user_id}/facts")
    assert response.status_code == 200
    return {(f["category"], f["key"]): f for f in response.json_body["facts"]}


def test_the_next_turn_and_the_facts_route_know_name_city_and_hobby(client: Client) -> None:
    _say(client, INTRO)
    reply = _say(client, "What do you remember about me?")["response"]
    assert "Ana" in reply and "Lisbon" in reply and "photography" in reply
    facts = _facts(client)
    assert facts[("personal_info", "name")]["value"] == "Ana"
    assert facts[("personal_info", "location")]["value"] == "Lisbon"
    assert facts[("hobbies", "photography")]["value"] == "photography"
    assert all(f["confidence"] >= 0.7 and f["source_message_id"] for f in facts.values())


def test_moving_supersedes_the_city_and_keeps_it_in_history(client: Client) -> None:
    _say(client, INTRO)
    _say(client, "Actually I moved to Porto")
    location = _facts(client)[("personal_info", "location")]
    assert location["value"] == "Porto"
    assert [h["value"] for h in location["history"]] == ["Lisbon"]
    assert "Porto" in _say(client, "Good morning!")["response"]


def test_facts_are_shared_by_every_session_of_the_user(client: Client) -> None:
    _say(client, INTRO, session_id="s1")
    assert "Ana" in _say(client, "Hello again!", session_id="s2")["response"]


def test_a_deleted_fact_is_forgotten(client: Client) -> None:
    _say(client, INTRO)
    response = client.http.delete("/users/ana/facts/hobbies/photography")
    assert response.status_code == 200
    assert ("hobbies", "photography") not in _facts(client)
    assert client.http.delete("/users/ana/facts/hobbies/photography").status_code == 404


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/users/ana/facts/secrets/name", "category"),
        ("/users/ana/facts/hobbies/Bad-Key", "key"),
        ("/users/a%23b/facts/hobbies/chess", "user_id"),
    ],
)
def test_bad_fact_paths_are_a_400_naming_the_field(client: Client, path: str, field: str) -> None:
    response = client.http.delete(path)
    assert response.status_code == 400 and response.json_body["Message"].startswith(field)


def test_an_important_moment_becomes_an_episode_with_that_personality(client: Client) -> None:
    _say(client, "I got the job at the studio! I'm so happy.")
    episodes = client.http.get("/users/ana/episodes?personality_name=Assistant").json_body["episodes"]
    assert [(e["type"], e["personality"]) for e in episodes] == [("achievement", "Assistant")]
    assert episodes[0]["importance"] >= 5
    assert client.http.get("/users/ana/episodes?personality_name=Other").json_body == {"episodes": []}
    assert client.http.get("/users/ana/episodes?personality_name=%23x").status_code == 400


def test_the_export_holds_everything_about_the_user(client: Client) -> None:
    _say(client, INTRO)
    _say(client, "I got the job at the studio! I'm so happy.")
    export = client.http.get("/users/ana/export").json_body
    assert export["user_id"] == "ana"
    assert [r["personality"] for r in export["relationships"]] == ["Assistant"]
    assert len(export["messages"]) == 4 and len(export["moods"]) == 2
    assert [s["session_id"] for s in export["sessions"]] == ["s1"]
    assert {f["key"] for f in export["facts"]} >= {"name", "location", "photography"}
    assert [e["type"] for e in export["episodes"]] == ["achievement"]


def _index_keys(dynamodb: Any, index: str) -> list[str]:
    return [i["PK"]["S"] for i in dynamodb.scan(TableName=TABLE, IndexName=index)["Items"]]


def test_erase_leaves_nothing_of_the_user_and_spares_everyone_else(client: Client, dynamodb: Any) -> None:
    for turn in range(15):  # enough items to need more than one 25-item batch
        _say(client, f"{INTRO} Turn {turn}.")
    _say(client, "Hi, I'm Bruno and I live in Faro.", user_id="bruno")
    bruno_before = client.http.get("/users/bruno/export").json_body
    dynamodb.update_item(  # leave one pending analysis in the sparse index too
        TableName=TABLE, Key={"PK": {"S": "T#default#U#ana"}, "SK": {"S": "S#s1#~META"}},
        UpdateExpression="SET GSI2PK = :p, GSI2SK = :s",
        ExpressionAttributeValues={":p": {"S": "ANALYSIS#0"}, ":s": {"S": "2026"}},
    )
    response = client.http.delete("/users/ana")
    assert response.status_code == 200
    deleted = response.json_body["deleted"]
    assert deleted["message"] == 30 and deleted["relationship"] == 1 and deleted["session"] == 1
    assert deleted["fact"] == 3 and response.json_body["total"] == sum(deleted.values())
    left = [i for i in table_items(dynamodb) if i["PK"]["S"].endswith("#U#ana")]
    assert [(i["SK"]["S"], sorted(i)) for i in left] == [  # only the marker that voids racing writes, for a day
        ("~ERASED", ["PK", "SK", "done_at", "entity_type", "erased_at", "state", "ttl"])
    ]
    assert "T#default#U#ana" not in _index_keys(dynamodb, "GSI1") + _index_keys(dynamodb, "GSI2")
    assert client.http.get("/users/ana/facts").json_body == {"facts": []}
    assert client.http.get("/users/bruno/export").json_body == bruno_before
    assert client.http.delete("/users/ana").json_body == {"deleted": {}, "total": 0}


def test_the_relationship_shows_the_mood_as_of_now(client: Client) -> None:
    _say(client, "Thank you so much, you are wonderful and I love talking to you!")
    body = client.http.get("/users/ana/relationships/Assistant").json_body
    assert body["mood"] == "happy" and 0 < body["mood_intensity"] <= 1
