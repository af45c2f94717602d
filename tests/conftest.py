"""Shared fixtures: a moto-backed table built from the one schema definition."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

# No test may reach AWS: pin dummy credentials and a region before boto3 is imported anywhere.
for _name, _value in {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}.items():
    os.environ[_name] = _value
os.environ.pop("AWS_PROFILE", None)
os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)

TABLE = "luminora-test"
# `make test` runs the suite a second time with the machine's clock this many days ahead, so that a test
# which mixes a fixed date with the wall clock fails today rather than on some later day.
TRAVEL_DAYS = int(os.environ.get("LUMINORA_TEST_TRAVEL_DAYS") or 0)


@pytest.fixture(autouse=True, scope="session")
def _system_clock_ahead() -> Iterator[None]:
    """Move the wall clock (not the monotonic one) ``TRAVEL_DAYS`` ahead for the whole run, ticking."""
    if not TRAVEL_DAYS:
        yield
        return
    import time_machine

    with time_machine.travel(datetime.now(UTC) + timedelta(days=TRAVEL_DAYS), tick=True):
        yield


@pytest.fixture
def dynamodb() -> Iterator[Any]:
    """A low-level DynamoDB client on moto, with Luminora's table created."""
    import boto3
    from moto import mock_aws

    from scripts.table import create_table

    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_table(client, TABLE)
        yield client


def table_items(client: Any, *, in_flight: bool = False) -> list[dict[str, Any]]:
    """Every item in the test table (a Scan is fine in a test).

    A tenant's counters of turns in flight are left out unless asked for: a turn takes its slot and gives
    it back whatever its outcome, so the count ends where it was, but its item may be left at 0.
    """
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"TableName": TABLE}
    while True:
        page = client.scan(**kwargs)
        items.extend(i for i in page["Items"] if in_flight or i.get("entity_type", {}).get("S") != "in_flight")
        if "LastEvaluatedKey" not in page:
            return sorted(items, key=lambda i: (i["PK"]["S"], i["SK"]["S"]))
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


@pytest.fixture
def deepseek_stub() -> Iterator[Any]:
    """A scriptable DeepSeek stand-in on 127.0.0.1 (see `tests.deepseek_stub`)."""
    from tests.deepseek_stub import DeepSeekStub

    with DeepSeekStub() as stub:
        yield stub


@pytest.fixture
def moto_server() -> Iterator[str]:
    """moto's server on 127.0.0.1, for clients the app builds itself (pointed there by `AWS_ENDPOINT_URL_SSM`).

    It serves moto's in-process state: with the ``dynamodb`` fixture, what the test's boto3 clients put
    there is what the server answers with, and ``mock_aws`` resets it for the next test.
    """
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
