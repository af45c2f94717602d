"""A user who does not write English, through the HTTP API on moto: affinity, mood and memory."""

from __future__ import annotations

import json
from typing import Any

from chalice.test import Client


def _say(client: Client, text: str, user_id: str) -> dict[str, Any]:
    body = json.dumps({"user_id": user_id, "session_id": "s1", "message": text}, ensure_ascii=False)
    response = client.http.post("/message", headers={"Content-Type": "application/json"}, body=body.encode())
    assert response.status_code == 200, response.body
    return response.json_body  # type: ignore[no-any-return]


def test_a_warm_spanish_turn_moves_affinity_and_mood_as_the_same_english_turn_does(client: Client) -> None:
    english = _say(client, "Thank you so much, you are wonderful and I love talking to you!", "en-user")
    spanish = _say(client, "¡Muchas gracias, eres maravillosa y me encanta hablar contigo!", "es-user")
    german = _say(client, "Du bist furchtbar, ich hasse dieses Gespräch.", "de-user")
    assert spanish["affinity_points"] == english["affinity_points"] > 1
    assert spanish["mood"] == english["mood"] != "neutral"
    assert german["affinity_points"] < 1


def test_facts_told_in_spanish_are_kept_in_spanish_and_recalled_on_the_next_turn(client: Client) -> None:
    _say(client, "Me llamo Lucía, vivo en Málaga y trabajo como enfermera.", "lucia")
    facts = {(f["category"], f["key"]): f["value"] for f in client.http.get("/users/lucia/facts").json_body["facts"]}
    assert facts[("personal_info", "name")] == "Lucía"
    assert facts[("personal_info", "location")] == "Málaga"
    assert facts[("work", "job_title")] == "enfermera"
    reply = _say(client, "Hola otra vez", "lucia")["response"]
    assert "Lucía" in reply and "Málaga" in reply


def test_a_chinese_statement_becomes_facts_and_a_question_does_not(client: Client) -> None:
    _say(client, "我叫李娜，住在成都。", "lina")
    _say(client, "你住在哪里？", "lina")
    facts = {(f["category"], f["key"]): f["value"] for f in client.http.get("/users/lina/facts").json_body["facts"]}
    assert facts == {("personal_info", "name"): "李娜", ("personal_info", "location"): "成都"}
