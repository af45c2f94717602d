"""The offline extractor on everyday statements: most facts found, none invented."""

from __future__ import annotations

import pytest

from bench.recall import score


@pytest.mark.parametrize("name", ["dev", "heldout", "fresh"])
def test_the_offline_extractor_finds_95_percent_of_stated_facts_and_invents_none(name: str) -> None:
    result = score(name)
    assert result.stated >= 30
    assert result.recall >= 0.95, result.missed
    assert result.false == []
