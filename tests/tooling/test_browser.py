"""The browser tests' guard: without Chromium they skip and name the packages, or fail where required."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.browser import require_browser


def test_without_chromium_the_browser_tests_skip_and_name_the_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("LUMINORA_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium chromium-driver"):
        require_browser()


def test_where_the_browser_is_required_its_absence_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("LUMINORA_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="Chromium is not installed"):
        require_browser()
