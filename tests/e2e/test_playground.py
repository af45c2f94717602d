"""The playground page in headless Chromium, against the local stack."""

from __future__ import annotations

import json
import os
import re
import secrets
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import boto3
import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from chalicelib.clock import SYSTEM_CLOCK
from chalicelib.dynamodb.apikeys import DynamoApiKeyStore
from chalicelib.dynamodb.items import fact_item
from chalicelib.dynamodb.wire import to_wire
from chalicelib.models import Fact, Usage
from chalicelib.usecases.access import Access
from scripts.stack import TABLE, LocalStack, free_port
from tests.deepseek_stub import DeepSeekStub, answer
from tests.e2e.browser import chromium
from tests.e2e.conftest import scan

ROOT = Path(__file__).resolve().parents[2]
WREN = (ROOT / "tests" / "data" / "wren.json").read_text()
# Accepted by the local stage's key check (and ignored where no key is checked).
LOCAL_KEY = "local-dev-key"
SCREENSHOT = Path(os.environ.get("LUMINORA_SCREENSHOT") or ROOT / "build" / "playground.png")
MARKUP = "<img src=x onerror=alert(1)>"

T = TypeVar("T")


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def metered() -> Iterator[tuple[LocalStack, DeepSeekStub]]:
    """A stack whose turns go to the DeepSeek stub, which reports tokens (the offline responder reports none)."""
    with DeepSeekStub() as stub:
        env = {"LUMINORA_DEMO_MODE": "false", "DEEPSEEK_API_KEY": "sk-e2e-stub-playground",
               "DEEPSEEK_BASE_URL": stub.url, "LUMINORA_ANALYSIS_MODE": "off",
               "LUMINORA_LIMIT_USER_TURNS_PER_MINUTE": "5", "LUMINORA_LIMIT_TENANT_TURNS_PER_MINUTE": "50",
               "LUMINORA_LIMIT_TENANT_TOKENS_PER_DAY": "100000"}
        with LocalStack(port=free_port(), env=env, quiet=True) as running:
            yield running, stub


@pytest.fixture(scope="module")
def driver(stack: LocalStack, downloads: Path) -> Iterator[webdriver.Chrome]:
    with chromium(downloads) as browser:
        yield browser


def wait_for(driver: webdriver.Chrome, condition: Callable[[webdriver.Chrome], T], timeout: float = 20) -> T:
    waiting = WebDriverWait(driver, timeout, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,))
    return waiting.until(condition)


def by_id(driver: webdriver.Chrome, element_id: str) -> WebElement:
    return driver.find_element(By.ID, element_id)


def open_page(driver: webdriver.Chrome, stack: LocalStack, user: str, api_key: str = LOCAL_KEY) -> None:
    """Load the page, type the key, connect, and pick the user."""
    driver.get(stack.url + "/")
    wait_for(driver, lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    key = by_id(driver, "api-key")
    key.clear()
    key.send_keys(api_key)
    by_id(driver, "key-save").click()
    wait_for(driver, lambda d: "Connected" in by_id(d, "action-status").text)
    settle(driver)
    field = by_id(driver, "user-id")
    field.clear()
    field.send_keys(user, Keys.TAB)
    settle(driver)


def settle(driver: webdriver.Chrome) -> None:
    """Wait until the page has no API call in flight (and so has drawn what the calls returned)."""
    wait_for(driver, lambda d: d.execute_script("return document.body.dataset.pending") == "0")


def say(driver: webdriver.Chrome, text: str) -> str:
    """Send one message and return the reply shown in the chat."""
    before = len(driver.find_elements(By.CSS_SELECTOR, "#chat-log li.assistant"))
    by_id(driver, "message").send_keys(text, Keys.ENTER)
    replies = wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#chat-log li.assistant")[before:])
    settle(driver)
    return str(replies[0].text)


def points(driver: webdriver.Chrome) -> int:
    return int(by_id(driver, "affinity-bar").get_attribute("aria-valuenow") or 0)


def fact_values(driver: webdriver.Chrome) -> dict[str, str]:
    """What the facts panel shows, read in one step (the panel is redrawn after every call)."""
    found: dict[str, str] = driver.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll('#facts > li'),"
        " (li) => [li.dataset.fact, li.querySelector('.fact-value').textContent]));"
    )
    return found


