"""The safety protocols with the real DeepSeek adapter against the stub, on `/message` and `/v1`, on moto."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.deepseek.wire import NOTE
from chalicelib.engine.safety import replies
from tests.deepseek_stub import DeepSeekStub, answer, fail
from tests.fakes import FakeClock
from tests.integration.test_deepseek_routes import stub_settings
from tests.integration.test_safety_protocols import JSON, vex_at_soulmate

from .conftest import make_client


@pytest.fixture
def client(dynamodb: Any, deepseek_stub: DeepSeekStub) -> Iterator[Client]:
    with make_client(dynamodb, **stub_settings(deepseek_stub, analysis_mode="off")) as test_client:
        yield test_client
    app_module.set_services(None)


def say(client: Client, message: str, *, user: str = "ana", personality: str = "Vex") -> Any:
    body = {"user_id": user, "session_id": "s1", "message": message, "personality_name": personality}
    response = client.http.post("/message", headers=JSON, body=json.dumps(body))
    assert response.status_code == 200, response.body
    return response.json_body


def test_the_crisis_prompt_replaces_the_persona_in_the_one_model_call(
    client: Client, dynamodb: Any, deepseek_stub: DeepSeekStub
) -> None:
    vex_at_soulmate(client, dynamodb, FakeClock())
    deepseek_stub.script(answer("I'm so sorry it feels this heavy. I'm an AI, and I'm here with you."))
    result = say(client, "I have a plan to end my life this weekend")
    assert len(deepseek_stub.requests) == 1
    sent = deepseek_stub.requests[0].json
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    prompt = sent["messages"][0]["content"]
    assert "set aside every character" in prompt and "988" in prompt and "English" in prompt
    assert "Vex" not in prompt and "sarcas" not in prompt.replace("no sarcasm", "")
    assert sent["temperature"] <= 0.3
    assert result["response"].startswith("I'm so sorry it feels this heavy.")
    assert "988 Suicide & Crisis Lifeline · 988 · SMS 988" in result["response"]  # the lines, added by Luminora
    assert result["safety"]["protocol"] == "crisis_referral"


def test_a_crisis_is_answered_when_deepseek_fails(client: Client, deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(fail(500))
    result = say(client, "je veux mourir", personality="Assistant")
    assert result["response"].startswith(replies.CRISIS["fr"]) and "3114" in result["response"]
    assert result["safety"]["resources"][0]["phone"] == "3114"


def test_an_answer_that_does_not_disclose_is_replaced_by_the_truth(client: Client, deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(answer("Of course I'm human, silly."), answer("Ja, ich bin eine KI, aber ich höre zu."))
    lied = say(client, "are you a real person?", personality="Marlowe")
    sent = deepseek_stub.requests[0].json["messages"]
    assert sent[-2] == {"role": "system", "content": replies.DISCLOSURE_NOTE}
    assert sent[0]["content"].startswith("You are Marlowe")  # the persona stays: only the truth is asked of it
    assert lied["response"] == replies.DISCLOSURE["en"].format(name="Marlowe")
    honest = say(client, "bist du ein Mensch?", personality="Marlowe")
    assert honest["response"] == "Ja, ich bin eine KI, aber ich höre zu."
    assert honest["safety"]["protocol"] == "ai_disclosure"


def test_a_minors_prompt_leaves_out_romantic_levels_and_says_why(
    client: Client, dynamodb: Any, deepseek_stub: DeepSeekStub
) -> None:
    vex_at_soulmate(client, dynamodb, FakeClock(), user="teo")
    say(client, "hey", user="teo")
    adult = deepseek_stub.requests[-1].json["messages"][0]["content"]
    assert "romantic soulmate" in adult and "flirty" in adult
    client.http.put("/users/teo/profile", headers=JSON, body=json.dumps({"minor": True}))
    say(client, "hey again", user="teo")
    minor = deepseek_stub.requests[-1].json["messages"]
    assert "romantic soulmate" not in minor[0]["content"] and "close_friend" in minor[0]["content"]
    # on DeepSeek's wire the turn's notes follow the user's words in its message, marked as the app's
    said, note = minor[-1]["content"].split(NOTE)
    assert said.strip() == "hey again" and replies.MINOR_NOTE in note


def _completion(client: Client, message: str, stream: bool = False) -> Any:
    body = {"model": "Assistant", "user": "ana", "messages": [{"role": "user", "content": message}], "stream": stream}
    return client.http.post("/v1/chat/completions", headers=JSON, body=json.dumps(body))


def test_v1_carries_the_protocol_in_its_extension_field(client: Client, deepseek_stub: DeepSeekStub) -> None:
    deepseek_stub.script(answer("I'm really glad you told me."))
    done = _completion(client, "ich will nicht mehr leben").json_body
    assert done["luminora"]["safety"]["protocol"] == "crisis_referral"
    assert done["luminora"]["safety"]["resources"][0]["name"] == "TelefonSeelsorge"
    assert "0800 111 0 111" in done["choices"][0]["message"]["content"]
    events = [json.loads(line[6:]) for line in _completion(client, "are you a bot?", stream=True).body.decode()
              .splitlines() if line.startswith("data: {")]
    assert [e["luminora"]["safety"]["protocol"] for e in events if "luminora" in e] == ["ai_disclosure"]
    plain = _completion(client, "What a lovely morning").json_body
    assert "safety" not in plain["luminora"]
