"""Integration fixtures: the real app on moto, through `chalice.test.Client`; both stores on one clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client, TestHTTPClient

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.dynamodb.memory import DynamoMemoryStore
from chalicelib.ports import ChatModel, ConversationStore, MemoryStore
from tests.conftest import TABLE
from tests.fakes import FakeClock, InMemoryConversationStore

# The key every integration test sends unless it says otherwise, and the tenant it belongs to.
KEY = "test-key"
TENANT = "default"


class _KeyedHTTPClient(TestHTTPClient):
    """Sends ``x-api-key`` on every request; a test's own headers come on top (``x-api-key: ""`` sends none)."""

    def __init__(self, app: Any, config: Any, key: str) -> None:
        super().__init__(app, config)
        self._key = key

    def request(self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> Any:
        return super().request(method, path, {"x-api-key": self._key, **(headers or {})}, body)


class KeyedClient(Client):
    """`chalice.test.Client` whose HTTP requests carry an API key."""

    def __init__(self, app: Any, key: str = KEY, stage_name: str = "dev") -> None:
        super().__init__(app, stage_name=stage_name)
        self._key = key

    @property
    def http(self) -> TestHTTPClient:
        if self._http_client is None:
            self._http_client = _KeyedHTTPClient(self._app, self._chalice_config, self._key)
        return self._http_client


def make_client(
    dynamodb: Any, chat_model: ChatModel | None = None, *, key: str = KEY, **settings: Any
) -> KeyedClient:
    """The app on moto with the given settings; ``key`` is sent with every request."""
    values: dict[str, Any] = {"table_name": TABLE, "demo_mode": True, "api_keys": f"{KEY}={TENANT}", **settings}
    services = build_services(Settings(**values), dynamodb_client=dynamodb, chat_model=chat_model)
    app_module.set_services(services)
    return KeyedClient(app_module.app, key)


@pytest.fixture
def client(dynamodb: Any) -> Iterator[Client]:
    with make_client(dynamodb) as test_client:
        yield test_client
    app_module.set_services(None)


# botocore's own endpoint for the streams API is one moto does not answer at; this is the one it does.
STREAMS_ENDPOINT = "https://streams.dynamodb.us-east-1.amazonaws.com"


def stream_records(dynamodb: Any) -> list[dict[str, Any]]:
    """Every record of the table's stream so far, in the shape Lambda hands to the function."""
    import boto3

    arn = dynamodb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    streams = boto3.client("dynamodbstreams", region_name="us-east-1", endpoint_url=STREAMS_ENDPOINT)
    records: list[dict[str, Any]] = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records += streams.get_records(ShardIterator=iterator)["Records"]
    for record in records:
        change = record["dynamodb"]
        change["ApproximateCreationDateTime"] = change["ApproximateCreationDateTime"].timestamp()
        record["eventSourceARN"] = arn
    return records


class Store(ConversationStore, MemoryStore):
    """Both ports, as every implementation provides them."""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["memory", "dynamodb"])
def store(request: pytest.FixtureRequest, clock: FakeClock) -> Iterator[Store]:
    """Each implementation of the stores, on the test's clock (a test file may define its own)."""
    if request.param == "memory":
        yield InMemoryConversationStore(clock)  # type: ignore[misc]
    else:
        yield DynamoMemoryStore(request.getfixturevalue("dynamodb"), TABLE, clock=clock)  # type: ignore[misc]
