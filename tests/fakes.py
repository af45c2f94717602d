"""Fakes for the ports: in-memory store and a scripted chat model."""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.clock import Clock
from chalicelib.dynamodb.conversation import held_result
from chalicelib.dynamodb.recall_items import HEAD_SHARDS
from chalicelib.engine.personality.domain import Personality, name_key
from chalicelib.errors import ConflictError, DuplicateTurnError, UserErasedError
from chalicelib.models import (
    ChatReply,
    ChatRequest,
    Context,
    Episode,
    Fact,
    FollowUp,
    ImportRecord,
    MemoryUpdate,
    Message,
    MoodEntry,
    PendingAnalysis,
    RecallShard,
    Relationship,
    SafetyConfig,
    Session,
    TurnRecord,
    Usage,
    UserData,
    UserProfile,
    iso,
)

# Where every fake clock starts unless a test says otherwise. Any instant would do: nothing in the code
# under test reads the machine's clock when a `FakeClock` is wired, so this never goes stale.
START = datetime(2030, 6, 15, 12, 0, tzinfo=UTC)


class FakeClock:
    """A settable `Clock`: calendar time stands still until `advance` moves it.

    Monotonic time runs with the machine (so HTTP deadlines against the stub still expire) plus every
    `advance`, so a deadline can also be passed on purpose.
    """

    def __init__(self, start: datetime = START) -> None:
        self._now = start
        self._skipped = 0.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return time.monotonic() + self._skipped

    def advance(self, delta: timedelta) -> None:
        self._now += delta
        self._skipped += delta.total_seconds()

    def set(self, moment: datetime) -> None:
        self._now = moment

    def iso(self, offset: timedelta = timedelta()) -> str:
        """The stored form of ``now + offset``."""
        return iso(self._now + offset)

    def epoch(self, offset: timedelta = timedelta()) -> int:
        """``now + offset`` in epoch seconds, as `ttl` attributes hold it."""
        return int((self._now + offset).timestamp())


@dataclass
class _User:
    relationships: dict[str, Relationship] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    messages: dict[str, list[Message]] = field(default_factory=dict)
    turns: dict[str, dict[str, Any]] = field(default_factory=dict)  # idempotency records by key
    facts: dict[tuple[str, str], Fact] = field(default_factory=dict)
    episodes: dict[str, Episode] = field(default_factory=dict)
    hot_episodes: dict[str, tuple[Episode, ...]] = field(default_factory=dict)
    moods: list[MoodEntry] = field(default_factory=list)
    analyzed: dict[str, int] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)  # session -> pending since
    expires: dict[str, int] = field(default_factory=dict)  # session -> expiry, inherited by its messages
    attempts: dict[str, int] = field(default_factory=dict)  # session -> failed analyses
    parked: dict[str, str] = field(default_factory=dict)  # session -> parked since
    recall: dict[str, RecallShard] = field(default_factory=dict)  # shard key -> shard
    followups: dict[str, FollowUp] = field(default_factory=dict)
    profile: UserProfile | None = None
    windows: dict[str, int] = field(default_factory=dict)  # UTC minute -> turns, for the per-user limit


