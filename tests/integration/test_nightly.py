"""The nightly job on moto, invoked the way the schedule invokes it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib.bootstrap import build_maintenance, build_services
from chalicelib.config import Settings
from chalicelib.dynamodb.conversation import DynamoConversationStore
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.models import TurnInput
from chalicelib.usecases.conversation import Conversation
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock, ScriptedChatModel


def _talk(dynamodb: Any, ago: timedelta, user: str, session: str, *texts: str, key: str | None = None) -> None:
    """Turns taken ``ago`` before the night's clock."""
    then = FakeClock(FakeClock().now() - ago)
    store = DynamoConversationStore(dynamodb, TABLE, clock=then)
    conversation = Conversation(store, ScriptedChatModel("ok"), BuiltinPersonalities(), clock=then)
    for text in texts:
        conversation.take_turn(TurnInput("t1", user, session, text, idempotency_key=key))


@pytest.fixture
def nightly(dynamodb: Any) -> Iterator[Client]:
    settings = Settings(table_name=TABLE, demo_mode=True)
    night = FakeClock()
    app_module.set_maintenance(build_maintenance(settings, dynamodb_client=dynamodb, clock=night))
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, clock=night))
    with Client(app_module.app) as client:
        yield client
    app_module.set_maintenance(None)
    app_module.set_services(None)


def _run(client: Client) -> dict[str, Any]:
    result = client.lambda_.invoke("nightly", client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]))
    payload: dict[str, Any] = result.payload
    return payload


def _keys(dynamodb: Any, user: str) -> list[str]:
    return [i["SK"]["S"] for i in table_items(dynamodb) if i["PK"]["S"] == f"T#t1#U#{user}"]


def test_sessions_idle_past_their_ttl_are_deleted_and_the_rest_is_kept(dynamodb: Any, nightly: Client) -> None:
    _talk(dynamodb, timedelta(days=92), "old", "s-old", "Hello there", "Nice day", key=None)
    _talk(dynamodb, timedelta(days=92), "old", "s-old2", "Another thread", key="retry-1")
    _talk(dynamodb, timedelta(hours=2), "new", "s-new", "Hello again")
    report = _run(nightly)
    assert report["sessions_expired"] == 2
    remaining = _keys(dynamodb, "old")
    # Memory, affinity, the user's usage days (kept 400 days) and limit window (one item) outlive sessions.
    assert [k for k in remaining if not k.startswith("USAGE#")] == ["K#LIM", "K#P#assistant#REL"]
    assert len([k for k in remaining if k.startswith("USAGE#")]) == 1
    assert any(sk.startswith("S#s-new#") for sk in _keys(dynamodb, "new"))


def test_yesterdays_idle_sessions_are_summarized_and_the_summary_reaches_the_prompt(
    dynamodb: Any, nightly: Client
) -> None:
    _talk(dynamodb, timedelta(days=1), "ana", "s1", "I adopted a cat named Miso.", "She likes boxes.")
    report = _run(nightly)
    assert report["sessions_summarized"] == 1
    chat = ScriptedChatModel("ok")
    night = FakeClock()
    store = DynamoConversationStore(dynamodb, TABLE, clock=night)
    Conversation(store, chat, BuiltinPersonalities(), clock=night).take_turn(
        TurnInput("t1", "ana", "s1", "What is my cat called?")
    )
    assert "I adopted a cat named Miso." in chat.requests[0].messages[0].content


def test_running_twice_is_harmless(dynamodb: Any, nightly: Client) -> None:
    _talk(dynamodb, timedelta(days=1), "ana", "s1", "I adopted a cat named Miso.")
    _run(nightly)
    before = table_items(dynamodb)
    again = _run(nightly)
    assert again["sessions_summarized"] == 0 and again["sessions_expired"] == 0
    assert table_items(dynamodb) == before


def test_turns_whose_analysis_never_ran_are_analysed_by_the_nightly_run(dynamodb: Any, nightly: Client) -> None:
    _talk(dynamodb, timedelta(hours=2), "ana", "s1", "Hi! My name is Ana and I live in Lisbon.")
    report = _run(nightly)
    assert (report["analyses_caught_up"], report["analyses_failed"], report["analyses_parked"]) == (1, 0, 0)
    assert report["summaries_parked"] == 0
    assert "K#F#personal_info#name" in _keys(dynamodb, "ana")
    assert _run(nightly)["analyses_caught_up"] == 0