def usage_today(driver: webdriver.Chrome) -> dict[str, str]:
    """What the usage panel shows, by the id of each figure, read in one step."""
    found: dict[str, str] = driver.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll('#today-panel dd'),"
        " (dd) => [dd.id.replace(/^(today|limit)-/, ''), dd.textContent]));"
    )
    return found


def csp_violations(driver: webdriver.Chrome) -> list[str]:
    return [str(e["message"]) for e in driver.get_log("browser") if "Content Security Policy" in str(e["message"])]


def test_the_page_and_its_files_are_sent_with_a_strict_policy_and_need_no_key(stack: LocalStack) -> None:
    files = (("/", "text/html"), ("/playground.js", "text/javascript"), ("/usage-panel.js", "text/javascript"),
             ("/playground.css", "text/css"))
    for path, kind in files:
        with urllib.request.urlopen(stack.url + path, timeout=10) as reply:
            assert reply.status == 200 and reply.headers["Content-Type"].startswith(kind)
            assert reply.headers["X-Content-Type-Options"] == "nosniff"
            policy = {d.split()[0]: d.split()[1:] for d in reply.headers["Content-Security-Policy"].split("; ")}
            assert policy["default-src"] == ["'none'"] and policy["script-src"] == ["'self'"]
            assert policy["connect-src"] == ["'self'"] and policy["style-src"] == ["'self'"]


def test_the_page_loads_keeps_the_key_in_session_storage_and_breaks_no_policy(
    driver: webdriver.Chrome, stack: LocalStack
) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    open_page(driver, stack, "pg-load")
    names = [o.get_attribute("value") for o in by_id(driver, "personality").find_elements(By.TAG_NAME, "option")]
    assert "Assistant" in names and "Sage" in names
    assert driver.execute_script("return sessionStorage.getItem('luminora.apiKey')") == LOCAL_KEY
    assert driver.execute_script("return localStorage.length") == 0
    assert LOCAL_KEY not in (driver.page_source or "").replace(f'value="{LOCAL_KEY}"', "")
    assert csp_violations(driver) == []


def test_two_turns_move_the_affinity_bar_show_a_fact_export_forget_it_and_erase_the_user(
    driver: webdriver.Chrome, stack: LocalStack, downloads: Path
) -> None:
    open_page(driver, stack, "pg-ana")
    assert by_id(driver, "affinity-level").text == "—"
    first = say(driver, "Hi! My name is Ana and I live in Lisbon. You are wonderful, thank you!")
    assert first
    wait_for(driver, lambda d: points(d) > 0)
    after_first = points(driver)
    say(driver, "Thank you so much, this is really great and so helpful!")
    wait_for(driver, lambda d: points(d) > after_first)
    marked = "return document.querySelector('#affinity-levels .current').dataset.level"
    wait_for(driver, lambda d: d.execute_script(marked) == by_id(d, "affinity-level").text)
    assert by_id(driver, "affinity-fill").value_of_css_property("width") != "0px"
    wait_for(driver, lambda d: "personal_info/name" in fact_values(d))
    assert fact_values(driver)["personal_info/name"] == "Ana"
    assert by_id(driver, "mood").text != "—" and by_id(driver, "usage-prompt").text != "—"
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOT))

    by_id(driver, "export").click()
    exported = downloads / "luminora-pg-ana.json"
    wait_for(driver, lambda d: exported.exists() and exported.stat().st_size > 0)
    export = json.loads(exported.read_text())
    assert export["user_id"] == "pg-ana" and len(export["messages"]) == 4

    driver.find_element(By.CSS_SELECTOR, '#facts li[data-fact="personal_info/name"] button.forget').click()
    wait_for(driver, lambda d: "personal_info/name" not in fact_values(d))

    by_id(driver, "erase").click()
    assert "pg-ana" in by_id(driver, "erase-question").text
    by_id(driver, "erase-yes").click()
    wait_for(driver, lambda d: "Erased" in by_id(d, "action-status").text)
    wait_for(driver, lambda d: by_id(d, "affinity-level").text == "—" and fact_values(d) == {})
    # Only the erase marker stays (a day), so that a write racing the erase stores nothing.
    assert [i["SK"]["S"] for i in scan(stack) if i["PK"]["S"].endswith("#U#pg-ana")] == ["~ERASED"]


