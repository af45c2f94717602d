"""Import: an application's past messages appended to a session, with their own dates and ids, no model call."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from chalicelib.clock import Clock
from chalicelib.engine import affinity, feeling
from chalicelib.engine.personality.domain import Personality
from chalicelib.errors import ConflictError, InvalidInputError
from chalicelib.models import (
    IDEMPOTENCY_WINDOW_S,
    Context,
    IdempotencyClaim,
    ImportInput,
    ImportRecord,
    ImportResult,
    Message,
    Relationship,
    Session,
    iso,
)
from chalicelib.ports import ConversationStore, PersonalityFinder, RecallStore
from chalicelib.usecases.conversation import IN_FLIGHT_SECONDS

MAX_MESSAGES = 200
# Deep analysis of an import reads `MemoryLimits.batch_messages` at a time; this many passes at most.
MAX_ANALYSES = 12



class Analyze(Protocol):
    """Deep analysis of a session's unread messages (`Memory.analyze_session`): how many it read."""

    def __call__(self, tenant: str, user_id: str, session_id: str, *, deadline: float | None = None) -> int: ...


class Importer:
    """Runs `POST /users/{user_id}/sessions/{session_id}/import`."""

    def __init__(
        self,
        store: ConversationStore,
        catalog: PersonalityFinder,
        *,
        clock: Clock,
        session_ttl_days: int = 90,
        analyze: Analyze | None = None,
        new_id: Callable[[], str] = lambda: secrets.token_hex(8),
    ) -> None:
        if not isinstance(store, RecallStore):
            raise TypeError("the store must implement RecallStore to import")
        self._store = store
        self._recall: RecallStore = store
        self._catalog = catalog
        self._clock = clock
        self._ttl_days = session_ttl_days
        self._analyze = analyze
        self._new_id = new_id

    def import_session(self, request: ImportInput, *, deadline: float | None = None) -> ImportResult:
        """Store ``request.messages`` after the session's last message, then analyse them like turns.

        The analysis runs here when the wiring gives one (locally and in tests), so a search right after
        finds what was imported; in AWS it runs off the request path, as it does after turns.
        """
        personality = self._catalog.get(request.tenant, request.personality_name)
        claim = self._claim(request, personality) if request.idempotency_key else None
        if isinstance(claim, dict):
            ids = claim.get("message_ids")
            listed = tuple(str(i) for i in ids) if isinstance(ids, list) else ()
            return ImportResult(int(str(claim["imported"])), listed)
        try:
            record = self._record(request, personality, claim)
            self._recall.import_messages(record)
        except BaseException:
            if claim is not None:
                self._store.release_turn(claim)
            raise
        self._analysed(request, deadline)
        return ImportResult(len(record.messages), tuple(m.message_id for m in record.messages))

    def _claim(self, request: ImportInput, personality: Personality) -> IdempotencyClaim | dict[str, object]:
        assert request.idempotency_key is not None
        now = int(self._clock.now().timestamp())
        claim = IdempotencyClaim(tenant=request.tenant, user_id=request.user_id, key=request.idempotency_key,
                                 fingerprint=request.fingerprint(personality.name), created_at=iso(self._clock.now()),
                                 expires_at=now + IDEMPOTENCY_WINDOW_S, pending_until=now + IN_FLIGHT_SECONDS)
        earlier = self._store.claim_turn(claim, now)
        return claim if earlier is None else earlier

    def _record(self, request: ImportInput, personality: Personality, claim: IdempotencyClaim | None) -> ImportRecord:
        now = self._clock.now()
        started = iso(now)
        context = self._store.load_context(request.tenant, request.user_id, personality.name, request.session_id, 1)
        _check(request, context, personality, started)
        first = context.next_seq
        messages = tuple(
            Message(message_id=f"{_millis(m.created_at):013d}-{self._new_id()}", session_id=request.session_id,
                    role=m.role, content=m.content, created_at=m.created_at, personality=personality.name,
                    seq=first + offset, external_id=m.external_id)
            for offset, m in enumerate(request.messages)
        )
        session = context.session or Session(session_id=request.session_id, personality=personality.name,
                                              created_at=messages[0].created_at,
                                              last_activity=messages[0].created_at, first_seq=first,
                                              analyzed_through=first)
        record = ImportRecord(
            tenant=request.tenant, user_id=request.user_id, session=session, new_session=context.session is None,
            messages=messages, expires_at=int((now + timedelta(days=self._ttl_days)).timestamp()),
            day=started[:10], previous=context.relationship, claim=claim, started_at=started,
        )
        return self._counted(record, personality, now) if request.count_interactions else record

    def _counted(self, record: ImportRecord, personality: Personality, now: datetime) -> ImportRecord:
        """The relationship moved by each imported user message, as a turn would move it (the mood stays)."""
        base = record.previous or Relationship(user_id=record.user_id, personality=personality.name,
                                               created_at=iso(now))
        points, positive, negative, count = base.affinity_points, 0, 0, 0
        for message in (m for m in record.messages if m.role == "user"):
            mood = feeling.sentiment(message.content, personality.definition.persona.language)
            points = affinity.clamp_points(points + personality.turn_delta(mood.label, message.content))
            positive, negative, count = positive + mood.positive, negative + mood.negative, count + 1
        moved = base._replace(
            personality=personality.name, affinity_points=points, level=personality.level_for(points),
            total_interactions=base.total_interactions + count,
            positive_interactions=base.positive_interactions + positive,
            negative_interactions=base.negative_interactions + negative,
            version=base.version + 1, updated_at=iso(now),
        )
        return record._replace(relationship=moved, positive=positive, negative=negative)

    def _analysed(self, request: ImportInput, deadline: float | None) -> None:
        if self._analyze is None:
            return
        for _ in range(MAX_ANALYSES):
            if deadline is not None and self._clock.monotonic() >= deadline:
                return
            if not self._analyze(request.tenant, request.user_id, request.session_id, deadline=deadline):
                return


def _check(request: ImportInput, context: Context, personality: Personality, now: str) -> None:
    """What only the stored session and the clock can tell: its personality, its last message, the future."""
    if context.session and context.session.personality.lower() != personality.name.lower():
        raise ConflictError(
            f"session_id {request.session_id!r} belongs to personality {context.session.personality!r}"
        )
    last = context.recent_messages[-1].created_at if context.recent_messages else ""
    if request.messages and request.messages[0].created_at < last:
        raise InvalidInputError("messages.0.created_at", f"must not be before the session's last message ({last})")
    for index, message in enumerate(request.messages):
        if message.created_at > now:
            raise InvalidInputError(f"messages.{index}.created_at", "must not be in the future")
        if index and message.created_at < request.messages[index - 1].created_at:
            raise InvalidInputError(f"messages.{index}.created_at", "must not be before the message before it")

def _millis(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000)