class InMemoryConversationStore:
    """`ConversationStore` in a dict, with the same conditions as the DynamoDB one."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._users: dict[tuple[str, str], _User] = {}
        self._erased: dict[tuple[str, str], str] = {}  # when each user was last erased
        self.clock = clock or FakeClock()
        self.writes = 0
        self._safety_configs: dict[str, SafetyConfig] = {}
        self._safety_counts: dict[tuple[str, str], dict[str, int]] = {}  # (tenant, day) -> protocol -> count

    def _user(self, tenant: str, user_id: str) -> _User:
        return self._users.setdefault((tenant, user_id), _User())

    def load_context(self, tenant, user_id, personality, session_id, window, gate=None):
        user = self._user(tenant, user_id)
        turns = user.windows.get(self.clock.now().strftime("%Y-%m-%dT%H:%M"), 0)
        if gate is not None:
            gate(turns)
        messages = self._live_messages(user, session_id)
        return Context(
            relationship=user.relationships.get(personality.lower()),
            session=self._session(user, session_id),
            recent_messages=tuple(messages[-window:]) if window else (),
            facts=tuple(user.facts.values()),
            episodes=user.hot_episodes.get(personality.lower(), ()),
            next_seq=user.counts.get(session_id, 0),
            recall=tuple(self.recall_shards(tenant, user_id, newest=HEAD_SHARDS)),
            followups=tuple(self._followups(user)),
            profile=user.profile,
            turns_this_minute=turns,
        )

    def _followups(self, user: _User) -> list[FollowUp]:
        live = (f for f in user.followups.values() if not f.expires_at or f.expires_at > self._epoch())
        return sorted(live, key=lambda f: (f.due, f.followup_id))

    def _session(self, user: _User, session_id: str, *, expired: bool = False) -> Session | None:
        found = user.sessions.get(session_id)
        if found is None or not (expired or user.expires.get(session_id, 0) > self._epoch()):
            return None
        return found._replace(message_count=user.counts.get(session_id, 0),
                       analyzed_through=user.analyzed.get(session_id, 0))

    def _live_messages(self, user: _User, session_id: str) -> list[Message]:
        """A session's messages live as long as it does, from its current life on."""
        session = self._session(user, session_id)
        if session is None:
            return []
        return [m for m in user.messages.get(session_id, []) if m.seq >= session.first_seq]

    def set_summary(self, tenant: str, user_id: str, session_id: str, summary: str) -> None:
        """What the nightly job would store (the DynamoDB maintenance store has no fake twin)."""
        user = self._user(tenant, user_id)
        user.sessions[session_id] = user.sessions[session_id]._replace(summary=summary)

    def put_relationship(self, tenant: str, relationship: Relationship) -> None:
        """Start a user somewhere along the relationship (for tests of higher levels)."""
        self._user(tenant, relationship.user_id).relationships[relationship.personality.lower()] = relationship

    def _refuse_if_erased_since(self, tenant: str, user_id: str, started_at: str, what: str) -> None:
        erased = self._erased.get((tenant, user_id))
        if erased is not None and not erased < started_at:
            raise UserErasedError(f"the user was erased while this {what} ran; nothing of it was kept")

    def record_turn(self, record: TurnRecord) -> None:
        self._refuse_if_erased_since(record.tenant, record.user_id, record.started_at, "turn")
        user = self._user(record.tenant, record.user_id)
        key = record.relationship.personality.lower()
        stored = user.relationships.get(key)
        session_id = record.session.session_id
        if record.claim and not self._holds(user, record.claim):
            raise DuplicateTurnError("this idempotency key was already used")
        if (stored.version if stored else None) != (record.previous.version if record.previous else None):
            raise ConflictError("a concurrent turn changed this conversation")
        if user.counts.get(session_id, 0) != record.user_message.seq:
            raise ConflictError("a concurrent turn changed this conversation")
        stored_followups = user.followups
        if any(stored_followups.get(f.followup_id, f._replace(status="gone")).status != "open"
               for f in record.followups):
            raise ConflictError("a follow-up of this turn was already asked or closed")
        for followup in record.followups:
            user.followups[followup.followup_id] = user.followups[followup.followup_id]._replace(
                status=followup.status, updated_at=followup.updated_at)
        if record.safety and record.safety.profile and user.profile is None:
            raise ConflictError("the profile was removed while this turn ran")
        user.relationships[key] = record.relationship
        user.sessions[session_id] = record.session
        user.expires[session_id] = record.expires_at
        if record.new_session:  # nothing of an expired life is carried over
            user.analyzed[session_id] = record.session.first_seq
            for earlier in (user.pending, user.attempts, user.parked):
                earlier.pop(session_id, None)
        user.messages.setdefault(session_id, []).extend([record.user_message, record.assistant_message])
        user.counts[session_id] = record.assistant_message.seq + 1
        minute = record.user_message.created_at[:16]
        user.windows[minute] = user.windows.get(minute, 0) + 1
        user.pending.setdefault(session_id, record.session.last_activity)
        user.moods.append(MoodEntry(key, record.relationship.mood, record.relationship.mood_intensity,
                                    record.relationship.updated_at))
        self._record_safety(record, user)
        if record.claim:
            user.turns[record.claim.key].update(state="done", result=record.result())
        self.writes += 1

    def _record_safety(self, record: TurnRecord, user: _User) -> None:
        if record.safety is None:
            return
        if record.safety.profile is not None and user.profile is not None:
            stamps = record.safety.profile
            user.profile = user.profile._replace(active_since=stamps.active_since, last_turn_at=stamps.last_turn_at,
                                                 reminded_at=stamps.reminded_at)
        if record.safety.protocol is not None:
            day = self._safety_counts.setdefault((record.tenant, record.safety.day), {})
            day[record.safety.protocol] = day.get(record.safety.protocol, 0) + 1

    # -- SafetyStore -------------------------------------------------------------------------

    def get_profile(self, tenant, user_id):
        return self._user(tenant, user_id).profile

    def put_profile(self, tenant, user_id, profile):
        user = self._user(tenant, user_id)
        kept = user.profile or UserProfile()
        user.profile = kept._replace(minor=profile.minor, locale=profile.locale, timezone=profile.timezone,
                                     updated_at=profile.updated_at)
        return user.profile

    def get_safety_config(self, tenant):
        return self._safety_configs.get(tenant)

    def put_safety_config(self, tenant, config):
        self._safety_configs[tenant] = config

    def safety_counts(self, tenant, first_day, last_day):
        return {day: dict(counts) for (owner, day), counts in self._safety_counts.items()
                if owner == tenant and first_day <= day <= last_day}

    def get_turn_result(self, tenant, user_id, idempotency_key):
        held = self._user(tenant, user_id).turns.get(idempotency_key)
        if held is None or held["ttl"] <= self._epoch() or "result" not in held:
            return None
        return copy.deepcopy(held["result"])

    def claim_turn(self, claim, now):
        user = self._user(claim.tenant, claim.user_id)
        held = user.turns.get(claim.key)
        stale = held is not None and held["state"] == "pending" and held["pending_until"] <= now
        if held is None or held["ttl"] <= now or stale:
            user.turns[claim.key] = {"state": "pending", "fingerprint": claim.fingerprint, "ttl": claim.expires_at,
                                     "pending_until": claim.pending_until}
            self.writes += 1
            return None
        return held_result(copy.deepcopy(held), claim, now)

    def release_turn(self, claim):
        user = self._user(claim.tenant, claim.user_id)
        if self._holds(user, claim):
            del user.turns[claim.key]

    def _holds(self, user: _User, claim) -> bool:
        held = user.turns.get(claim.key)
        return held is not None and held["state"] == "pending" and held["fingerprint"] == claim.fingerprint

    def _epoch(self) -> int:
        return int(self.clock.now().timestamp())

    def get_relationship(self, tenant, user_id, personality):
        return self._user(tenant, user_id).relationships.get(personality.lower())

    def list_messages(self, tenant, user_id, session_id, after, limit):
        messages = self._live_messages(self._user(tenant, user_id), session_id)
        start = 0 if after is None else after + 1
        page = [m for m in messages if m.seq >= start][:limit]
        more = bool(page) and page[-1].seq < messages[-1].seq
        return page, (page[-1].seq if more else None)


    # -- MemoryStore -------------------------------------------------------------------------

    def load_pending(self, tenant, user_id, session_id, batch):
        user = self._user(tenant, user_id)
        session = self._session(user, session_id, expired=True)
        if session is None:
            return None
        live = self._live_messages(user, session_id)
        unread = [m for m in live if m.seq >= session.analyzed_through][:batch]
        own = [e for e in user.episodes.values() if e.personality.lower() == session.personality.lower()]
        return PendingAnalysis(tenant=tenant, user_id=user_id, session=session, messages=tuple(unread),
                               facts=tuple(user.facts.values()), episodes=tuple(own),
                               followups=tuple(self._followups(user)),
                               timezone=user.profile.timezone if user.profile else "")

    def save_memory(self, update: MemoryUpdate) -> None:
        self._refuse_if_erased_since(update.tenant, update.user_id, update.started_at, "analysis")
        user = self._user(update.tenant, update.user_id)
        if user.analyzed.get(update.session_id, 0) != update.analyzed_from:
            raise ConflictError("another analysis advanced this session")
        for fact in update.facts:
            stored = user.facts.get((fact.category, fact.key))
            if (stored.version if stored else 0) != fact.version:
                raise ConflictError("a fact changed during the analysis")
        for shard in update.recall:
            held = user.recall.get(shard.key)
            if (held.version if held else 0) != shard.version:
                raise ConflictError("a recall shard changed during the analysis")
        for shard in update.recall:
            user.recall[shard.key] = shard._replace(version=shard.version + 1)
        for fact in update.dropped_facts:
            user.facts.pop((fact.category, fact.key), None)
        for fact in update.facts:
            user.facts[(fact.category, fact.key)] = fact._replace(version=fact.version + 1)
        for episode in update.dropped_episodes:
            user.episodes.pop(episode.episode_id, None)
        for episode in update.episodes:
            user.episodes[episode.episode_id] = episode
        for followup in update.followups:
            user.followups[followup.followup_id] = followup
        if update.hot_episodes is not None:
            user.hot_episodes[update.personality.lower()] = update.hot_episodes
        user.analyzed[update.session_id] = update.through
        user.attempts.pop(update.session_id, None)
        if update.through >= user.counts.get(update.session_id, 0):
            user.pending.pop(update.session_id, None)
        self.writes += 1

    def pending_analyses(self, limit):
        found = [(since, tenant, user_id, session_id) for (tenant, user_id), user in self._users.items()
                 for session_id, since in user.pending.items()]
        return [(t, u, s) for _, t, u, s in sorted(found)[:limit]]

    def record_analysis_failure(self, tenant, user_id, session_id, error, now, park_after):
        user = self._user(tenant, user_id)
        if session_id not in user.pending:
            return False
        user.attempts[session_id] = user.attempts.get(session_id, 0) + 1
        user.pending[session_id] = now
        if user.attempts[session_id] < park_after:
            return False
        user.parked[session_id] = user.pending.pop(session_id)
        return True

    def list_facts(self, tenant, user_id):
        return list(self._user(tenant, user_id).facts.values())

    def delete_fact(self, tenant, user_id, category, key):
        return self._user(tenant, user_id).facts.pop((category, key), None) is not None

    def list_episodes(self, tenant, user_id, personality):
        episodes = self._user(tenant, user_id).episodes.values()
        mine = [e for e in episodes if personality is None or e.personality.lower() == personality.lower()]
        return sorted(mine, key=lambda e: e.occurred_at)

    def due_followups(self, due):
        return [(tenant, user_id, f) for (tenant, user_id), user in self._users.items()
                for f in self._followups(user) if f.due == due and f.status == "open"]

    def list_followups(self, tenant, user_id):
        return self._followups(self._user(tenant, user_id))

    def delete_followup(self, tenant, user_id, followup_id):
        return self._user(tenant, user_id).followups.pop(followup_id, None) is not None

    def export_user(self, tenant, user_id):
        user = self._user(tenant, user_id)
        return UserData(
            relationships=tuple(user.relationships.values()),
            facts=tuple(user.facts.values()),
            episodes=tuple(user.episodes.values()),
            moods=tuple(user.moods),
            sessions=tuple(s for s in (self._session(user, sid) for sid in user.sessions) if s),
            messages=tuple(m for sid in user.messages for m in self._live_messages(user, sid)),
            recall=tuple(self.recall_shards(tenant, user_id)),
            followups=tuple(self._followups(user)),
            profile=user.profile,
        )

    def export_page(self, tenant, user_id, after, max_bytes):
        data = self.export_user(tenant, user_id)
        fields = ("relationships", "facts", "episodes", "moods", "sessions", "messages", "followups", "recall")
        everything = [(name, model) for name in fields for model in getattr(data, name)]
        start = int(after or 0)
        page: list[tuple[str, Any]] = []
        size = 0
        for name, model in everything[start:]:
            if page and size + len(repr(model)) > max_bytes:
                break
            page.append((name, model))
            size += len(repr(model))
        end = start + len(page)
        chosen = UserData(**{name: tuple(m for n, m in page if n == name) for name in fields},
                          profile=data.profile if start == 0 else None)
        return chosen, (str(end) if end < len(everything) else None)

    def erase_user(self, tenant, user_id):
        self._erased[(tenant, user_id)] = iso(self.clock.now())
        user = self._users.pop((tenant, user_id), None) or _User()
        counts = {
            "relationship": len(user.relationships),
            "session": len(user.sessions),
            "message": sum(len(ms) for ms in user.messages.values()),
            "fact": len(user.facts),
            "episode": len(user.episodes),
            "mood": len(user.moods),
            "idempotency": len(user.turns),
            "recall": len(user.recall),
            "followup": len(user.followups),
            "profile": int(user.profile is not None),
        }
        return {kind: n for kind, n in counts.items() if n}

    # -- RecallStore -------------------------------------------------------------------------

    def recall_shards(self, tenant, user_id, newest=None):
        live = sorted((s for s in self._user(tenant, user_id).recall.values() if s.ttl > self._epoch()),
                      key=lambda s: s.key)
        return live[-newest:] if newest else live

    def import_messages(self, record: ImportRecord) -> None:
        self._refuse_if_erased_since(record.tenant, record.user_id, record.started_at, "import")
        user = self._user(record.tenant, record.user_id)
        session_id = record.session.session_id
        if user.counts.get(session_id, 0) != record.messages[0].seq:
            raise ConflictError("a concurrent turn changed this conversation")
        if record.claim and not self._holds(user, record.claim):
            raise DuplicateTurnError("this idempotency key was already used")
        if record.relationship is not None:
            stored = user.relationships.get(record.relationship.personality.lower())
            if (stored.version if stored else None) != (record.previous.version if record.previous else None):
                raise ConflictError("a concurrent turn changed this relationship")
            user.relationships[record.relationship.personality.lower()] = record.relationship
        last = max(record.messages[-1].created_at, "" if record.new_session else record.session.last_activity)
        user.sessions[session_id] = record.session._replace(last_activity=last)
        user.expires[session_id] = record.expires_at
        if record.new_session:
            user.analyzed[session_id] = record.session.first_seq
        user.messages.setdefault(session_id, []).extend(record.messages)
        user.counts[session_id] = record.messages[-1].seq + 1
        user.pending.setdefault(session_id, last)
        if record.claim:
            user.turns[record.claim.key].update(state="done", result={
                "imported": len(record.messages), "message_ids": [m.message_id for m in record.messages]})
        self.writes += 1


