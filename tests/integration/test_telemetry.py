"""What operators see: one JSON log line per request and one EMF document per invocation, with no secret."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.aws.telemetry import Telemetry
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.errors import AnalysisIncompleteError, LLMBadResponseError
from chalicelib.models import ChatReply, ChatRequest, Usage
from tests.conftest import TABLE
from tests.deepseek_stub import DeepSeekStub, answer, fail
from tests.fakes import FakeClock, ScriptedChatModel
from tests.integration.conftest import KEY as TEST_KEY
from tests.integration.conftest import TENANT, KeyedClient, stream_records
from tests.integration.test_deepseek_routes import KEY, stub_settings

ROOT = Path(__file__).resolve().parents[2]

MESSAGE = "My secret plan is to sail to Madeira in May."


def _documents(out: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The captured JSON lines, split into log lines and EMF documents."""
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [d for d in lines if "_aws" not in d], [d for d in lines if "_aws" in d]


def _metric_names(document: dict[str, Any]) -> set[str]:
    return {m["Name"] for spec in document["_aws"]["CloudWatchMetrics"] for m in spec["Metrics"]}


@pytest.fixture
def telemetry() -> Iterator[Telemetry]:
    telemetry = Telemetry(service="luminora-test", namespace="Luminora")
    app_module.set_telemetry(telemetry)
    yield telemetry
    app_module.set_telemetry(None)
    app_module.set_services(None)


def _use(dynamodb: Any, telemetry: Telemetry, **settings: Any) -> KeyedClient:
    values = {"table_name": TABLE, "api_keys": f"{TEST_KEY}={TENANT}", **settings}
    app_module.set_services(build_services(Settings(**values), dynamodb_client=dynamodb, telemetry=telemetry))
    return KeyedClient(app_module.app, TEST_KEY)


def _post(client: Client, message: str = MESSAGE) -> Any:
    body = {"user_id": "ana", "session_id": "s1", "message": message}
    return client.http.post("/message", headers={"Content-Type": "application/json"}, body=json.dumps(body))


