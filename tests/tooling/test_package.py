"""The deployable stack: `chalice package --merge-template` for dev and prod, checked offline.

Packaging takes a while, so each stage is packaged once per run and shared by the checks below;
`LUMINORA_SKIP_PACKAGE=1` skips them (they run by default, and in `make test`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scripts.deploy import merge_template, package, stage_environment

STAGES = ("dev", "prod")
ZIP_BUDGET_BYTES = 10 * 1000 * 1000
# Everything a stage's functions may do; anything else in a policy is a finding.
ALLOWED_ACTIONS = {
    "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
    "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query",
    "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
    "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
    "ssm:GetParameter", "kms:Decrypt",
    "sqs:SendMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
}
ROLES = ("ApiHandlerRole", "AnalyzeRole", "CatchUpRole", "NightlyRole")
FUNCTIONS = {"APIHandler": "luminora-${Stage}", "Analyze": "luminora-${Stage}-analyze",
             "CatchUp": "luminora-${Stage}-catch-up", "Nightly": "luminora-${Stage}-nightly",
             "Webhooks": "luminora-${Stage}-webhooks"}

pytestmark = pytest.mark.skipif(
    os.environ.get("LUMINORA_SKIP_PACKAGE", "").lower() in {"1", "true", "yes"},
    reason="LUMINORA_SKIP_PACKAGE is set",
)


@pytest.fixture(scope="module")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each stage's output folder (sam.json and deployment.zip), packaged offline."""
    root = tmp_path_factory.mktemp("package")
    return {stage: package(stage, root / stage, region="us-east-1").parent for stage in STAGES}


def _template(packaged: dict[str, Path], stage: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((packaged[stage] / "sam.json").read_text())
    return loaded


# cfn-lint's runtime-deprecation rule reads today's date: AWS deprecates python3.11 on 2027-06-30, which a
# test run with the clock moved ahead would report. That date is tracked in docs/deploy.md instead, so
# the check stays the same on any day.
_DATED_RULES = "E2533"


def test_cfn_lint_finds_no_error_in_either_stage(packaged: dict[str, Path]) -> None:
    templates = [str(packaged[stage] / "sam.json") for stage in STAGES]
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from cfnlint.runner import main; sys.exit(main())", "--format", "json",
         "--ignore-checks", _DATED_RULES, "--", *templates],
        capture_output=True, text=True, timeout=300, check=False,
    )
    findings = json.loads(done.stdout or "[]")
    errors = [f"{f['Rule']['Id']} {f['Message']} ({f['Location']['Path']})" for f in findings
              if f["Level"] == "Error"]
    assert errors == [], errors
    assert done.returncode in (0, 4, 8), done.stderr  # 4 and 8: warnings and notes only


@pytest.mark.parametrize("stage", STAGES)
def test_the_zip_stays_within_the_budget(packaged: dict[str, Path], stage: str) -> None:
    size = (packaged[stage] / "deployment.zip").stat().st_size
    assert 0 < size <= ZIP_BUDGET_BYTES, f"{size / 1e6:.2f} MB"


