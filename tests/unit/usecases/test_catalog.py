from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.errors import ConflictError, InvalidInputError, NotFoundError
from chalicelib.http import api
from chalicelib.usecases.catalog import CACHE_SECONDS, Personalities
from tests.fakes import InMemoryPersonalityStore

WREN = (Path(__file__).parents[2] / "data" / "wren.json").read_text(encoding="utf-8")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _catalog() -> tuple[Personalities, InMemoryPersonalityStore, Clock]:
    store, clock = InMemoryPersonalityStore(), Clock()
    return Personalities(BuiltinPersonalities(), store, clock=clock), store, clock


def _renamed(name: str, **persona: Any) -> str:
    data = json.loads(WREN)
    data["persona"].update(name=name, **persona)
    return json.dumps(data)


def test_builtins_are_found_in_any_case_without_a_storage_request() -> None:
    catalog, store, _ = _catalog()
    assert catalog.get("t1", "sAGE").name == "Sage"
    assert catalog.get("t1", "assistant").built_in
    assert store.requests == 0


def test_a_saved_personality_is_the_tenants_alone() -> None:
    catalog, _, _ = _catalog()
    saved = catalog.save("t1", "wren", WREN)
    assert saved.name == "Wren" and not saved.built_in
    assert catalog.get("t1", "WREN").definition == saved.definition
    with pytest.raises(NotFoundError):
        catalog.get("t2", "Wren")


def test_the_listing_has_builtins_first_then_the_tenants_own_by_name() -> None:
    catalog, _, _ = _catalog()
    catalog.save("t1", "Wren", WREN)
    catalog.save("t1", "Bramble", _renamed("Bramble"))
    names = [(p.name, p.built_in) for p in catalog.all("t1")]
    assert names[-2:] == [("Bramble", False), ("Wren", False)]
    assert {name for name, built_in in names if built_in} == {"Assistant", "Marlowe", "Rook", "Sage", "Spark"}
    assert len(catalog.all("t2")) == 5


def test_a_custom_personality_costs_one_read_per_cache_window() -> None:
    catalog, store, clock = _catalog()
    catalog.save("t1", "Wren", WREN)
    before = store.requests
    for _ in range(5):
        catalog.get("t1", "Wren")
    assert store.requests == before + 1
    clock.now += CACHE_SECONDS
    catalog.get("t1", "wren")
    assert store.requests == before + 2


def test_saving_again_replaces_the_cached_definition_at_once() -> None:
    catalog, _, _ = _catalog()
    catalog.save("t1", "Wren", WREN)
    catalog.get("t1", "Wren")
    catalog.save("t1", "Wren", _renamed("Wren", description="Now a heron expert."))
    assert catalog.get("t1", "Wren").description == "Now a heron expert."


def test_a_builtin_name_cannot_be_saved_or_deleted() -> None:
    catalog, store, _ = _catalog()
    with pytest.raises(ConflictError, match="built in"):
        catalog.save("t1", "ASSISTANT", _renamed("Assistant"))
    with pytest.raises(ConflictError, match="built in"):
        catalog.delete("t1", "sage")
    assert store.requests == 0


def test_the_file_name_must_agree_with_the_path_name() -> None:
    catalog, store, _ = _catalog()
    with pytest.raises(InvalidInputError) as caught:
        catalog.save("t1", "Robin", WREN)
    assert caught.value.field == "persona.name"
    assert store.requests == 0


def test_deleting_removes_the_personality_and_an_unknown_one_is_not_found() -> None:
    catalog, _, _ = _catalog()
    catalog.save("t1", "Wren", WREN)
    catalog.get("t1", "Wren")
    catalog.delete("t1", "wren")
    with pytest.raises(NotFoundError):
        catalog.get("t1", "Wren")
    with pytest.raises(NotFoundError):
        catalog.delete("t1", "Wren")


def test_a_tenant_stores_at_most_its_limit_but_may_replace_its_own() -> None:
    store = InMemoryPersonalityStore()
    catalog = Personalities(BuiltinPersonalities(), store, clock=Clock(), max_own=2)
    for name in ("Wren One", "Wren Two"):
        catalog.save("t1", name, _renamed(name))
    with pytest.raises(InvalidInputError, match=r"^personalities: a tenant may store at most 2"):
        catalog.save("t1", "Wren Three", _renamed("Wren Three"))
    assert catalog.save("t1", "Wren Two", _renamed("Wren Two", version="2.0.0")).name == "Wren Two"
    catalog.save("t2", "Wren Three", _renamed("Wren Three"))  # another tenant has its own limit


def test_a_look_alike_name_is_refused_in_the_file_and_in_the_path() -> None:
    catalog, _, _ = _catalog()
    with pytest.raises(InvalidInputError, match=r"^persona\.name"):
        catalog.save("t1", "kelvin", _renamed("\u212aelvin"))
    with pytest.raises(InvalidInputError, match=r"^name"):
        api.check_name("name", "\u212aelvin")
    assert api.check_name("name", "Zoë") == "Zoë"
