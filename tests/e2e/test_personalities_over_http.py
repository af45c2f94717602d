"""A tenant's own personality over real HTTP, as docs/api.md shows it."""

from __future__ import annotations

from pathlib import Path

from scripts.stack import LocalStack
from tests.e2e.conftest import call

WREN = (Path(__file__).parents[1] / "data" / "wren.json").read_bytes()


def test_a_stored_personality_answers_in_its_own_voice(stack: LocalStack) -> None:
    status, saved = call(stack, "PUT", "/personalities/Wren", raw=WREN)
    assert status == 200 and saved["built_in"] is False
    status, body = call(stack, "POST", "/message",
                        {"user_id": "e2e-wren", "session_id": "e2e-w", "message": "Hello!", "personality_name": "wren"})
    assert status == 200 and "The robins are out early today." in body["response"]
    status, listed = call(stack, "GET", "/personalities")
    assert status == 200 and "Wren" in [p["name"] for p in listed["personalities"]]
    status, error = call(stack, "PUT", "/personalities/Sage", raw=WREN.replace(b'"Wren"', b'"Sage"'))
    assert status == 409 and error["Code"] == "ConflictError"
