"""Create Luminora's table from `infra/table.json`, idempotently, with its stream on.

    python -m scripts.table --name luminora-dev [--region us-east-1]

Prints the stream's ARN, which `chalice deploy` needs (docs/deploy.md). Set AWS_ENDPOINT_URL_DYNAMODB
to target a local DynamoDB.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).resolve().parent.parent / "infra" / "table.json"
_CREATE_KEYS = ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode")


def table_properties() -> dict[str, Any]:
    """The table's CloudFormation properties: the one schema definition."""
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    return dict(template["Resources"]["LuminoraTable"]["Properties"])


def create_table(client: Any, name: str) -> bool:
    """Create the table with its stream and turn on TTL; returns False when it already existed."""
    props = table_properties()
    try:
        client.create_table(TableName=name, StreamSpecification=_stream(props),
                            **{k: props[k] for k in _CREATE_KEYS if k in props})
    except client.exceptions.ResourceInUseException:
        return False
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    ttl = props["TimeToLiveSpecification"]
    client.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": ttl["Enabled"]}
    )
    return True


def _stream(props: dict[str, Any]) -> dict[str, Any]:
    """The API's form of the template's stream (CloudFormation has no `StreamEnabled`)."""
    return {"StreamEnabled": True, "StreamViewType": props["StreamSpecification"]["StreamViewType"]}


def stream_arn(client: Any, name: str) -> str:
    """The ARN of the table's stream, turned on first for a table created before it had one."""
    table = client.describe_table(TableName=name)["Table"]
    if table.get("StreamSpecification", {}).get("StreamEnabled"):
        return str(table["LatestStreamArn"])
    updated = client.update_table(TableName=name, StreamSpecification=_stream(table_properties()))
    return str(updated["TableDescription"]["LatestStreamArn"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", required=True, help="table name, e.g. luminora-dev")
    parser.add_argument("--region", default=None, help="AWS region (default: the environment's)")
    args = parser.parse_args(argv)
    import boto3

    client = boto3.client("dynamodb", region_name=args.region)
    created = create_table(client, args.name)
    print(f"table {args.name}: {'created' if created else 'already exists'}")
    print(f"stream: {stream_arn(client, args.name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
