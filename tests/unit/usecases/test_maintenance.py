from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from chalicelib.engine.memory.summary import ExtractiveSummarizer
from chalicelib.errors import LLMBadResponseError, LLMTimeoutError
from chalicelib.models import Message
from chalicelib.usecases.maintenance import (
    Maintenance,
    MaintenanceState,
    ParkedSession,
    SessionRef,
    SummaryWork,
)
from tests.fakes import FakeClock

TODAY = FakeClock().now().date()


def day(offset: int) -> str:
    """The job's day ``offset`` days from the clock's today, as the store names it."""
    return (TODAY + timedelta(days=offset)).isoformat()


class TickingClock(FakeClock):
    """Monotonic readings taken from a list, to cut a run short at a chosen step."""

    def __init__(self, ticks: list[float]) -> None:
        super().__init__()
        self._ticks = iter(ticks)

    def monotonic(self) -> float:
        return next(self._ticks)


@dataclass
class FakeMaintenanceStore:
    """Sessions by last-activity day; records what the job did."""

    by_day: dict[str, list[SessionRef]] = field(default_factory=dict)
    state: MaintenanceState = field(default_factory=MaintenanceState)
    deleted: list[SessionRef] = field(default_factory=list)
    summaries: dict[SessionRef, str] = field(default_factory=dict)
    messages: dict[SessionRef, tuple[Message, ...]] = field(default_factory=dict)
    through: dict[SessionRef, int] = field(default_factory=dict)
    failures: dict[SessionRef, tuple[int, str]] = field(default_factory=dict)
    parked: dict[SessionRef, str] = field(default_factory=dict)
    revisit_day: Callable[[int], str] | None = None

    def load_state(self) -> MaintenanceState:
        return self.state

    def save_state(self, state: MaintenanceState) -> None:
        self.state = state

    def sessions_last_active_on(self, day: str) -> Iterator[SessionRef]:
        yield from self.by_day.get(day, [])

    def delete_expired_session(self, ref: SessionRef, now: int, revisit_day: Callable[[int], str]) -> int:
        self.deleted.append(ref)
        self.revisit_day = revisit_day
        return 3

    def delete_expired_user_items(self, tenant: str, user_id: str, now: int) -> int:
        return 1

    def summary_work(self, ref: SessionRef) -> SummaryWork | None:
        messages, done = self.messages.get(ref, ()), self.through.get(ref, 0)
        attempts = self.failures.get(ref, (0, ""))[0]
        return SummaryWork(self.summaries.get(ref, ""), done, len(messages), messages[done:], attempts,
                           ref in self.parked)

    def save_summary(self, ref: SessionRef, summary: str, through: int, expected_through: int) -> bool:
        self.summaries[ref] = summary
        self.through[ref] = through
        self.failures.pop(ref, None)
        return True

    def record_summary_failure(self, ref: SessionRef, attempts: int, error: str, parked_at: str | None) -> None:
        self.failures[ref] = (attempts, error)
        if parked_at is not None:
            self.parked[ref] = parked_at

    def parked_sessions(self) -> list[ParkedSession]:
        return [ParkedSession(ref, at, self.failures[ref][1]) for ref, at in self.parked.items()]

    def unpark(self, ref: SessionRef) -> None:
        self.parked.pop(ref, None)
        self.failures.pop(ref, None)


class FailingSummarizer:
    def summarize(self, previous: str, messages: tuple[Message, ...], *, deadline: float | None = None) -> str:
        raise LLMTimeoutError("slow")


class PoisonedSummarizer(ExtractiveSummarizer):
    """Fails on any transcript that mentions ``poison``, like a model refusing an over-long input."""

    def summarize(self, previous: str, messages: tuple[Message, ...], *, deadline: float | None = None) -> str:
        if any("poison" in m.content for m in messages):
            raise LLMBadResponseError("400: the transcript is too long for the model")
        return super().summarize(previous, messages, deadline=deadline)


def _msg(seq: int, text: str, role: str = "user") -> Message:
    return Message(str(seq), "s", role, text, "t", seq=seq)


def _job(
    store: FakeMaintenanceStore, summarizer: object = None, clock: list[float] | None = None, night: int = 0
) -> Maintenance:
    ticking = TickingClock(clock if clock is not None else [0.0] * 100)
    ticking.advance(timedelta(days=night))
    return Maintenance(
        store,
        summarizer or ExtractiveSummarizer(),  # type: ignore[arg-type]
        session_ttl_days=90,
        clock=ticking,
    )


def test_sessions_idle_past_their_ttl_are_swept_and_progress_is_saved() -> None:
    old = SessionRef("t", "ana", "s1")
    store = FakeMaintenanceStore(by_day={day(-91): [old]}, state=MaintenanceState(day(-93), day(-2)))
    report = _job(store).run(deadline=1.0)
    assert store.deleted == [old]
    assert report.sessions_expired == 1 and report.items_deleted == 4
    assert report.days_swept == [day(-92), day(-91)]
    assert store.state.expired_through == day(-91)