def _statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    resources = template["Resources"]
    assert set(ROLES) <= set(resources), "every function has its own role"
    policies = [p for role in ROLES for p in resources[role]["Properties"]["Policies"]]
    return [s for p in policies for s in p["PolicyDocument"]["Statement"]]


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _allowed_resources(stage: str) -> dict[str, set[str]]:
    env = stage_environment(stage)
    table = env["DYNAMODB_TABLE_NAME"]
    functions = [name.replace("${Stage}", stage) for name in FUNCTIONS.values()]
    groups = [f"arn:aws:logs:*:*:log-group:/aws/lambda/{f}{tail}" for f in functions for tail in ("", ":*")]
    return {
        "logs": set(groups),
        "dynamodb": {f"arn:aws:dynamodb:*:*:table/{table}", f"arn:aws:dynamodb:*:*:table/{table}/index/*",
                     f"arn:aws:dynamodb:*:*:table/{table}/stream/*"},
        "ssm": {f"arn:aws:ssm:*:*:parameter{env['DEEPSEEK_API_KEY_PARAMETER']}"},
        "sqs": {f"arn:aws:sqs:*:*:luminora-{stage}-analyze-failures",
                f"arn:aws:sqs:*:*:{env['LUMINORA_WEBHOOK_QUEUE']}"},
    }


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_grants_only_its_own_table_stream_parameter_queue_and_logs(
    packaged: dict[str, Path], stage: str
) -> None:
    allowed = _allowed_resources(stage)
    for statement in _statements(_template(packaged, stage)):
        assert statement["Effect"] == "Allow" and "NotAction" not in statement and "NotResource" not in statement
        actions = _as_list(statement["Action"])
        assert set(actions) <= ALLOWED_ACTIONS, actions
        services = {a.split(":")[0] for a in actions}
        assert len(services) == 1, f"one service per statement: {actions}"
        service = services.pop()
        for resource in _as_list(statement["Resource"]):
            if service == "kms":  # a customer managed key for the parameter, named by its ARN
                assert resource.startswith("arn:aws:kms:") and ":key/" in resource and not resource.endswith("*")
            else:
                assert resource in allowed[service], resource


@pytest.mark.parametrize("stage", STAGES)
def test_functions_are_named_for_the_stage_and_use_the_powertools_layer(
    packaged: dict[str, Path], stage: str
) -> None:
    template = _template(packaged, stage)
    params, resources = template["Parameters"], template["Resources"]
    assert params["Stage"]["Default"] == stage
    assert params["TableName"]["Default"] == stage_environment(stage)["DYNAMODB_TABLE_NAME"]
    names = {key: resources[key]["Properties"]["FunctionName"]["Fn::Sub"] for key in FUNCTIONS}
    assert names == FUNCTIONS
    for key in names:
        assert resources[key]["Properties"]["Layers"] == [{"Ref": "PowertoolsLayer"}]
        env = resources[key]["Properties"]["Environment"]["Variables"]
        assert env["POWERTOOLS_SERVICE_NAME"] == f"luminora-{stage}"


def test_the_layer_parameter_names_the_powertools_version_the_tests_use() -> None:
    pinned = next(line.split("==")[1].strip() for line in (Path("requirements-dev.txt")).read_text().splitlines()
                  if line.startswith("aws-lambda-powertools=="))
    default = merge_template("dev")["Parameters"]["PowertoolsLayer"]["Default"]
    assert default == f"/aws/service/powertools/python/x86_64/python3.11/{pinned}"
    assert "aws-lambda-powertools" not in Path("requirements.txt").read_text(), "the layer brings it, not the zip"


def test_the_stack_throttles_the_api_and_keeps_backups(packaged: dict[str, Path]) -> None:
    resources = _template(packaged, "prod")["Resources"]
    method = resources["RestAPI"]["Properties"]["MethodSettings"][0]
    assert method["ThrottlingRateLimit"] == {"Ref": "ApiRateLimit"} and method["ResourcePath"] == "/*"
    table = resources["LuminoraTable"]["Properties"]
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


# SAM turns this event of the `Analyze` function into the EventSourceMapping `AnalyzeAnalyzeDynamodbEventSource`.
MAPPING_EVENT = "AnalyzeDynamodbEventSource"


