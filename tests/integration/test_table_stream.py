"""The table's stream, from the one schema definition: what triggers the deep analysis in AWS."""

from __future__ import annotations

from typing import Any

from scripts.table import create_table, main, stream_arn, table_properties
from tests.conftest import TABLE


def test_the_table_is_created_with_a_stream_of_new_images(dynamodb: Any) -> None:
    table = dynamodb.describe_table(TableName=TABLE)["Table"]
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert stream_arn(dynamodb, TABLE) == table["LatestStreamArn"]
    assert table_properties()["StreamSpecification"] == {"StreamViewType": "NEW_IMAGE"}


def test_a_table_created_before_the_stream_gets_one_and_a_second_run_changes_nothing(dynamodb: Any) -> None:
    props = table_properties()
    dynamodb.create_table(TableName="older", BillingMode="PAY_PER_REQUEST", **{
        name: props[name] for name in ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes")})
    assert "StreamSpecification" not in dynamodb.describe_table(TableName="older")["Table"]
    arn = stream_arn(dynamodb, "older")
    table = dynamodb.describe_table(TableName="older")["Table"]
    assert table["StreamSpecification"]["StreamViewType"] == "NEW_IMAGE" and arn == table["LatestStreamArn"]
    assert stream_arn(dynamodb, "older") == arn
    assert create_table(dynamodb, "older") is False


def test_the_command_prints_the_stream_for_chalice_deploy(dynamodb: Any, capsys: Any) -> None:
    assert main(["--name", "made-here", "--region", "us-east-1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["table made-here: created",
                     f"stream: {dynamodb.describe_table(TableName='made-here')['Table']['LatestStreamArn']}"]