class ScriptedChatModel:
    """A `ChatModel` that records each request and answers from a script (or a fixed reply)."""

    def __init__(self, *replies: str | Exception, usage: Usage | None = None) -> None:
        self._replies = list(replies)
        self.requests: list[ChatRequest] = []
        self._usage = usage or Usage(prompt_tokens=10, completion_tokens=5)

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        self.requests.append(request)
        reply = self._replies.pop(0) if len(self._replies) > 1 else (self._replies[0] if self._replies else "ok")
        if isinstance(reply, Exception):
            raise reply
        return ChatReply(text=reply, usage=self._usage, model="scripted")


def with_version(rel: Relationship, version: int) -> Relationship:
    return rel._replace(version=version)


class InMemoryPersonalityStore:
    """`PersonalityStore` in a dict; counts requests the way DynamoDB would bill them."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], Personality] = {}
        self.requests = 0

    def get(self, tenant: str, name: str) -> Personality | None:
        self.requests += 1
        return self._items.get((tenant, name_key(name)))

    def all(self, tenant: str) -> list[Personality]:
        self.requests += 1
        return [p for (owner, _), p in self._items.items() if owner == tenant]

    def put(self, tenant: str, personality: Personality) -> None:
        self.requests += 1
        self._items[(tenant, name_key(personality.name))] = personality

    def delete(self, tenant: str, name: str) -> bool:
        self.requests += 1
        return self._items.pop((tenant, name_key(name)), None) is not None
