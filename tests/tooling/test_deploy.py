"""`scripts.deploy`: the merged template and the AWS CLI steps, with a recording stand-in for the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from scripts.deploy import deploy, merge_template

URL = "https://abc123.execute-api.eu-west-1.amazonaws.com/api/"


class FakeCli:
    """Answers the few `aws` calls the deploy makes; a missing bucket fails its head-bucket."""

    def __init__(self, *, bucket_exists: bool) -> None:
        self.calls: list[list[str]] = []
        self._bucket_exists = bucket_exists

    def __call__(self, args: Sequence[str]) -> str:
        self.calls.append(list(args))
        if args[:2] == ["sts", "get-caller-identity"]:
            return "123456789012"
        if args[:2] == ["s3api", "head-bucket"] and not self._bucket_exists:
            raise RuntimeError("aws s3api failed: Not Found")
        if args[:2] == ["cloudformation", "describe-stacks"]:
            return URL
        return ""

    def verbs(self) -> list[str]:
        return [" ".join(call[:2]) for call in self.calls]


def test_a_first_deploy_creates_the_bucket_packages_deploys_and_returns_the_url(tmp_path: Path) -> None:
    cli = FakeCli(bucket_exists=False)
    url = deploy("dev", tmp_path / "sam.json", region="eu-west-1", overrides={"AlarmEmail": "ops@example.com"}, run=cli)
    assert url == URL
    assert cli.verbs() == ["sts get-caller-identity", "s3api head-bucket", "s3 mb", "s3api put-public-access-block",
                           "cloudformation package", "cloudformation deploy", "cloudformation describe-stacks"]
    deploy_call = cli.calls[5]
    assert deploy_call[deploy_call.index("--stack-name") + 1] == "luminora-dev"
    assert "AlarmEmail=ops@example.com" in deploy_call and "CAPABILITY_AUTO_EXPAND" in deploy_call
    assert "s3://luminora-artifacts-123456789012-eu-west-1" in cli.calls[2]


def test_a_given_bucket_is_used_as_is(tmp_path: Path) -> None:
    cli = FakeCli(bucket_exists=True)
    deploy("prod", tmp_path / "sam.json", region="us-east-1", bucket="my-bucket", run=cli)
    assert cli.verbs() == ["cloudformation package", "cloudformation deploy", "cloudformation describe-stacks"]
    assert "my-bucket" in cli.calls[0] and "--parameter-overrides" not in cli.calls[1]


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_merged_template_holds_the_table_and_the_operations_with_the_stage_defaults(stage: str) -> None:
    template = merge_template(stage)
    assert template["Parameters"]["Stage"]["Default"] == stage
    assert template["Parameters"]["TableName"]["Default"] == f"luminora-{stage}"
    assert {"LuminoraTable", "AlarmTopic", "AnalyzeFailureQueue", "RestAPI"} <= set(template["Resources"])


def test_an_unknown_stage_is_refused() -> None:
    with pytest.raises(SystemExit, match="unknown stage 'staging'"):
        merge_template("staging")
