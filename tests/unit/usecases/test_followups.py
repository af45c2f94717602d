from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.models import Extraction, FollowUp, FollowUpCandidate, TurnInput
from chalicelib.usecases.conversation import Conversation
from chalicelib.usecases.followups import FollowUpLimits, for_turn
from chalicelib.usecases.memory import Memory
from tests.fakes import FakeClock, InMemoryConversationStore, ScriptedChatModel


class _Suggests:
    """An extractor that suggests the given follow-ups for the batch's first user message."""

    def __init__(self, *dues: str) -> None:
        self.dues = dues
        self.seen: list[str] = []

    def extract(self, messages: Any, known: Any, **_: Any) -> Extraction:
        first = next(m for m in messages if m.role == "user")
        self.seen.append(first.created_at)
        return Extraction(followups=tuple(FollowUpCandidate("the big trip", d, first.message_id) for d in self.dues))


def _analysed(text: str, extractor: Any, clock: FakeClock, zone: str = "UTC", **limits: Any) -> list[FollowUp]:
    store = InMemoryConversationStore(clock)
    Conversation(store, ScriptedChatModel("ok"), BuiltinPersonalities(), clock=clock).take_turn(
        TurnInput("t1", "ana", "s1", text))
    memory = Memory(store, extractor, clock=clock, zone_for=lambda _t, _u: zone,
                    followup_limits=FollowUpLimits(**limits))
    memory.analyze_session("t1", "ana", "s1")
    return memory.followups("t1", "ana")


def test_the_rules_and_the_llm_both_add_follow_ups_but_never_one_dated_before_the_message() -> None:
    clock = FakeClock()
    today = clock.now().date()
    later, earlier = (today + timedelta(days=9)).isoformat(), (today - timedelta(days=1)).isoformat()
    found = _analysed("my exam is tomorrow", _Suggests(later, earlier), clock)
    assert sorted((f.due, f.status) for f in found) == [((today + timedelta(days=1)).isoformat(), "open"),
                                                        (later, "open")]


def test_the_extractor_reads_message_times_in_the_users_zone() -> None:
    extractor = _Suggests()
    _analysed("hello", extractor, FakeClock(), zone="Asia/Tokyo")
    assert extractor.seen[0].endswith("+09:00")


def test_no_more_follow_ups_than_the_cap_are_kept_open() -> None:
    assert len(_analysed("tomorrow I have the exam, and on friday the interview", _Suggests(), FakeClock()))== 2
    assert len(_analysed("tomorrow I have the exam, and on friday the interview", _Suggests(), FakeClock(),
                         max_open=1)) == 1


def test_a_follow_up_is_asked_from_the_day_after_it_falls_due_by_its_own_personality() -> None:
    due = date(2031, 3, 7)
    followup = FollowUp("f1", "my exam is on friday", due.isoformat(), "m0", personality="Assistant")
    assert for_turn([followup], "Assistant", "hi", due, "now").ask is None
    assert for_turn([followup], "Luna", "hi", due + timedelta(days=1), "now").ask is None
    asked = for_turn([followup], "assistant", "hi", due + timedelta(days=1), "now")
    assert asked.ask == followup and [f.status for f in asked.changed] == ["asked"]
    told = for_turn([followup], "Assistant", "the exam was easy", due + timedelta(days=1), "now")
    assert told.ask is None and [f.status for f in told.changed] == ["closed"]
