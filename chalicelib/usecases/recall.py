"""Recall: the index deep analysis keeps of what was said, and the search over it."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from chalicelib.clock import Clock
from chalicelib.models import Episode, FactCandidate, Message, PendingAnalysis, RecallShard
from chalicelib.ports import MemoryStore, PersonalityFinder, RecallStore

if TYPE_CHECKING:  # the index's code is imported by the first analysis or search (a turn may need none)
    from chalicelib.engine.recall import index, rank

DAY_S = 86400
FACT_IMPORTANCE = 0.5  # a message that told a fact


class RecallLimits(NamedTuple):
    """How long what was said stays recallable: ``recall_days`` after its session ends."""

    recall_days: int = 365
    session_ttl_days: int = 90


def index_batch(
    head: RecallShard | None,
    pending: PendingAnalysis,
    facts: Sequence[FactCandidate],
    episodes: Sequence[Episode],
    *,
    until: int,
    now: datetime,
    new_id: Callable[[], str] = lambda: secrets.token_hex(4),
) -> tuple[RecallShard, ...]:
    """The shards to write for ``pending``'s messages: the newest shard filled up, then new ones."""
    from chalicelib.engine.recall import index

    rows = [_row(m, pending, facts, episodes, until) for m in pending.messages]
    if not rows:
        return ()
    current = index.unpack(head.blob) if head else index.EMPTY
    key, version = (head.key, head.version) if head and not current.full else ("", 0)
    if not key:
        current = index.EMPTY
    stamp = int(now.timestamp() * 1000)
    written: list[RecallShard] = []
    while rows:
        key = key or f"{stamp + len(written):013d}-{new_id()}"
        room = index.SHARD_ENTRIES - current.size
        current = index.append(current, rows[:room])
        rows = rows[room:]
        ttl = max(current.columns["until"])
        written.append(RecallShard(key, index.pack(current), version, ttl))
        current, key, version = index.EMPTY, "", 0
    return tuple(written)


def _row(message: Message, pending: PendingAnalysis, facts: Sequence[FactCandidate], episodes: Sequence[Episode],
         until: int) -> tuple[index.Entry, dict[str, float], str]:
    from chalicelib.engine.recall import index

    told = [f for f in facts if f.source_message_id == message.message_id]
    shared = [e for e in episodes if message in _sources(e, pending.messages)]
    extra = [f"{f.category} {f.key.replace('_', ' ')} {f.value}" for f in told] + [e.summary for e in shared]
    weights, length, lang = index.weigh(message.content, extra)
    importance = max([FACT_IMPORTANCE] * bool(told) + [e.importance / 10 for e in shared] + [0.0])
    entry = index.Entry(message_id=message.message_id, external_id=message.external_id,
                        session_id=message.session_id, seq=message.seq, at=message.created_at, role=message.role,
                        personality=message.personality or pending.session.personality,
                        text=index.snippet(message.content), importance=round(importance, 2), until=until,
                        episode_id=shared[0].episode_id if shared else "", length=length)
    return entry, weights, lang


def _sources(episode: Episode, messages: Sequence[Message]) -> list[Message]:
    """The messages an episode was drawn from: those its summary quotes, else the batch's last user message."""
    said = " ".join(episode.summary.split())
    quoted = [m for m in messages if m.role == "user" and " ".join(m.content.split())[:80] in said]
    if quoted:
        return quoted[:3]
    users = [m for m in messages if m.role == "user"]
    return users[-1:]


def recallable_until(last_activity: str, limits: RecallLimits) -> int:
    """Epoch seconds: ``recall_days`` after the session (last active at ``last_activity``) expires."""
    then = datetime.fromisoformat(last_activity.replace("Z", "+00:00"))
    return int(then.timestamp()) + (limits.session_ttl_days + limits.recall_days) * DAY_S


class RecallSearch:
    """`POST /users/{user_id}/memories/search`: the turn's ranking, over everything recallable."""

    def __init__(self, store: RecallStore, memory: MemoryStore, catalog: PersonalityFinder, *, clock: Clock) -> None:
        self._store = store
        self._memory = memory
        self._catalog = catalog
        self._clock = clock

    def search(self, tenant: str, user_id: str, query: str, personality_name: str | None = None,
               limit: int = 10) -> list[rank.Hit]:
        """What ``query`` matches, best first: messages, facts and episodes, at most ``limit``."""
        from chalicelib.engine.recall import index, rank

        personality = self._catalog.get(tenant, personality_name).name if personality_name else None
        shards = index.unpack_all(s.blob for s in self._store.recall_shards(tenant, user_id))
        facts = self._memory.list_facts(tenant, user_id)
        episodes = self._memory.list_episodes(tenant, user_id, personality)
        voices = {p for s in shards for p in s.columns["personality"]}
        scope = rank.Scope(self._clock.now(), personality, rank.speakers(facts, voices))
        # Everything matched ranks above everything not matched; a few more than asked leave room for that.
        hits = rank.rank(query, shards, facts, episodes, scope, limit + len(facts) + len(episodes))
        return [h for h in hits if h.relevance > 0][:limit]
