"""The turn use case: read context, answer once, store everything in one write."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from chalicelib.clock import Clock
from chalicelib.engine import affinity, analysis, compiler, prompt, retrieval
from chalicelib.engine.personality import Personality
from chalicelib.errors import ConflictError, DuplicateTurnError
from chalicelib.models import (
    ChatRequest,
    Context,
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


@dataclass(frozen=True)
class TurnLimits:
    """Numbers that shape a turn."""

    history_messages: int = 32
    max_tokens: int = 512
    session_ttl_days: int = 90
    prompt_token_budget: int = 4000
    memory_token_budget: int = 400
    mood_half_life_hours: float = 6.0


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
        after_turn: Callable[[TurnRecord], None] | None = None,
    ) -> None:
        self._store = store
        self._chat = chat_model
        self._catalog = catalog
        self._limits = limits
        self._clock = clock
        self._now = clock.now
        self._new_id = new_id
        self._after_turn = after_turn

    def take_turn(self, turn: TurnInput, *, deadline: float | None = None) -> TurnResult:
        """Answer one user message and remember the exchange."""
        personality = self._catalog.get(turn.tenant, turn.personality_name)
        context = self._store.load_context(
            turn.tenant, turn.user_id, personality.name, turn.session_id, self._limits.history_messages
        )
        if turn.idempotency_key and context.session and context.session.last_idempotency_key == turn.idempotency_key:
            return self._replay(turn)  # a retry of the last turn: answer as before, with no second LLM call
        if context.session and context.session.personality.lower() != personality.name.lower():
            raise ConflictError(
                f"session_id {turn.session_id!r} belongs to personality {context.session.personality!r}"
            )
        mood = analysis.sentiment(turn.message)
        relationship = self._next_relationship(turn, personality, context.relationship, mood)
        request = self._chat_request(turn, personality, context, relationship)
        reply = self._chat.complete(request, deadline=deadline)
        record = self._record(turn, personality, context, relationship, mood, reply.text, reply.usage)
        try:
            self._store.record_turn(record)
        except DuplicateTurnError:
            return self._replay(turn)
        if self._after_turn:
            self._after_turn(record)
        return TurnResult(
            response=reply.text,
            affinity_level=relationship.level,
            affinity_points=relationship.affinity_points,
            session_id=turn.session_id,
            message_id=record.assistant_message.message_id,
            mood=relationship.mood,
            usage=reply.usage,
        )

    def _replay(self, turn: TurnInput) -> TurnResult:
        assert turn.idempotency_key is not None
        stored = self._store.get_turn_result(turn.tenant, turn.user_id, turn.idempotency_key)
        if stored is None:
            raise ConflictError("a concurrent turn used this idempotency key; send the message again")
        usage = stored.get("usage") or {}
        return TurnResult(
            response=str(stored["response"]),
            affinity_level=str(stored["affinity_level"]),
            affinity_points=int(str(stored["affinity_points"])),
            session_id=str(stored["session_id"]),
            message_id=str(stored["message_id"]),
            mood=str(stored["mood"]),
            usage=Usage(**usage) if isinstance(usage, dict) else Usage(),
        )

    def _next_relationship(
        self,
        turn: TurnInput,
        personality: Personality,
        previous: Relationship | None,
        mood: analysis.Sentiment,
    ) -> Relationship:
        base = previous or Relationship(user_id=turn.user_id, personality=personality.name)
        points = affinity.clamp_points(base.affinity_points + personality.turn_delta(mood.label, turn.message))
        now = self._now()
        before = analysis.current_mood(
            base.mood, base.mood_intensity, base.updated_at, now, self._limits.mood_half_life_hours
        )
        feeling = analysis.blend(before, analysis.mood_signal(mood, analysis.personality_moods(personality)))
        return replace(
            base,
            personality=personality.name,
            affinity_points=points,
            level=personality.level_for(points),
            total_interactions=base.total_interactions + 1,
            positive_interactions=base.positive_interactions + int(mood.positive),
            negative_interactions=base.negative_interactions + int(mood.negative),
            mood=feeling.name,
            mood_intensity=feeling.intensity,
            version=base.version + 1,
            updated_at=iso(now),
        )

    def _chat_request(
        self, turn: TurnInput, personality: Personality, context: Context, relationship: Relationship
    ) -> ChatRequest:
        # The prompt speaks at the level the user had when they sent the message, in the mood it left.
        level = personality.level_for(context.relationship.affinity_points if context.relationship else 0)
        compiled = compiler.compile_for(personality, level, relationship.mood, max_tokens=self._limits.max_tokens)
        start = prompt.window_start(context.next_seq, self._limits.history_messages)
        window = [m for m in context.recent_messages if m.seq >= start]
        summary = context.session.summary if context.session else ""
        mood_line = analysis.describe_mood(analysis.Mood(relationship.mood, relationship.mood_intensity))
        # Memory in the stable block stands as it was when the window's first message was sent.
        since = window[0].created_at if window else None
        known, shown = retrieval.profile(context.facts, self._limits.memory_token_budget, since)
        memory = retrieval.recall(
            context.facts, context.episodes, turn.message, self._now(), self._limits.memory_token_budget // 2, shown,
            since,
        )
        system_block = f"{compiled.system_block}\n\n{known}" if known else compiled.system_block
        # What changes every turn, in prompt order: the last part sits next to the new message.
        # The personality's own mood section when it defines this mood; a plain mood line otherwise.
        turn_context = "\n\n".join(part for part in (memory.block, compiled.mood_block or mood_line) if part)
        messages = prompt.fit(
            system_block, summary, window, turn_context, turn.message, self._limits.prompt_token_budget,
            step=prompt.window_step(self._limits.history_messages),
        )
        voice = replace(compiled.voice, known_name=memory.known_name, recalled_fact=memory.recalled_fact)
        return ChatRequest(
            messages=messages,
            temperature=compiled.temperature,
            max_tokens=compiled.max_tokens,
            end_user=end_user_tag(turn.tenant, turn.user_id),
            voice=voice,
        )

    def _record(
        self,
        turn: TurnInput,
        personality: Personality,
        context: Context,
        relationship: Relationship,
        mood: analysis.Sentiment,
        reply: str,
        usage: Usage,
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

        session = context.session or Session(turn.session_id, personality.name, stamp, stamp)
        return TurnRecord(
            tenant=turn.tenant,
            user_id=turn.user_id,
            session=replace(
                session, last_activity=stamp, last_idempotency_key=turn.idempotency_key or session.last_idempotency_key
            ),
            new_session=context.session is None,
            user_message=message("user", turn.message, 0, None),
            assistant_message=message("assistant", reply, 1, usage),
            previous=context.relationship,
            relationship=relationship,
            positive=mood.positive,
            negative=mood.negative,
            expires_at=int((now + timedelta(days=self._limits.session_ttl_days)).timestamp()),
            idempotency_key=turn.idempotency_key,
        )


def deadline_in(clock: Clock, seconds: float) -> float:
    """A `Clock.monotonic()` deadline ``seconds`` from now."""
    return clock.monotonic() + seconds
