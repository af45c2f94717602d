"""Wire format and errors: Python values to DynamoDB JSON and back, botocore failures to ours."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.errors import (
    ConflictError,
    StorageError,
    StorageThrottledError,
)

Item = dict[str, Any]

_THROTTLING = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "ThrottlingError",
}
_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


def to_wire(item: Mapping[str, Any]) -> dict[str, Any]:
    """Python values (floats become Decimal) to DynamoDB's typed JSON."""
    return {k: _SERIALIZER.serialize(_decimals(v)) for k, v in item.items() if v is not None}


def from_wire(item: Mapping[str, Any]) -> Item:
    """DynamoDB's typed JSON to Python values (numbers stay Decimal)."""
    return {k: _DESERIALIZER.deserialize(v) for k, v in item.items()}


def _decimals(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_decimals(v) for v in value]
    return value


def translate(exc: Exception) -> Exception:
    """Map a botocore failure to Luminora's error tree, by error code only."""
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        if code in _THROTTLING:
            return StorageThrottledError("DynamoDB is throttling requests; retry shortly")
        if code == "ConditionalCheckFailedException":
            return ConflictError("the item changed while this request was running; retry")
        if code == "TransactionCanceledException":
            return _cancellation(exc)
        return StorageError(f"DynamoDB request failed ({code})")
    return StorageError("DynamoDB could not be reached")


def _cancellation(exc: ClientError) -> Exception:
    reasons = [r.get("Code", "None") for r in exc.response.get("CancellationReasons", [])]
    if any(code in _THROTTLING for code in reasons):
        return StorageThrottledError("DynamoDB is throttling requests; retry shortly")
    return ConflictError("a concurrent turn changed this conversation; send the message again")


def millis(iso_time: str, fallback: float) -> int:

    try:
        return int(datetime.fromisoformat(iso_time.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        return int(fallback * 1000)


def plain(value: Any) -> Any:
    """Decimals back to int or float, for JSON responses."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def call(client: Any, operation: str, **kwargs: Any) -> dict[str, Any]:
    try:
        return getattr(client, operation)(**kwargs)  # type: ignore[no-any-return]
    except (ClientError, BotoCoreError) as exc:
        raise translate(exc) from exc


def pages(client: Any, **query: Any) -> Iterator[Item]:
    """Every item a Query returns, following ``LastEvaluatedKey`` page after page."""
    while True:
        page = call(client, "query", **query)
        yield from (from_wire(i) for i in page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