def test_a_fact_holding_markup_is_shown_as_those_characters_and_runs_nothing(
    driver: webdriver.Chrome, stack: LocalStack
) -> None:
    open_page(driver, stack, "pg-xss")
    say(driver, "Hello there!")
    partition = next(i["PK"]["S"] for i in scan(stack) if i["PK"]["S"].endswith("#U#pg-xss"))
    _put(stack, fact_item(partition, Fact("preferences", "snack", MARKUP, 0.9, "m1", "2026-01-01T00:00:00Z",
                                          "2026-01-01T00:00:00Z", ({"value": MARKUP, "superseded_at": "x"},))))
    driver.execute_script("window.alerted = false; window.alert = () => { window.alerted = true; };")
    say(driver, "Tell me more.")
    wait_for(driver, lambda d: "preferences/snack" in fact_values(d))
    assert fact_values(driver)["preferences/snack"] == MARKUP
    assert driver.find_elements(By.CSS_SELECTOR, "#facts img") == []
    history = driver.find_element(By.CSS_SELECTOR, '#facts li[data-fact="preferences/snack"] details')
    history.click()
    assert MARKUP in history.text
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - reading the text is how Selenium looks for a dialog
    assert driver.execute_script("return window.alerted") is False


def test_a_failed_call_shows_the_apis_message_and_the_wait_state_shows_while_it_runs(
    driver: webdriver.Chrome, stack: LocalStack
) -> None:
    open_page(driver, stack, "not a valid id!")
    # Hold every request for a moment, so that the wait state can be seen.
    driver.execute_script(
        "const real = window.fetch;"
        "window.fetch = (...args) => new Promise((ok) => setTimeout(ok, 700)).then(() => real(...args));"
    )
    by_id(driver, "message").send_keys("Hello?", Keys.ENTER)
    wait_for(driver, lambda d: by_id(d, "wait").is_displayed() and not by_id(d, "send").is_enabled())
    wait_for(driver, lambda d: by_id(d, "error").is_displayed())
    error = by_id(driver, "error")
    assert error.text.startswith("Sending the message failed (HTTP 400): BadRequestError: user_id: must match")
    assert by_id(driver, "send").is_enabled() and not by_id(driver, "wait").is_displayed()
    assert driver.find_elements(By.CSS_SELECTOR, "#chat-log li.failed")


def test_the_token_panel_shows_the_turns_cache_hit_share(driver: webdriver.Chrome, stack: LocalStack) -> None:
    open_page(driver, stack, "pg-tokens")
    # The offline responder reports no tokens: answer this turn as DeepSeek would, usage included.
    usage = {"prompt_tokens": 1200, "completion_tokens": 80, "prompt_cache_hit_tokens": 900,
             "prompt_cache_miss_tokens": 300}
    reply = {"response": "Hello!", "affinity_level": "stranger", "affinity_points": 1, "mood": "neutral",
             "usage": usage}
    driver.execute_script(
        "const real = window.fetch, reply = arguments[0];"
        "window.fetch = (url, init) => String(url).endsWith('/message')"
        " ? Promise.resolve(new Response(JSON.stringify(reply), {status: 200})) : real(url, init);",
        reply,
    )
    say(driver, "Hi")
    shown = {name: by_id(driver, f"usage-{name}").text for name in ("prompt", "completion", "hit", "miss", "share")}
    assert shown == {"prompt": "1200", "completion": "80", "hit": "900", "miss": "300", "share": "75 %"}


def test_a_pasted_personality_shows_the_apis_error_beside_its_field_and_once_stored_can_be_chosen(
    driver: webdriver.Chrome, stack: LocalStack
) -> None:
    open_page(driver, stack, "pg-persona")
    piper = json.loads(WREN.replace('"Wren"', '"Piper"'))
    wrong = {**piper, "core_traits": {**piper["core_traits"], "archetype": "wizard"}}
    _paste(driver, json.dumps(wrong, indent=2))
    row = wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, 'li[data-path="core_traits.archetype"]'))
    note = wait_for(driver, lambda d: row.find_elements(By.CSS_SELECTOR, ":scope > .field-error"))[0]
    assert "scientist" in note.text and "invalid" in (row.get_attribute("class") or "")
    assert note.get_attribute("data-field") == "core_traits.archetype"

    _paste(driver, json.dumps(piper))
    wait_for(driver, lambda d: by_id(d, "personality").get_attribute("value") == "Piper")
    assert "Stored Piper" in by_id(driver, "persona-status").text
    assert "The robins are out early today." in say(driver, "Hello!")


def _paste(driver: webdriver.Chrome, text: str) -> None:
    box = by_id(driver, "persona-json")
    driver.execute_script("arguments[0].value = arguments[1];", box, text)
    by_id(driver, "persona-save").click()


