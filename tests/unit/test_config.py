from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.bootstrap import aws_client
from chalicelib.config import UNSET_STREAM_ARN, analysis_stream_arn, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_run_offline_against_the_local_table() -> None:
    settings = load_settings({})
    assert settings.offline and settings.table_name == "luminora-local"
    assert settings.deepseek_model == "deepseek-flash"
    assert settings.max_message_chars == 4000


def test_a_key_switches_to_deepseek_unless_demo_mode_is_on() -> None:
    assert not load_settings({"DEEPSEEK_API_KEY": "k"}).offline
    assert load_settings({"DEEPSEEK_API_KEY": "k", "LUMINORA_DEMO_MODE": "true"}).offline


def test_the_key_never_shows_in_the_settings_repr() -> None:
    assert "secret-value" not in repr(load_settings({"DEEPSEEK_API_KEY": "secret-value"}))


def test_deepseek_timeouts_and_retries_come_from_the_environment() -> None:
    settings = load_settings({
        "DEEPSEEK_API_KEY": "  sk-abc\n", "DEEPSEEK_CONNECT_TIMEOUT": "1.5", "DEEPSEEK_READ_TIMEOUT": "9",
        "DEEPSEEK_MAX_RETRIES": "4", "DEEPSEEK_BACKOFF_SECONDS": "0.25", "DEEPSEEK_MIN_ATTEMPT_SECONDS": "2",
    })
    assert settings.deepseek_api_key == "sk-abc"
    assert (settings.deepseek_connect_timeout, settings.deepseek_read_timeout) == (1.5, 9.0)
    assert (settings.deepseek_max_retries, settings.deepseek_backoff_seconds) == (4, 0.25)
    assert settings.deepseek_min_attempt_seconds == 2.0


def test_a_malformed_number_names_the_variable() -> None:
    with pytest.raises(ValueError, match="LUMINORA_MAX_MESSAGE_CHARS"):
        load_settings({"LUMINORA_MAX_MESSAGE_CHARS": "lots"})


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_each_deployed_stage_may_reach_its_own_table_and_key_only(stage: str) -> None:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    stage_config = config["stages"][stage]
    policy = json.loads((ROOT / ".chalice" / stage_config["iam_policy_file"]).read_text())
    table = stage_config["environment_variables"]["DYNAMODB_TABLE_NAME"]
    parameter = stage_config["environment_variables"]["DEEPSEEK_API_KEY_PARAMETER"]
    resources = [r for statement in policy["Statement"] for r in _as_list(statement["Resource"])]
    assert f"arn:aws:dynamodb:*:*:table/{table}" in resources
    assert any(r.endswith(f":parameter{parameter}") for r in resources)
    assert not any(r == "*" for r in resources)
    assert config["autogen_policy"] is False


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def test_operations_settings_come_from_the_environment() -> None:
    defaults = load_settings({})
    assert (defaults.deepseek_key_max_age_seconds, defaults.export_page_bytes) == (300, 512_000)
    assert (defaults.service_name, defaults.metrics_namespace) == ("luminora-local", "Luminora")
    settings = load_settings({
        "DEEPSEEK_KEY_MAX_AGE_SECONDS": "60", "LUMINORA_EXPORT_PAGE_BYTES": "100000",
        "POWERTOOLS_SERVICE_NAME": "luminora-prod", "POWERTOOLS_METRICS_NAMESPACE": "Acme",
    })
    assert (settings.deepseek_key_max_age_seconds, settings.export_page_bytes) == (60, 100_000)
    assert (settings.service_name, settings.metrics_namespace) == ("luminora-prod", "Acme")


def test_each_deployed_stage_names_its_service_for_logs_and_metrics() -> None:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    assert config["environment_variables"]["POWERTOOLS_METRICS_NAMESPACE"] == "Luminora"
    for stage in ("dev", "prod"):
        assert config["stages"][stage]["environment_variables"]["POWERTOOLS_SERVICE_NAME"] == f"luminora-{stage}"


def test_aws_clients_bound_every_attempt_and_how_many_are_made() -> None:
    defaults = load_settings({})
    assert (defaults.aws_connect_timeout, defaults.aws_read_timeout, defaults.aws_max_attempts) == (1.0, 3.0, 3)
    settings = load_settings({"LUMINORA_AWS_CONNECT_TIMEOUT": "0.5", "LUMINORA_AWS_READ_TIMEOUT": "2",
                              "LUMINORA_AWS_MAX_ATTEMPTS": "2", "AWS_REGION": "eu-west-1"})
    client = aws_client("ssm", settings)
    config = client.meta.config
    assert (config.connect_timeout, config.read_timeout, config.region_name) == (0.5, 2.0, "eu-west-1")
    assert config.retries == {"mode": "standard", "total_max_attempts": 2}


def test_the_deployed_stages_leave_the_analysis_to_the_tables_stream() -> None:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    for stage in ("dev", "prod"):
        env = {**config["environment_variables"], **config["stages"][stage]["environment_variables"]}
        assert load_settings(env).analysis_mode == "stream"
        assert not [name for name in env if "FUNCTION" in name or "ENDPOINT" in name]
    assert load_settings({}).analysis_mode == "inline"  # local stage and tests: in-process after the turn


def test_the_stream_to_subscribe_to_is_named_by_the_environment_else_a_placeholder() -> None:
    arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/luminora-dev/stream/2026-01-01T00:00:00.000"
    assert analysis_stream_arn({"LUMINORA_ANALYSIS_STREAM_ARN": f" {arn}\n"}) == arn
    assert analysis_stream_arn({}) == UNSET_STREAM_ARN
