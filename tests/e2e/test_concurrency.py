"""Many turns of one user and session at once, over real HTTP: every one answered and stored, exactly."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scripts.stack import LocalStack
from tests.e2e.conftest import LOCAL_KEY, call


def _turn(stack: LocalStack, user: str, number: int) -> tuple[int | str, Any]:
    body = json.dumps({"user_id": user, "session_id": "b1", "message": f"Message number {number}."}).encode()
    request = urllib.request.Request(stack.url + "/message", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("x-api-key", LOCAL_KEY)
    try:
        with urllib.request.urlopen(request, timeout=900) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:  # a reset or refused connection
        return type(error).__name__, str(error)


def _burst(stack: LocalStack, user: str, turns: int) -> None:
    """``turns`` simultaneous turns of one user and session: all answered, all stored, counters exact."""
    with ThreadPoolExecutor(max_workers=turns) as pool:
        outcomes = list(pool.map(lambda n: _turn(stack, user, n), range(turns)))
    failed = [(status, body) for status, body in outcomes if status != 200]
    assert failed == []
    status, relationship = call(stack, "GET", f"/users/{user}/relationships/Assistant")
    assert status == 200 and relationship["total_interactions"] == turns
    status, history = call(stack, "GET", f"/users/{user}/sessions/b1/messages?limit=200")
    assert status == 200 and len(history["messages"]) == 2 * turns
    said = sorted(m["content"] for m in history["messages"] if m["role"] == "user")
    assert said == sorted(f"Message number {n}." for n in range(turns))
    assert len({body["message_id"] for _, body in outcomes}) == turns


def test_twenty_simultaneous_turns_of_one_user_are_all_answered_and_stored(stack: LocalStack) -> None:
    _burst(stack, "burst-20", 20)


def test_fifty_simultaneous_turns_of_one_user_are_all_answered_and_stored(stack: LocalStack) -> None:
    _burst(stack, "burst-50", 50)


def test_without_a_key_every_route_is_a_401_over_http(stack: LocalStack) -> None:
    for method, path in [("POST", "/message"), ("GET", "/users/ana/facts"), ("DELETE", "/users/ana"),
                         ("GET", "/personalities")]:
        request = urllib.request.Request(stack.url + path, data=b"{}" if method == "POST" else None, method=method)
        try:
            urllib.request.urlopen(request, timeout=30)
            raise AssertionError(f"{method} {path} answered without a key")
        except urllib.error.HTTPError as error:
            assert error.code == 401 and "x-api-key" in json.loads(error.read())["message"]