@pytest.mark.parametrize("stage", STAGES)
def test_the_tables_stream_triggers_the_analysis_in_batches_with_bounded_retries_and_a_failure_queue(
    packaged: dict[str, Path], stage: str
) -> None:
    resources = _template(packaged, stage)["Resources"]
    assert resources["LuminoraTable"]["Properties"]["StreamSpecification"] == {"StreamViewType": "NEW_IMAGE"}
    analyze = resources["Analyze"]["Properties"]
    assert analyze["Handler"] == "app.analyze" and analyze["Timeout"] == 300
    (name,) = analyze["Events"]
    assert name == MAPPING_EVENT and analyze["Events"][name]["Type"] == "DynamoDB"
    mapping = analyze["Events"][name]["Properties"]
    assert mapping["Stream"] == {"Fn::GetAtt": ["LuminoraTable", "StreamArn"]}
    assert 1 <= mapping["MaximumBatchingWindowInSeconds"] <= 10 and mapping["BatchSize"] == 50
    assert mapping["BisectBatchOnFunctionError"] is True
    assert 0 <= mapping["MaximumRetryAttempts"] <= 3 and 0 < mapping["MaximumRecordAgeInSeconds"] <= 6 * 3600
    assert mapping["StartingPosition"] == "TRIM_HORIZON"
    queue_arn = {"Fn::GetAtt": ["AnalyzeFailureQueue", "Arn"]}
    assert mapping["DestinationConfig"] == {"OnFailure": {"Destination": queue_arn}}
    (pattern,) = mapping["FilterCriteria"]["Filters"]
    assert json.loads(pattern["Pattern"]) == {"eventName": ["INSERT"],
                                              "dynamodb": {"NewImage": {"entity_type": {"S": ["message"]}}}}
    queue = resources["AnalyzeFailureQueue"]
    assert queue["Type"] == "AWS::SQS::Queue"
    assert queue["Properties"]["QueueName"] == {"Fn::Sub": "luminora-${Stage}-analyze-failures"}
    alarm = resources["AnalyzeFailuresAlarm"]["Properties"]
    assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/SQS", "ApproximateNumberOfMessagesVisible")
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["AnalyzeFailureQueue", "QueueName"]}}]
    assert alarm["Threshold"] == 1 and alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    assert "AnalyzeAsyncConfig" not in resources, "nothing invokes the analysis asynchronously any more"


def test_the_catch_up_runs_in_its_own_function_with_the_nightly_time_limit(packaged: dict[str, Path]) -> None:
    catch_up = _template(packaged, "dev")["Resources"]["CatchUp"]["Properties"]
    assert catch_up["Handler"] == "app.catch_up" and catch_up["Timeout"] == 900 and "Events" not in catch_up


def test_alarms_notify_the_topic_whose_email_is_a_parameter(packaged: dict[str, Path]) -> None:
    template = _template(packaged, "dev")
    resources = template["Resources"]
    alarms = {key: r["Properties"] for key, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    assert all(a["AlarmActions"] == [{"Ref": "AlarmTopic"}] for a in alarms.values())
    watched = {(a["Namespace"], a["MetricName"]) for a in alarms.values()}
    assert {("AWS/ApiGateway", "5XXError"), ("AWS/Lambda", "Errors"), ("AWS/Lambda", "Throttles"),
            ("Luminora", "TurnLatency"), ("Luminora", "LLMErrors"), ("Luminora", "AnalysesFailed"),
            ("Luminora", "AnalysesPending")} <= watched
    subscription = resources["AlarmSubscription"]
    assert subscription["Properties"]["Endpoint"] == {"Ref": "AlarmEmail"}
    assert subscription["Condition"] == "HasAlarmEmail"
    assert "AlarmEmail" in template["Parameters"]


def test_the_zip_carries_the_bytecode_of_the_app_and_its_packages(packaged: dict[str, Path]) -> None:
    import sys
    import zipfile

    with zipfile.ZipFile(packaged["dev"] / "deployment.zip") as zipped:
        names = set(zipped.namelist())
    tag = sys.implementation.cache_tag
    for module in ("app", "chalicelib/bootstrap", "chalicelib/engine/personality/schema", "chalice/app"):
        folder, _, name = module.rpartition("/")
        assert f"{folder + '/' if folder else ''}__pycache__/{name}.{tag}.pyc" in names, module
