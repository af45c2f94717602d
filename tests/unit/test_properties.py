"""Properties of ids, API keys and idempotency fingerprints, over generated inputs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.errors import InvalidInputError
from chalicelib.http import api
from chalicelib.models import TurnInput
from chalicelib.usecases.access import Access, key_hash, parse_static_keys
from tests.fakes import FakeClock

ID = re.compile(r"[A-Za-z0-9_.:@-]{1,128}")


@settings(max_examples=300)
@given(st.text(max_size=140))
def test_an_id_is_accepted_exactly_when_it_matches_the_pattern_in_full(value: str) -> None:
    if ID.fullmatch(value):
        assert api.check_id("user_id", value) == value
    else:
        with pytest.raises(InvalidInputError):
            api.check_id("user_id", value)


@given(st.from_regex(ID, fullmatch=True))
def test_no_accepted_id_can_forge_a_key_separator(value: str) -> None:
    assert "#" not in api.check_id("user_id", value) and "~" not in value


@given(st.text(min_size=1, max_size=64).filter(lambda k: "," not in k and "=" not in k and k.strip() == k),
       st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True))
def test_a_configured_key_finds_its_tenant_and_nothing_else_does(key: str, tenant: str) -> None:
    access = Access(None, parse_static_keys(f"{key}={tenant}"), clock=FakeClock())
    assert access.tenant_of(key) == tenant
    assert key not in parse_static_keys(f"{key}={tenant}") and key_hash(key) in parse_static_keys(f"{key}={tenant}")


@given(st.text(min_size=1, max_size=50), st.text(min_size=1, max_size=50))
def test_fingerprints_differ_whenever_the_message_differs(first: str, second: str) -> None:
    one = TurnInput("t", "ana", "s1", first, idempotency_key="k")
    other = TurnInput("t", "ana", "s1", second, idempotency_key="k")
    assert (one.fingerprint("Sage") == other.fingerprint("Sage")) == (first == second)
    assert one.fingerprint("Sage") == one.fingerprint("sage")
