"""The turn use case: read context, answer once, store everything in one write."""

from __future__ import annotations

import contextlib
import hashlib
import random
import secrets
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, NamedTuple

from chalicelib.clock import Clock
from chalicelib.engine import affinity, compiler, feeling, prompt
from chalicelib.engine.memory import retrieval
from chalicelib.engine.memory.followups import local_date
from chalicelib.engine.personality.domain import Personality
from chalicelib.errors import ConflictError, DuplicateTurnError, NotFoundError, TurnInFlightError, UserErasedError
from chalicelib.models import (
    IDEMPOTENCY_WINDOW_S,
    ChatRequest,
    Context,
    FollowUp,
    IdempotencyClaim,
    Message,
    Relationship,
    Session,
    TurnInput,
    TurnRecord,
    TurnResult,
    Usage,
    iso,
)
from chalicelib.ports import ChatModel, ConversationStore, PersonalityFinder

if TYPE_CHECKING:
    from chalicelib.engine.recall.index import Shard
from chalicelib.usecases import followups
from chalicelib.usecases.limits import Admission, Lease, Limiter
from chalicelib.usecases.safety import Guard, Safeguards


class TurnLimits(NamedTuple):
    """Numbers that shape a turn."""

    history_messages: int = 32
    max_tokens: int = 512
    session_ttl_days: int = 90
    prompt_token_budget: int = 4000
    memory_token_budget: int = 400
    mood_half_life_hours: float = 6.0


# How many times a turn's write is tried when concurrent turns of the same user keep winning the race (the
# turn's deadline usually ends the tries first); each retry waits a random time, growing up to a quarter second.
WRITE_ATTEMPTS = 64
# Longest wait behind the same user's earlier turns in one process before a turn gives up (409, retry).
QUEUE_SECONDS = 300.0
# How long a claimed idempotency key counts as in flight before another request may take it over.
IN_FLIGHT_SECONDS = 60


def recall_budget(memory_token_budget: int) -> int:
    """Tokens of the memory block after the window: a quarter of the memory budget, since it changes every turn
    and all of it is billed outside DeepSeek's prefix cache (the stable profile block gets the whole budget)."""
    return memory_token_budget // 4


def _unpacked(context: Context) -> list[Shard]:
    """The turn's recall shards, decoded (the index's code is imported by the first turn that has some)."""
    if not context.recall:
        return []
    from chalicelib.engine.recall import index

    return index.unpack_all(s.blob for s in context.recall)


def _new_id() -> str:
    return secrets.token_hex(8)


def end_user_tag(tenant: str, user_id: str) -> str:
    """A stable, opaque id for the LLM provider: never the raw user id."""
    return hashlib.sha256(f"luminora:{tenant}:{user_id}".encode()).hexdigest()[:32]


