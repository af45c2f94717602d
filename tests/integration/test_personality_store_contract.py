"""One contract, run against every `PersonalityStore` implementation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from chalicelib.dynamodb.personalities import DynamoPersonalityStore
from chalicelib.engine.personality.domain import Personality
from chalicelib.engine.personality.schema import parse_personality
from chalicelib.ports import PersonalityStore
from tests.conftest import TABLE
from tests.fakes import FakeClock, InMemoryPersonalityStore

WREN = json.loads((Path(__file__).parents[1] / "data" / "wren.json").read_text(encoding="utf-8"))


@pytest.fixture(params=["memory", "dynamodb"])
def store(request: pytest.FixtureRequest) -> Iterator[PersonalityStore]:
    if request.param == "memory":
        yield InMemoryPersonalityStore()
    else:
        yield DynamoPersonalityStore(request.getfixturevalue("dynamodb"), TABLE, clock=FakeClock())


def _named(name: str) -> Personality:
    return Personality(parse_personality(json.dumps({**WREN, "persona": {**WREN["persona"], "name": name}})))


def test_a_stored_personality_comes_back_whole_under_any_case(store: PersonalityStore) -> None:
    store.put("t1", _named("Wren"))
    found = store.get("t1", "WREN")
    assert found is not None and not found.built_in
    assert found.definition.as_json() == WREN


def test_putting_the_same_name_replaces_it(store: PersonalityStore) -> None:
    store.put("t1", _named("Wren"))
    store.put("t1", _named("wren"))
    assert [p.name for p in store.all("t1")] == ["wren"]


def test_each_tenant_sees_only_its_own(store: PersonalityStore) -> None:
    store.put("t1", _named("Wren"))
    store.put("t2", _named("Heron"))
    assert [p.name for p in store.all("t1")] == ["Wren"]
    assert store.get("t2", "Wren") is None


def test_delete_says_whether_there_was_something_to_delete(store: PersonalityStore) -> None:
    store.put("t1", _named("Wren"))
    assert store.delete("t1", "wren") is True
    assert store.get("t1", "Wren") is None
    assert store.delete("t1", "Wren") is False