def test_a_turn_writes_one_log_line_and_one_emf_document_without_message_or_key(
    dynamodb: Any, deepseek_stub: DeepSeekStub, telemetry: Telemetry, capsys: pytest.CaptureFixture[str]
) -> None:
    client = _use(dynamodb, telemetry, **stub_settings(deepseek_stub), analysis_mode="off")
    usage = Usage(prompt_tokens=100, completion_tokens=8, prompt_cache_hit_tokens=40, prompt_cache_miss_tokens=60)
    deepseek_stub.script(answer("Madeira in May sounds lovely.", usage))
    capsys.readouterr()
    assert _post(client).status_code == 200
    out = capsys.readouterr().out
    (line,), (emf,) = _documents(out)
    assert {k: line[k] for k in ("tenant", "method", "route", "status")} == {
        "tenant": "default", "method": "POST", "route": "/message", "status": 200}
    assert line["request_id"] and line["latency_ms"] > 0 and line["service"] == "luminora-test"
    assert _metric_names(emf) >= {"Turns", "TurnLatency", "LLMLatency", "LLMCalls", "PromptTokens",
                                  "CompletionTokens", "PromptCacheHitTokens", "PromptCacheMissTokens"}
    assert emf["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "Luminora"
    assert emf["service"] == "luminora-test" and emf["PromptCacheHitTokens"] == [40.0]
    assert "Madeira" not in out and "secret plan" not in out and KEY not in out


def test_a_refused_body_is_logged_under_its_tenant(
    dynamodb: Any, telemetry: Telemetry, capsys: pytest.CaptureFixture[str]
) -> None:
    client = _use(dynamodb, telemetry, demo_mode=True, analysis_mode="off")
    capsys.readouterr()
    body = json.dumps({"user_id": "ana", "session_id": "s1", "message": 7})
    assert client.http.post("/message", headers={"Content-Type": "application/json"}, body=body).status_code == 400
    (line,), _ = _documents(capsys.readouterr().out)
    assert (line["tenant"], line["status"]) == ("default", 400)


def test_deepseek_failures_count_by_kind_and_retries_are_counted(
    dynamodb: Any, deepseek_stub: DeepSeekStub, telemetry: Telemetry, capsys: pytest.CaptureFixture[str]
) -> None:
    client = _use(dynamodb, telemetry, **stub_settings(deepseek_stub), analysis_mode="off")
    deepseek_stub.script(fail(500), fail(500), fail(500))
    capsys.readouterr()
    assert _post(client).status_code == 502
    (line,), (emf,) = _documents(capsys.readouterr().out)
    assert line["status"] == 502
    assert emf["LLMErrors"] == [1.0] and emf["LLMOtherErrors"] == [1.0] and emf["ServerErrors"] == [1.0]
    assert emf["LLMRetries"] == [2.0]
    assert "Turns" not in emf


def test_a_level_change_is_counted(
    dynamodb: Any, telemetry: Telemetry, capsys: pytest.CaptureFixture[str]
) -> None:
    client = _use(dynamodb, telemetry, demo_mode=True, analysis_mode="off")
    documents = []
    for _ in range(12):
        assert _post(client, "Thank you so much, you are wonderful and I love talking to you!").status_code == 200
        documents += _documents(capsys.readouterr().out)[1]
    assert sum(d.get("AffinityLevelChanges", [0])[0] for d in documents) >= 1


class _Refuses:
    """A chat model whose JSON is never usable, so every deep analysis fails."""

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        if request.json_mode:
            raise LLMBadResponseError("DeepSeek sent an empty answer")
        return ChatReply(text="Sure.")


def test_failing_analyses_show_in_the_metric_the_alarm_watches(
    dynamodb: Any, telemetry: Telemetry, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(table_name=TABLE, demo_mode=False, deepseek_api_key=KEY, analysis_mode="off",
                        api_keys=f"{TEST_KEY}={TENANT}")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, chat_model=_Refuses(),
                                           telemetry=telemetry, clock=FakeClock()))
    client = KeyedClient(app_module.app, TEST_KEY)
    assert _post(client, "I moved to Porto last year.").status_code == 200
    capsys.readouterr()
    with pytest.raises(AnalysisIncompleteError):
        client.lambda_.invoke("analyze", {"Records": stream_records(dynamodb)})
    (emf,) = _documents(capsys.readouterr().out)[1]
    assert emf["AnalysesFailed"] == [1.0] and emf["LLMBadResponses"] == [1.0]
    operations = json.loads((ROOT / "infra" / "operations.json").read_text())
    alarm = operations["Resources"]["AnalysesFailingAlarm"]["Properties"]
    assert (alarm["Namespace"], alarm["MetricName"]) == ("Luminora", "AnalysesFailed")


def test_the_catch_up_runs_on_demand_and_reports_what_it_did(
    dynamodb: Any, telemetry: Telemetry, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(table_name=TABLE, demo_mode=True, analysis_mode="off", api_keys=f"{TEST_KEY}={TENANT}")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, telemetry=telemetry))
    client = KeyedClient(app_module.app, TEST_KEY)
    assert _post(client, "Hi! My name is Ana and I live in Lisbon.").status_code == 200
    capsys.readouterr()
    assert client.lambda_.invoke("catch-up", {"limit": 10}).payload == {
        "analyses_caught_up": 1, "analyses_failed": 0, "messages": 2}
    (emf,) = _documents(capsys.readouterr().out)[1]
    assert emf["AnalysesCaughtUp"] == [1.0]
    assert len(client.http.get("/users/ana/facts").json_body["facts"]) >= 1


def test_a_scripted_model_is_metered_too(
    dynamodb: Any, telemetry: Telemetry, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(table_name=TABLE, demo_mode=True, analysis_mode="off", api_keys=f"{TEST_KEY}={TENANT}")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, chat_model=ScriptedChatModel("ok"),
                                           telemetry=telemetry))
    assert _post(KeyedClient(app_module.app, TEST_KEY)).status_code == 200
    (emf,) = _documents(capsys.readouterr().out)[1]
    assert emf["LLMCalls"] == [1.0] and emf["Turns"] == [1.0]