def test_a_session_that_expires_later_than_the_ttl_says_is_revisited_the_night_after_it_expires() -> None:
    store = FakeMaintenanceStore(by_day={day(-91): [SessionRef("t", "ana", "s1")]}, state=MaintenanceState(day(-92)))
    _job(store).run(deadline=1.0)
    assert store.revisit_day is not None
    expires = FakeClock().epoch(timedelta(days=30))  # set while the TTL was longer
    assert store.revisit_day(expires) == day(30 - 90)  # swept 91 days later: day 31, the day after it expires


def test_a_second_run_the_same_night_finds_nothing_to_do() -> None:
    store = FakeMaintenanceStore(by_day={day(-91): [SessionRef("t", "ana", "s1")]})
    _job(store).run(deadline=1.0)
    again = _job(store).run(deadline=1.0)
    assert again.days_swept == [] and again.days_summarized == [] and again.sessions_expired == 0


def test_a_run_cut_short_resumes_at_the_unfinished_day() -> None:
    refs = [SessionRef("t", f"u{i}", "s") for i in range(3)]
    store = FakeMaintenanceStore(by_day={day(-91): refs}, state=MaintenanceState(day(-92), day(-1)))
    first = _job(store, clock=[0.0, 0.5, 2.0]).run(deadline=1.0)
    assert not first.complete and store.state.expired_through == day(-92)
    second = _job(store).run(deadline=1.0)
    assert second.complete and store.state.expired_through == day(-91)


def test_idle_sessions_of_yesterday_get_a_summary() -> None:
    ref = SessionRef("t", "ana", "s1")
    store = FakeMaintenanceStore(by_day={day(-1): [ref]}, state=MaintenanceState(day(-91), day(-2)))
    store.messages[ref] = (_msg(0, "I adopted a cat named Miso. She is tiny."), _msg(1, "Lovely!", "assistant"))
    report = _job(store).run(deadline=1.0)
    assert report.sessions_summarized == 1
    assert "I adopted a cat named Miso." in store.summaries[ref]
    assert "Lovely" not in store.summaries[ref]
    assert store.state.summarized_through == day(-1)


def test_a_failed_summary_leaves_the_day_due() -> None:
    ref = SessionRef("t", "ana", "s1")
    store = FakeMaintenanceStore(by_day={day(-1): [ref]}, state=MaintenanceState(day(-91), day(-2)))
    store.messages[ref] = (_msg(0, "hello"),)
    report = _job(store, FailingSummarizer()).run(deadline=1.0)
    assert report.summaries_failed == 1 and report.days_summarized == []
    assert store.state.summarized_through == day(-2)


def test_three_nights_with_one_failing_session_summarise_every_other_session() -> None:
    bad = SessionRef("t", "bob", "s-bad")
    store = FakeMaintenanceStore(state=MaintenanceState(day(-91), day(-2)))
    store.messages[bad] = (_msg(0, "A poison transcript."),)
    store.by_day[day(-1)] = [bad]
    reports = []
    for night in range(3):
        good = SessionRef("t", f"ana{night}", "s1")
        store.by_day.setdefault(day(night - 1), []).append(good)
        store.messages[good] = (_msg(0, f"Good night number {night}."),)
        reports.append(_job(store, PoisonedSummarizer(), night=night).run(deadline=1.0))
        assert f"Good night number {night}." in store.summaries[good]
    assert [r.summaries_failed for r in reports] == [1, 1, 1]
    assert [r.summaries_parked for r in reports] == [0, 0, 1]
    assert store.failures[bad] == (3, "LLMBadResponseError: 400: the transcript is too long for the model")
    assert store.state.summarized_through == day(1)  # the parked session no longer holds the days back
    assert _job(store, PoisonedSummarizer(), night=3).run(deadline=1.0).summaries_failed == 0


def test_a_parked_session_is_listed_and_an_unpark_summarizes_it_again() -> None:
    bad = SessionRef("t", "bob", "s-bad")
    store = FakeMaintenanceStore(by_day={day(-1): [bad]}, state=MaintenanceState(day(-91), day(-2)))
    store.messages[bad] = (_msg(0, "A poison transcript."),)
    job = _job(store, PoisonedSummarizer(), clock=[0.0] * 100)
    for _ in range(3):
        job.run(deadline=1.0)
    assert [p.ref for p in job.parked()] == [bad] and job.parked()[0].summary_error.startswith("LLMBad")
    store.messages[bad] = (_msg(0, "A fine transcript now."),)
    assert _job(store).unpark(bad, deadline=1.0) is True
    assert job.parked() == [] and "A fine transcript now." in store.summaries[bad]


def test_the_extractive_summary_stays_within_its_cap_keeping_the_newest() -> None:
    summarizer = ExtractiveSummarizer(max_chars=200)
    summary = ""
    for i in range(20):
        summary = summarizer.summarize(summary, (_msg(i, f"Fact number {i} is here. Extra words."),))
    assert len(summary) <= 200
    assert "Fact number 19 is here." in summary and "Fact number 0 " not in summary
