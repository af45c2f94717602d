"""How stored conversations age, on both stores, driven by the injected clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.dynamodb.maintenance import DynamoMaintenanceStore
from chalicelib.dynamodb.memory import DynamoMemoryStore
from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.engine.memory.summary import ExtractiveSummarizer
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.errors import LLMBadResponseError
from chalicelib.models import Message, TurnInput
from chalicelib.ports import ConversationStore
from chalicelib.usecases.conversation import Conversation
from chalicelib.usecases.maintenance import Maintenance, SessionRef
from chalicelib.usecases.memory import Memory
from tests.conftest import TABLE, table_items
from tests.fakes import FakeClock, InMemoryConversationStore, ScriptedChatModel
from tests.integration.conftest import Store
from tests.integration.racing import FirstCallWaits


def _say(store: ConversationStore, clock: FakeClock, text: str, chat: ScriptedChatModel | None = None) -> None:
    conversation = Conversation(store, chat or ScriptedChatModel("ok"), BuiltinPersonalities(), clock=clock)
    conversation.take_turn(TurnInput("t1", "ana", "s1", text))


def _summarize(store: Store, summary: str, request: pytest.FixtureRequest) -> None:
    """Give the session a nightly summary, the way each store keeps one."""
    if isinstance(store, InMemoryConversationStore):
        store.set_summary("t1", "ana", "s1", summary)
        return
    maintenance = DynamoMaintenanceStore(request.getfixturevalue("dynamodb"), TABLE)
    work = maintenance.summary_work(SessionRef("t1", "ana", "s1"))
    assert work is not None
    assert maintenance.save_summary(SessionRef("t1", "ana", "s1"), summary, work.message_count, work.summary_through)


def test_a_weekly_user_still_has_day_0_messages_on_day_91(store: Store, clock: FakeClock) -> None:
    for week in range(14):
        clock.set(FakeClock().now() + timedelta(days=7 * week))
        _say(store, clock, f"week {week}")
    assert clock.now() - FakeClock().now() == timedelta(days=91)
    messages, _ = store.list_messages("t1", "ana", "s1", None, 100)
    assert [m.content for m in messages[:2]] == ["week 0", "ok"]
    context = store.load_context("t1", "ana", "Assistant", "s1", 100)
    assert context.session is not None and context.recent_messages[0].content == "week 0"
    assert [m.content for m in store.export_user("t1", "ana").messages][:1] == ["week 0"]


def test_a_turn_on_an_expired_session_starts_clean(
    store: Store, clock: FakeClock, request: pytest.FixtureRequest
) -> None:
    _say(store, clock, "My secret is that I hate my job.")
    _summarize(store, "Ana hates her job.", request)
    clock.advance(timedelta(days=91))  # idle past the TTL; neither DynamoDB nor the sweep removed it yet
    chat = ScriptedChatModel("Hello!", "Still here.")
    _say(store, clock, "Hello again", chat)
    _say(store, clock, "Do you remember me?", chat)
    seen = "\n".join(m.content for request in chat.requests for m in request.messages)
    assert "hates" not in seen and "secret" not in seen
    context = store.load_context("t1", "ana", "Assistant", "s1", 100)
    assert context.session is not None and context.session.summary == ""
    assert context.session.created_at == FakeClock(clock.now()).iso()
    assert [m.content for m in context.recent_messages] == ["Hello again", "Hello!", "Do you remember me?",
                                                            "Still here."]
    messages, _ = store.list_messages("t1", "ana", "s1", None, 100)
    assert [m.content for m in messages] == [m.content for m in context.recent_messages]
    exported = store.export_user("t1", "ana")
    assert "hates" not in repr(exported) and "secret" not in repr(exported)


def test_analysis_of_a_revived_session_reads_only_its_new_life(store: Store, clock: FakeClock) -> None:
    _say(store, clock, "My name is Ana.")
    clock.advance(timedelta(days=91))
    _say(store, clock, "I live in Lisbon.")
    memory = Memory(store, RuleBasedExtractor(), clock=clock)
    assert memory.analyze_session("t1", "ana", "s1") == 2
    assert {f.key for f in store.list_facts("t1", "ana")} == {"location"}
    assert store.pending_analyses(10) == []


# -- the sweep (DynamoDB: the in-memory store has no sweep) ------------------------------------------


def test_a_sweep_racing_a_turn_leaves_the_revived_session_whole(dynamodb: Any, clock: FakeClock) -> None:
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    _say(store, clock, "Hello from long ago.")
    clock.advance(timedelta(days=92))
    # A turn lands between the sweep's reads and its first delete.
    racing = FirstCallWaits(dynamodb, ("batch_write_item", "delete_item"), lambda: _say(store, clock, "I am back!"))
    job = Maintenance(DynamoMaintenanceStore(racing, TABLE), ExtractiveSummarizer(), session_ttl_days=90, clock=clock)
    job.run(deadline=clock.monotonic() + 60)
    context = store.load_context("t1", "ana", "Assistant", "s1", 100)
    assert context.session is not None and context.next_seq == 4
    assert [m.content for m in context.recent_messages] == ["I am back!", "ok"]
    messages, _ = store.list_messages("t1", "ana", "s1", None, 100)
    assert [m.content for m in messages] == ["I am back!", "ok"]
    left = [i["SK"]["S"] for i in table_items(dynamodb) if i["SK"]["S"].startswith("S#s1#")]
    assert left == ["S#s1#M#00000002", "S#s1#M#00000003", "S#s1#~META"]  # only the old life was swept


def test_a_session_swept_after_a_turn_read_it_comes_back_as_a_whole_new_life(dynamodb: Any, clock: FakeClock) -> None:
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    _say(store, clock, "Hello.")
    _say(store, clock, "Still here.")

    def sweep() -> None:
        for item in table_items(dynamodb):
            if item["SK"]["S"].startswith("S#s1#"):
                dynamodb.delete_item(TableName=TABLE, Key={"PK": item["PK"], "SK": item["SK"]})

    # The sweep deletes the session after the turn read it, before it writes.
    racing = FirstCallWaits(dynamodb, ("transact_write_items",), sweep)
    _say(DynamoMemoryStore(racing, TABLE, clock=clock), clock, "Are you there?")
    meta = next(i for i in table_items(dynamodb) if i["SK"]["S"] == "S#s1#~META")
    assert {name: meta[name] for name in ("entity_type", "personality", "first_seq", "message_count")} == {
        "entity_type": {"S": "session"}, "personality": {"S": "Assistant"},
        "first_seq": {"N": "0"}, "message_count": {"N": "2"},
    }
    context = store.load_context("t1", "ana", "Assistant", "s1", 100)
    assert context.session is not None and context.session.created_at == meta["created_at"]["S"]
    assert [m.content for m in context.recent_messages] == ["Are you there?", "ok"]


def test_an_idempotency_key_reused_after_it_expired_survives_the_sweep(dynamodb: Any, clock: FakeClock) -> None:
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    conversation = Conversation(store, ScriptedChatModel("ok"), BuiltinPersonalities(), clock=clock)
    conversation.take_turn(TurnInput("t1", "ana", "s1", "first", idempotency_key="k1"))
    clock.advance(timedelta(days=92))
    reuse = lambda: conversation.take_turn(TurnInput("t1", "ana", "s2", "again", idempotency_key="k1"))  # noqa: E731
    maintenance = DynamoMaintenanceStore(FirstCallWaits(dynamodb, ("batch_write_item", "delete_item"), reuse), TABLE)
    maintenance.delete_expired_user_items("t1", "ana", clock.epoch())
    stored = store.get_turn_result("t1", "ana", "k1")
    assert stored is not None and stored["session_id"] == "s2"


def test_lowering_the_session_ttl_leaves_nothing_that_no_sweep_deletes(dynamodb: Any, clock: FakeClock) -> None:
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    _say(store, clock, "Said while sessions lived 90 days.")  # the turn's default TTL: expires on day 90
    maintenance = DynamoMaintenanceStore(dynamodb, TABLE)

    def night(day: int, ttl_days: int) -> None:
        clock.set(FakeClock().now() + timedelta(days=day))
        Maintenance(maintenance, ExtractiveSummarizer(), session_ttl_days=ttl_days, clock=clock).run(
            deadline=clock.monotonic() + 60)

    night(31, 30)  # the TTL is now 30 days: day 0's bucket is swept while its session still lives
    assert len(store.list_messages("t1", "ana", "s1", None, 10)[0]) == 2
    night(75, 10)  # and lowered once more
    assert len(store.list_messages("t1", "ana", "s1", None, 10)[0]) == 2
    night(91, 10)
    assert [i["SK"]["S"] for i in table_items(dynamodb) if i["SK"]["S"].startswith(("S#", "MOOD#"))] == []


class _Poisoned(ExtractiveSummarizer):
    def summarize(self, previous: str, messages: tuple[Message, ...], *, deadline: float | None = None) -> str:
        if any("poison" in m.content for m in messages):
            raise LLMBadResponseError("400: the transcript is too long for the model")
        return super().summarize(previous, messages, deadline=deadline)


def _talk_as(dynamodb: Any, clock: FakeClock, user: str, text: str) -> None:
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    Conversation(store, ScriptedChatModel("ok"), BuiltinPersonalities(), clock=clock).take_turn(
        TurnInput("t1", user, "s1", text))


def test_three_nights_with_one_failing_session_summarise_every_other_one_on_dynamodb(
    dynamodb: Any, clock: FakeClock
) -> None:
    maintenance = DynamoMaintenanceStore(dynamodb, TABLE)
    _talk_as(dynamodb, clock, "bob", "A poison transcript.")
    for night in range(3):
        _talk_as(dynamodb, clock, f"ana{night}", f"Good day number {night}.")
        clock.advance(timedelta(days=1))
        job = Maintenance(maintenance, _Poisoned(), session_ttl_days=90, clock=clock)
        report = job.run(deadline=clock.monotonic() + 60)
        work = maintenance.summary_work(SessionRef("t1", f"ana{night}", "s1"))
        assert work is not None and f"Good day number {night}." in work.summary
    assert (report.summaries_failed, report.summaries_parked) == (1, 1)
    (parked,) = job.parked()
    assert parked.ref == SessionRef("t1", "bob", "s1") and parked.summary_error.startswith("LLMBadResponseError")
    assert job.unpark(parked.ref, deadline=clock.monotonic() + 60) is False  # still poisoned: parked again later
    assert job.parked() == []


class _PoisonedExtractor(RuleBasedExtractor):
    def extract(
        self, messages: Any, known: Any, *, end_user: str = "", deadline: float | None = None, policy: Any = None
    ) -> Any:
        if any("poison" in m.content for m in messages):
            raise LLMBadResponseError("the model's JSON was cut off")
        return super().extract(messages, known, end_user=end_user, deadline=deadline, policy=policy)


def test_poisoned_pending_analyses_do_not_stop_a_good_users_facts(store: Store, clock: FakeClock) -> None:
    for user in ("p1", "p2", "p3"):  # the oldest pending work: it would take every slot, every night
        Conversation(store, ScriptedChatModel("ok"), BuiltinPersonalities(), clock=clock).take_turn(
            TurnInput("t1", user, "s1", "A poison pill."))
    clock.advance(timedelta(hours=1))
    _say(store, clock, "My name is Ana.")
    memory = Memory(store, _PoisonedExtractor(), clock=clock)
    reports = []
    for _night in range(4):
        clock.advance(timedelta(days=1))
        reports.append(memory.analyze_pending(3, deadline=clock.monotonic() + 60))
    assert [f.value for f in store.list_facts("t1", "ana")] == ["Ana"]
    assert reports[1].sessions == 1  # the second night already: failed sessions went to the back
    assert sum(r.failed for r in reports) == 9 and sum(r.parked for r in reports) == 3
    assert store.pending_analyses(10) == []


def test_a_session_erased_just_before_it_is_parked_is_not_written_again(dynamodb: Any, clock: FakeClock) -> None:
    _talk_as(dynamodb, clock, "bob", "A poison transcript.")
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    erase = lambda: store.erase_user("t1", "bob")  # noqa: E731
    racing = DynamoMemoryStore(FirstCallWaits(dynamodb, ("update_item",), erase, skip=1), TABLE, clock=clock)
    parked = racing.record_analysis_failure("t1", "bob", "s1", "LLMBadResponseError: cut off", clock.iso(), 1)
    assert parked is False
    assert [i["SK"]["S"] for i in table_items(dynamodb) if i["PK"]["S"] == "T#t1#U#bob"] == ["~ERASED"]
    assert _parked_sessions(dynamodb, clock) == []


def _parked_sessions(dynamodb: Any, clock: FakeClock) -> list[Any]:
    return Maintenance(DynamoMaintenanceStore(dynamodb, TABLE), ExtractiveSummarizer(), session_ttl_days=90,
                       clock=clock).parked()


def test_the_parked_command_lists_parked_sessions_and_retries_them(dynamodb: Any, clock: FakeClock) -> None:
    import io

    from scripts.parked import run

    _talk_as(dynamodb, clock, "bob", "A poison transcript.")
    services = build_services(Settings(table_name=TABLE, demo_mode=True, analysis_mode="off"),
                              dynamodb_client=dynamodb, extractor=_PoisonedExtractor(), clock=clock)
    poisoned = Maintenance(DynamoMaintenanceStore(dynamodb, TABLE), _Poisoned(), session_ttl_days=90, clock=clock)
    clock.advance(timedelta(days=1))
    for _night in range(3):
        poisoned.run(deadline=clock.monotonic() + 60)
        services.memory.analyze_pending(10, deadline=clock.monotonic() + 60)
    listing = io.StringIO()
    assert run(["list"], services, poisoned, listing) == 0
    assert "t1#bob#s1  summary parked" in listing.getvalue() and "analysis parked" in listing.getvalue()
    assert "1 parked" in listing.getvalue()
    healthy = Maintenance(DynamoMaintenanceStore(dynamodb, TABLE), ExtractiveSummarizer(), session_ttl_days=90,
                          clock=clock)
    fixed = build_services(Settings(table_name=TABLE, demo_mode=True), dynamodb_client=dynamodb, clock=clock)
    retried = io.StringIO()
    assert run(["retry", "t1", "bob", "s1"], fixed, healthy, retried) == 0
    assert "1 retried, 0 failed again" in retried.getvalue()
    assert healthy.parked() == [] and DynamoMemoryStore(dynamodb, TABLE, clock=clock).pending_analyses(10) == []
    work = DynamoMaintenanceStore(dynamodb, TABLE).summary_work(SessionRef("t1", "bob", "s1"))
    assert work is not None and "A poison transcript." in work.summary


def test_sessions_written_with_their_own_ttl_still_expire_and_are_swept(dynamodb: Any, clock: FakeClock) -> None:
    store = DynamoMemoryStore(dynamodb, TABLE, clock=clock)
    _say(store, clock, "Written before sessions held expires_at.")
    expired = {":ttl": {"N": str(clock.epoch(timedelta(days=90)))}}
    for item in table_items(dynamodb):
        if item["SK"]["S"].startswith("S#s1#"):  # the old layout: a ttl on every item, none on the session
            dynamodb.update_item(TableName=TABLE, Key={"PK": item["PK"], "SK": item["SK"]},
                                 UpdateExpression="SET #ttl = :ttl REMOVE expires_at",
                                 ExpressionAttributeNames={"#ttl": "ttl"}, ExpressionAttributeValues=expired)
    clock.advance(timedelta(days=89))
    assert len(store.list_messages("t1", "ana", "s1", None, 10)[0]) == 2
    clock.advance(timedelta(days=3))
    assert store.load_context("t1", "ana", "Assistant", "s1", 10).session is None
    job = Maintenance(DynamoMaintenanceStore(dynamodb, TABLE), ExtractiveSummarizer(), session_ttl_days=90, clock=clock)
    assert job.run(deadline=clock.monotonic() + 60).sessions_expired == 1
    assert not [i for i in table_items(dynamodb) if i["SK"]["S"].startswith("S#")]
