"""Integration fixtures: the real app on moto, through `chalice.test.Client`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.ports import ChatModel
from tests.conftest import TABLE


def make_client(dynamodb: Any, chat_model: ChatModel | None = None, **settings: Any) -> Client:
    values: dict[str, Any] = {"table_name": TABLE, "demo_mode": True, **settings}
    services = build_services(Settings(**values), dynamodb_client=dynamodb, chat_model=chat_model)
    app_module.set_services(services)
    return Client(app_module.app)


@pytest.fixture
def client(dynamodb: Any) -> Iterator[Client]:
    with make_client(dynamodb) as test_client:
        yield test_client
    app_module.set_services(None)
