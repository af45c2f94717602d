"""Headless Chromium from the system's packages, driven through Selenium and chromedriver."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

INSTALL_HINT = "apt-get install chromium chromium-driver (the Debian packages; `make test` installs them as root)"
# Features that would reach the network by themselves (updates, sync, safe browsing lists, ...) stay off.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--window-size=1360,1500",
)


def executables() -> tuple[str, str] | None:
    """Paths of the browser and its driver, if both are installed."""
    browser = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def require_browser() -> tuple[str, str]:
    """The executables, or a skip naming the packages (a failure where the browser is required)."""
    found = executables()
    if found is None:
        reason = f"Chromium is not installed: {INSTALL_HINT}"
        if os.environ.get("LUMINORA_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@contextmanager
def chromium(downloads: Path) -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium with its own throwaway profile, saving downloads to ``downloads``."""
    browser, driver_path = require_browser()
    with tempfile.TemporaryDirectory(prefix="luminora-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in (*FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        options.set_capability("unhandledPromptBehavior", "ignore")
        options.add_experimental_option(
            "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
        )
        service = Service(executable_path=driver_path, log_output=subprocess.DEVNULL)
        driver = webdriver.Chrome(options=options, service=service)
        try:
            yield driver
        finally:
            driver.quit()