class Conversation:
    """Runs `POST /message` turns."""

    def __init__(
        self,
        store: ConversationStore,
        chat_model: ChatModel,
        catalog: PersonalityFinder,
        limits: TurnLimits = TurnLimits(),
        *,
        clock: Clock,
        new_id: Callable[[], str] = _new_id,
        after_turn: Callable[[TurnRecord, float | None], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        zone_for: Callable[[str, str], str] = lambda _tenant, _user: "UTC",
        safeguards: Safeguards | None = None,
        limiter: Limiter | None = None,
    ) -> None:
        self._limiter = limiter
        self._zone_for = zone_for
        self._store = store
        self._safeguards = safeguards
        self._chat = chat_model
        self._catalog = catalog
        self._limits = limits
        self._clock = clock
        self._now = clock.now
        self._new_id = new_id
        self._after_turn = after_turn
        self._sleep = sleep
        self._locks_guard = threading.Lock()
        self._user_locks: weakref.WeakValueDictionary[tuple[str, str], threading.Lock] = (
            weakref.WeakValueDictionary()
        )

    def take_turn(self, turn: TurnInput, *, deadline: float | None = None) -> TurnResult:
        """Answer one user message and remember the exchange.

        With an idempotency key, the key is claimed first: a repeat gets the first answer without an LLM
        call, and a failed turn gives the claim back so the client can send the request again at once.
        """
        try:
            personality = self._catalog.get(turn.tenant, turn.personality_name)
        except NotFoundError:
            replayed = self._replay_of(turn)
            if replayed is None:
                raise
            return replayed
        claim = self._claim(turn) if turn.idempotency_key else None
        if claim is not None and not isinstance(claim, IdempotencyClaim):
            return self._replayed(turn, claim)
        try:
            queued = self._clock.monotonic()
            with self._turns_of(turn):
                # Time spent waiting behind the same user's earlier turns is not taken from this turn's budget.
                waited = self._clock.monotonic() - queued
                deadline = None if deadline is None else deadline + waited
                result, record = self._answer(turn, personality, claim, deadline)
        except BaseException:
            if claim is not None:
                self._store.release_turn(claim)
            raise
        if self._after_turn and record is not None:
            self._after_turn(record, deadline)  # what runs in-process shares the turn's deadline
        return result

    @contextlib.contextmanager
    def _turns_of(self, turn: TurnInput) -> Iterator[None]:
        """One turn at a time per user in this process, in order of arrival.

        Each turn then reads the exchange before it, and a burst of one user's turns served by one process
        (`chalice local` serves requests on threads) does not turn into a storm of conflicting writes. A
        Lambda container serves one request at a time, so there it never waits; turns served by different
        containers meet at the conditional write and re-apply.
        """
        key = (turn.tenant, turn.user_id)
        with self._locks_guard:
            lock = self._user_locks.get(key)
            if lock is None:
                lock = self._user_locks[key] = threading.Lock()
        if not lock.acquire(timeout=QUEUE_SECONDS):
            raise TurnInFlightError("earlier messages of this user are still being answered; send it again", 1)
        try:
            yield
        finally:
            lock.release()

    def _replay_of(self, turn: TurnInput) -> TurnResult | None:
        """The first answer to a repeat, even once its personality is gone; None when it is no repeat (the
        claim this takes to find out is given back, so nothing is left stored)."""
        if turn.idempotency_key is None:
            return None
        claim = self._claim(turn)
        if isinstance(claim, IdempotencyClaim):
            self._store.release_turn(claim)
            return None
        return self._replayed(turn, claim)

    def _claim(self, turn: TurnInput) -> IdempotencyClaim | dict[str, object]:
        assert turn.idempotency_key is not None
        now = self._now()
        claim = IdempotencyClaim(
            tenant=turn.tenant,
            user_id=turn.user_id,
            key=turn.idempotency_key,
            # The name as asked for (names match in any case): a replay needs no personality to exist.
            fingerprint=turn.fingerprint(turn.personality_name),
            created_at=iso(now),
            expires_at=int(now.timestamp()) + IDEMPOTENCY_WINDOW_S,
            pending_until=int(now.timestamp()) + IN_FLIGHT_SECONDS,
        )
        earlier = self._store.claim_turn(claim, int(now.timestamp()))
        return claim if earlier is None else earlier

    def _answer(
        self, turn: TurnInput, personality: Personality, claim: IdempotencyClaim | None, deadline: float | None
    ) -> tuple[TurnResult, TurnRecord | None]:
        started = iso(self._now())  # an erase of the user after this voids the turn's write
        seen = self._limiter.admit(turn.tenant) if self._limiter else None  # before the model, nothing stored
        slot: list[Lease] = []  # the turn's slot among its tenant's turns in flight, until its write gives it back
        try:
            return self._answer_holding(turn, personality, claim, deadline, started, seen, slot)
        finally:
            if slot and self._limiter is not None:
                self._limiter.give_back(slot[0])

    def _answer_holding(
        self, turn: TurnInput, personality: Personality, claim: IdempotencyClaim | None, deadline: float | None,
        started: str, seen: Admission | None, slot: list[Lease],
    ) -> tuple[TurnResult, TurnRecord | None]:
        context = self._context(turn, personality, self._gate(turn, seen, slot))
        mood = feeling.sentiment(turn.message, personality.definition.persona.language)
        guard = self._safeguards.assess(turn, personality, context) if self._safeguards else None
        relationship = self._next_relationship(turn, personality, context.relationship, mood)
        # A turn that follows a protocol asks nothing else: the follow-up waits for the next turn.
        due = self._followup(turn, personality, context) if not (guard and guard.protocol) else followups.TurnFollowUp()
        request = self._chat_request(turn, personality, context, relationship, due.ask, guard)
        chat = self._chat
        reply = guard.complete(chat, request, deadline) if guard else chat.complete(request, deadline=deadline)
        for attempt in range(WRITE_ATTEMPTS):
            record = self._record(turn, personality, context, relationship, mood, reply.text, reply.usage, claim)
            record = record._replace(started_at=started, finish_reason=reply.finish_reason, followups=due.changed,
                                     safety=guard.write() if guard else None,
                                     lease_minute=slot[0].minute if slot else "")
            try:
                self._store.record_turn(record)
                slot.clear()  # the write gave the slot back
                break
            except DuplicateTurnError:
                return self._replay(turn), None
            except UserErasedError:
                raise
            except ConflictError:
                # A concurrent turn of this user wrote first: re-read, re-apply this turn on top, write again.
                if attempt + 1 == WRITE_ATTEMPTS or not self._time_left(deadline):
                    raise
                self._sleep(random.uniform(0, min(0.25, 0.005 * 2**attempt)))
                context = self._context(turn, personality)
                relationship = self._next_relationship(turn, personality, context.relationship, mood)
                due = followups.still_open(due, context.followups)
        result = TurnResult(
            response=reply.text,
            affinity_level=relationship.level,
            affinity_points=relationship.affinity_points,
            session_id=turn.session_id,
            message_id=record.assistant_message.message_id,
            mood=relationship.mood,
            usage=reply.usage,
            finish_reason=reply.finish_reason,
            personality=personality.name,
            created_at=record.assistant_message.created_at,
            safety=guard.view() if guard else None,
            rate_limits=self._spent(turn, seen, context, reply.usage),
        )
        return result, record

    def _replayed(self, turn: TurnInput, stored: dict[str, object]) -> TurnResult:
        """The stored first answer, with the headers of the tenant's limits now (a replay spends none)."""
        result = _result_from(stored)
        return result._replace(rate_limits=self._limiter.peek(turn.tenant)) if self._limiter else result

    def _gate(self, turn: TurnInput, seen: Admission | None, slot: list[Lease]) -> Callable[[int], None] | None:
        """What runs once the user's turns this minute are known, before the messages are read: the user's
        limit, then the slot among the tenant's turns in flight (so a refusal reads nothing more)."""
        limiter = self._limiter
        if limiter is None or seen is None:
            return None

        def gate(turns: int) -> None:
            limiter.check_user(seen, turns)
            lease = limiter.acquire(turn.tenant, seen)
            if lease is not None:
                slot.append(lease)

        return gate

    def _spent(self, turn: TurnInput, seen: Admission | None, context: Context, used: Usage) -> dict[str, str] | None:
        if self._limiter is None or seen is None:
            return None
        tokens = used.prompt_tokens + used.completion_tokens
        return self._limiter.spent(turn.tenant, seen, context.turns_this_minute, tokens)

    def _context(self, turn: TurnInput, personality: Personality,
                 gate: Callable[[int], None] | None = None) -> Context:
        context = self._store.load_context(
            turn.tenant, turn.user_id, personality.name, turn.session_id, self._limits.history_messages, gate
        )
        if context.session and context.session.personality.lower() != personality.name.lower():
            raise ConflictError(
                f"session_id {turn.session_id!r} belongs to personality {context.session.personality!r}"
            )
        return context

    def _followup(self, turn: TurnInput, personality: Personality, context: Context) -> followups.TurnFollowUp:
        """The follow-up this turn asks, if one is due, and those it marks asked or closed."""
        if not context.followups:
            return followups.TurnFollowUp()
        now = self._now()
        zone = (context.profile.timezone if context.profile else "") or self._zone_for(turn.tenant, turn.user_id)
        today = local_date(iso(now), zone)
        return followups.for_turn(context.followups, personality.name, turn.message, today, iso(now))

    def _time_left(self, deadline: float | None) -> bool:
        return deadline is None or self._clock.monotonic() < deadline - 0.5

    def _replay(self, turn: TurnInput) -> TurnResult:
        assert turn.idempotency_key is not None
        stored = self._store.get_turn_result(turn.tenant, turn.user_id, turn.idempotency_key)
        if stored is None:
            raise ConflictError("a concurrent turn used this idempotency key; send the message again")
        return self._replayed(turn, stored)

    def _next_relationship(
        self,
        turn: TurnInput,
        personality: Personality,
        previous: Relationship | None,
        mood: feeling.Sentiment,
    ) -> Relationship:
        base = previous or Relationship(user_id=turn.user_id, personality=personality.name)
        points = affinity.clamp_points(base.affinity_points + personality.turn_delta(mood.label, turn.message))
        now = self._now()
        half_life = feeling.half_life_hours(personality, self._limits.mood_half_life_hours)
        before = feeling.current_mood(base.mood, base.mood_intensity, base.updated_at, now, half_life)
        felt = feeling.blend(before, feeling.detect_mood(personality, mood, turn.message))
        return base._replace(
            personality=personality.name,
            affinity_points=points,
            level=personality.level_for(points),
            total_interactions=base.total_interactions + 1,
            positive_interactions=base.positive_interactions + int(mood.positive),
            negative_interactions=base.negative_interactions + int(mood.negative),
            mood=felt.name,
            mood_intensity=felt.intensity,
            version=base.version + 1,
            updated_at=iso(now),
        )

    def _chat_request(
        self, turn: TurnInput, personality: Personality, context: Context, relationship: Relationship,
        ask: FollowUp | None = None,
        guard: Guard | None = None,
    ) -> ChatRequest:
        # The prompt speaks at the level the user had when they sent the message, in the mood it left.
        level = personality.level_for(context.relationship.affinity_points if context.relationship else 0)
        level = guard.level(personality, level) if guard else level
        summary = context.session.summary if context.session else ""
        room = prompt.personality_room(self._limits.prompt_token_budget, (turn.instructions, summary, turn.message),
                                       self._limits.memory_token_budget * 3 // 2 + 64)
        compiled = compiler.compile_for(personality, level, relationship.mood, max_tokens=self._limits.max_tokens,
                                        budget=room)
        compiled = compiler.within_limits(compiled, turn.temperature, turn.max_tokens)
        start = prompt.window_start(context.next_seq, self._limits.history_messages)
        window = [m for m in context.recent_messages if m.seq >= start]
        # Memory in the stable block stands as it was when the window's first message was sent.
        since = window[0].created_at if window else None
        known, shown = retrieval.profile(context.facts, self._limits.memory_token_budget, since)
        # The recall index's newest shards: the same ranking a search uses, less what the window shows.
        shards = _unpacked(context)
        memory = retrieval.recall(
            context.facts, context.episodes, turn.message, self._now(), recall_budget(self._limits.memory_token_budget),
            shown, since, personality.definition.persona.language, shards, frozenset(m.message_id for m in window),
            (personality.name,),
        )
        personality_block = prompt.with_instructions(compiled.system_block, turn.instructions)
        system_block = f"{personality_block}\n\n{known}" if known else personality_block
        # What changes every turn, in prompt order: the last part sits next to the new message.
        # The mood section exists only for a personality whose `mood_config` is on.
        example = compiler.example_for(compiled, turn.message)
        note = prompt.followup_note(ask.what) if ask else ""
        turn_context = "\n\n".join(part for part in (memory.block, example, compiled.mood_block, note) if part)
        messages = prompt.fit(
            system_block, summary, window, turn_context, turn.message, self._limits.prompt_token_budget,
            step=prompt.trim_step(self._limits.history_messages),
            reserve=recall_budget(self._limits.memory_token_budget) + prompt.TURN_RESERVE,
        )
        voice = compiled.voice._replace(known_name=memory.known_name, recalled_fact=memory.recalled_fact,
                                        follow_up=ask.what if ask else "")
        request = ChatRequest(
            messages=messages,
            temperature=compiled.temperature,
            max_tokens=compiled.max_tokens,
            end_user=end_user_tag(turn.tenant, turn.user_id),
            voice=voice,
            stop=turn.stop,
        )
        return guard.request(request) if guard else request

    def _record(
        self,
        turn: TurnInput,
        personality: Personality,
        context: Context,
        relationship: Relationship,
        mood: feeling.Sentiment,
        reply: str,
        usage: Usage,
        claim: IdempotencyClaim | None = None,
    ) -> TurnRecord:
        now = self._now()
        stamp = iso(now)
        seq = context.next_seq
        turn_id = f"{int(now.timestamp() * 1000):013d}-{self._new_id()}"

        def message(role: str, content: str, offset: int, used: Usage | None) -> Message:
            return Message(
                message_id=f"{turn_id}-{offset}",
                session_id=turn.session_id,
                role=role,
                content=content,
                created_at=stamp,
                personality=personality.name,
                seq=seq + offset,
                usage=used,
            )

        session = context.session or _new_life(turn, personality, context, stamp)
        return TurnRecord(
            tenant=turn.tenant,
            user_id=turn.user_id,
            session=session._replace(last_activity=stamp),
            new_session=context.session is None,
            user_message=message("user", turn.message, 0, None),
            assistant_message=message("assistant", reply, 1, usage),
            previous=context.relationship,
            relationship=relationship,
            positive=mood.positive,
            negative=mood.negative,
            expires_at=int((now + timedelta(days=self._limits.session_ttl_days)).timestamp()),
            idempotency_key=turn.idempotency_key,
            claim=claim,
            stale_minutes=tuple(m for m in context.limit_minutes if m != stamp[:16]),
        )


def _new_life(turn: TurnInput, personality: Personality, context: Context, stamp: str) -> Session:
    """A session with nothing of an expired one: its numbering goes on, so no old key is reused."""
    return Session(session_id=turn.session_id, personality=personality.name, created_at=stamp, last_activity=stamp,
                   first_seq=context.next_seq, analyzed_through=context.next_seq)


def deadline_in(clock: Clock, seconds: float) -> float:
    """A `Clock.monotonic()` deadline ``seconds`` from now."""
    return clock.monotonic() + seconds


def _result_from(stored: dict[str, object]) -> TurnResult:
    """The answer stored with an idempotency record, as the first request got it."""
    usage = stored.get("usage") or {}
    safety = stored.get("safety")
    return TurnResult(
        response=str(stored["response"]),
        affinity_level=str(stored["affinity_level"]),
        affinity_points=int(str(stored["affinity_points"])),
        session_id=str(stored["session_id"]),
        message_id=str(stored["message_id"]),
        mood=str(stored["mood"]),
        usage=Usage(**usage) if isinstance(usage, dict) else Usage(),
        finish_reason=str(stored.get("finish_reason", "stop")),
        personality=str(stored.get("personality", "")),
        created_at=str(stored.get("created_at", "")),
        safety=safety if isinstance(safety, dict) else None,
    )
