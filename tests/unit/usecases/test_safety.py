"""The turn's safety protocols with fakes: which one fires, what it costs, and what it keeps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.engine.safety import replies
from chalicelib.errors import LLMTimeoutError
from chalicelib.models import SafetyConfig, TurnInput, TurnRecord, UserProfile
from chalicelib.usecases.catalog import Personalities
from chalicelib.usecases.conversation import Conversation
from chalicelib.usecases.oversight import meter_protocols
from chalicelib.usecases.safety import Safeguards
from tests.fakes import FakeClock, InMemoryConversationStore, InMemoryPersonalityStore, ScriptedChatModel


class CountingStore(InMemoryConversationStore):
    """The fake store, counting reads of the tenant's safety settings."""

    config_reads = 0

    def get_safety_config(self, tenant: str) -> SafetyConfig | None:
        self.config_reads += 1
        found: SafetyConfig | None = super().get_safety_config(tenant)
        return found


def _turn(message: str, **overrides: Any) -> TurnInput:
    return TurnInput(**{"tenant": "t1", "user_id": "ana", "session_id": "s1", "message": message, **overrides})


def _conversation(store: InMemoryConversationStore, chat: ScriptedChatModel, records: list[TurnRecord] | None = None
                  ) -> Conversation:
    catalog = Personalities(BuiltinPersonalities(), InMemoryPersonalityStore())
    after = (lambda record, deadline: records.append(record)) if records is not None else None
    return Conversation(store, chat, catalog, clock=store.clock, after_turn=after,
                        safeguards=Safeguards(store, clock=store.clock))


def test_an_adults_everyday_turn_reads_no_settings_and_keeps_its_prompt() -> None:
    store, chat = CountingStore(), ScriptedChatModel("ok")
    conversation = _conversation(store, chat)
    for text in ("Hello there", "I went hiking today and loved it"):
        result = conversation.take_turn(_turn(text))
    assert store.config_reads == 0 and result.safety is None
    assert chat.requests[-1].messages[0].content.startswith("You are Assistant")


def test_the_settings_are_read_once_a_minute_and_at_once_after_a_change() -> None:
    clock = FakeClock()
    store, chat = CountingStore(clock), ScriptedChatModel("ok")
    conversation = _conversation(store, chat)
    for _ in range(3):
        conversation.take_turn(_turn("I want to die"))
    assert store.config_reads == 1
    clock.advance(timedelta(seconds=61))
    conversation.take_turn(_turn("I want to die"))
    assert store.config_reads == 2


def test_a_tenant_can_disclose_at_the_start_of_every_session() -> None:
    store, chat = CountingStore(), ScriptedChatModel("Hello!")
    safeguards = Safeguards(store, clock=store.clock, disclose_at_session_start="t1, t3")
    catalog = Personalities(BuiltinPersonalities(), InMemoryPersonalityStore())
    conversation = Conversation(store, chat, catalog, clock=store.clock, safeguards=safeguards)
    first = conversation.take_turn(_turn("Hello"))
    second = conversation.take_turn(_turn("How are you?"))
    other = conversation.take_turn(_turn("Hello", tenant="t2"))
    assert first.safety == {"protocol": "ai_disclosure", "language": "en"}
    assert first.response == f"{replies.DISCLOSURE['en'].format(name='Assistant')} Hello!"
    assert second.safety is None and second.response == "Hello!"
    assert other.safety is None and store.config_reads == 0  # no settings are read for a disclosure


def test_a_crisis_wins_over_every_other_protocol_and_is_counted_in_the_record() -> None:
    clock = FakeClock()
    store, chat, records = InMemoryConversationStore(clock), ScriptedChatModel("I'm here."), list[TurnRecord]()
    store.put_profile("t1", "ana", UserProfile(minor=True))
    result = _conversation(store, chat, records).take_turn(_turn("are you human? i want to kill myself tonight"))
    assert result.safety is not None and result.safety["protocol"] == "crisis_referral"
    assert records[0].safety is not None and records[0].safety.protocol == "crisis_referral"
    assert records[0].safety.profile is not None and records[0].safety.profile.last_turn_at == clock.iso()
    assert store.safety_counts("t1", "2000-01-01", "2999-12-31") == {clock.iso()[:10]: {"crisis_referral": 1}}


def test_only_the_protocols_that_must_answer_survive_a_model_failure() -> None:
    store = InMemoryConversationStore()
    crisis = _conversation(store, ScriptedChatModel(LLMTimeoutError("slow"))).take_turn(_turn("quiero morirme"))
    assert crisis.response.startswith(replies.CRISIS["es"])
    with pytest.raises(LLMTimeoutError):
        _conversation(store, ScriptedChatModel(LLMTimeoutError("slow"))).take_turn(_turn("are you a bot?"))


def test_each_protocol_is_metered_under_its_own_name() -> None:
    store, chat, counted = InMemoryConversationStore(), ScriptedChatModel("ok"), list[str]()
    records: list[TurnRecord] = []
    conversation = _conversation(store, chat, records)
    for text in ("I want to die", "are you a person?", "nice weather"):
        conversation.take_turn(_turn(text, session_id="s2"))
    hook = meter_protocols(counted.append, None)
    for record in records:
        hook(record, None)
    assert counted == ["SafetyCrisisReferrals", "SafetyDisclosures"]