def _dynamodb(stack: LocalStack) -> Any:
    return boto3.client("dynamodb", endpoint_url=stack.dynamodb_url, region_name="us-east-1",
                        aws_access_key_id="local", aws_secret_access_key="local")


def _put(stack: LocalStack, item: dict[str, Any]) -> None:
    _dynamodb(stack).put_item(TableName=TABLE, Item=to_wire(item))


def _new_tenant_key(stack: LocalStack, tenant: str) -> str:
    plain, _ = Access(DynamoApiKeyStore(_dynamodb(stack), TABLE), {}, clock=SYSTEM_CLOCK).create(tenant, "e2e")
    return plain


def test_the_usage_panel_counts_two_turns_and_their_tokens_against_the_tenants_limits(
    driver: webdriver.Chrome, metered: tuple[LocalStack, DeepSeekStub]
) -> None:
    stack, stub = metered
    stub.script(answer("Hello, nice to meet you.", Usage(prompt_tokens=300, completion_tokens=25,
                                                       prompt_cache_hit_tokens=256, prompt_cache_miss_tokens=44)))
    # The stacks of a run share moto's backend, and other tests' turns count for `local-dev-key`'s tenant:
    # a key of a new tenant, as an operator makes one.
    tenant_key = _new_tenant_key(stack, f"pg-usage-{secrets.token_hex(3)}")
    open_page(driver, stack, "pg-usage", tenant_key)
    wait_for(driver, lambda d: by_id(d, "today-figures").is_displayed())
    assert not by_id(driver, "today-error").is_displayed()
    before = usage_today(driver)
    assert (before["turns"], before["prompt"], before["completion"], before["cost"]) == ("0", "0", "0", "$0.000000")
    assert before["tokens"] == "100,000 of 100,000 left"
    assert by_id(driver, "limit-tokens").get_attribute("title") == "resets at 00:00 UTC"

    say(driver, "Hi! My name is Ana.")
    wait_for(driver, lambda d: usage_today(d)["turns"] == "1")
    one = usage_today(driver)
    assert (one["prompt"], one["cache"], one["completion"]) == ("300", "256 / 44", "25")
    say(driver, "How are you today?")
    wait_for(driver, lambda d: usage_today(d)["turns"] == "2")
    two = usage_today(driver)
    assert (two["prompt"], two["cache"], two["completion"], two["analyses"]) == ("600", "512 / 88", "50", "0")
    assert float(two["cost"].lstrip("$")) > float(one["cost"].lstrip("$")) > 0
    assert two["tokens"] == "99,350 of 100,000 left"
    # A minute may have turned between the turns: at most both of them count in this minute.
    assert re.fullmatch(r"[345] of 5 left", two["user"]), two["user"]
    assert re.fullmatch(r"(48|49|50) of 50 left", two["tenant"]), two["tenant"]
    assert "2 turns today" in by_id(driver, "today-status").text
    assert by_id(driver, "today-status").get_attribute("aria-live") == "polite"

    driver.refresh()  # with the key kept in the tab, opening the page reads the panel by itself
    wait_for(driver, lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    settle(driver)
    assert usage_today(driver)["turns"] == "2" and by_id(driver, "today-figures").is_displayed()


def test_a_failed_usage_read_shows_its_error_in_the_panel_and_no_figures(
    driver: webdriver.Chrome, stack: LocalStack
) -> None:
    open_page(driver, stack, "pg-usage-down")
    wait_for(driver, lambda d: by_id(d, "today-figures").is_displayed())
    refusal = {"Code": "ServiceUnavailableError", "Message": "DynamoDB throttled the request; retry shortly"}
    driver.execute_script(
        "const real = window.fetch, refusal = arguments[0];"
        "window.fetch = (url, init) => new URL(String(url), location.href).pathname.endsWith('/usage')"
        " ? Promise.resolve(new Response(JSON.stringify(refusal), {status: 503})) : real(url, init);",
        refusal,
    )
    say(driver, "Hello!")
    wait_for(driver, lambda d: by_id(d, "today-error").is_displayed())
    assert by_id(driver, "today-error").text == (
        "Reading the usage failed (HTTP 503): ServiceUnavailableError: DynamoDB throttled the request; retry shortly"
    )
    assert not by_id(driver, "today-figures").is_displayed()
    assert by_id(driver, "today-status").text == "Usage not available."
    assert by_id(driver, "today-day").text == ""
