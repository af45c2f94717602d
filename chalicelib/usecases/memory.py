"""Deep analysis and the memory it keeps: merging facts and episodes, caps, erase and export."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Sequence
from typing import NamedTuple

from chalicelib.clock import Clock
from chalicelib.errors import ConflictError, NotFoundError, UserErasedError
from chalicelib.models import (
    EPISODE_TYPES,
    FACT_CATEGORIES,
    Episode,
    EpisodeCandidate,
    Fact,
    FactCandidate,
    FollowUp,
    MemoryPolicy,
    MemoryUpdate,
    PendingAnalysis,
    RecallShard,
    TurnRecord,
    Usage,
    UserData,
    iso,
)
from chalicelib.ports import FactExtractor, MemoryStore, PersonalityFinder, RecallStore
from chalicelib.usecases import followups
from chalicelib.usecases.conversation import end_user_tag
from chalicelib.usecases.recall import RecallLimits, index_batch, recallable_until

log = logging.getLogger(__name__)

MIN_CONFIDENCE = 0.7
MIN_IMPORTANCE = 5.0  # unless the personality's memory_preferences set another importance_threshold
# Reads of a session's pending turns when concurrent analyses keep writing first.
ANALYSIS_ATTEMPTS = 3
# Facts that say who the user is are the last to go when the cap binds.
CORE_FACTS = {("personal_info", "name")}


class MemoryLimits(NamedTuple):
    """Caps that keep every user's memory, and so every turn's read, bounded."""

    max_facts: int = 60
    max_episodes: int = 30
    fact_history: int = 5
    batch_messages: int = 40
    max_facts_per_analysis: int = 30
    max_attempts: int = 3  # nightly attempts at a session's analysis before it is parked
    hot_episodes: int = 8  # episodes every turn reads (the rest are read by the analysis and the routes)
    recall_days: int = 365  # what was said stays recallable this long after its session ends
    session_ttl_days: int = 90


class PendingReport(NamedTuple):
    """What one pass over pending analyses, or one batch of the table's stream, did."""

    sessions: int = 0
    messages: int = 0
    failed: int = 0
    parked: int = 0
    left: int = 0  # sessions not started for lack of time


class Memory:
    """Runs deep analysis and answers the memory routes."""

    def __init__(
        self,
        store: MemoryStore,
        extractor: FactExtractor,
        limits: MemoryLimits = MemoryLimits(),
        *,
        clock: Clock,
        catalog: PersonalityFinder | None = None,
        new_id: Callable[[], str] = lambda: secrets.token_hex(8),
        min_inline_seconds: float = 0.0,
        zone_for: followups.ZoneFor = followups.utc_zone,
        on_saved: Callable[[MemoryUpdate], None] | None = None,
        followup_limits: followups.FollowUpLimits = followups.DEFAULT_LIMITS,
    ) -> None:
        self._zone_for = zone_for
        self._on_saved = on_saved
        self._followup_limits = followup_limits
        self._store = store
        self._min_inline = min_inline_seconds
        self._catalog = catalog
        self._extractor = extractor
        self._limits = limits
        self._clock = clock
        self._now = clock.now
        self._new_id = new_id

    # -- deep analysis ---------------------------------------------------------------------

    def analyze_session(self, tenant: str, user_id: str, session_id: str, *, deadline: float | None = None) -> int:
        """Analyse the session's unread turns once; returns how many messages were read.

        A failure raises and leaves the turns pending. A concurrent analysis of the same turns makes the
        later write fail its condition, so no turn is ever merged twice; the later one then reads again
        and analyses only what the winner left (often nothing: a lost race over work done is no failure).
        """
        for _ in range(ANALYSIS_ATTEMPTS - 1):
            try:
                return self._analyze_once(tenant, user_id, session_id, deadline)
            except UserErasedError:
                raise
            except ConflictError:
                continue  # another analysis wrote first: read again what it left
        return self._analyze_once(tenant, user_id, session_id, deadline)

    def _analyze_once(self, tenant: str, user_id: str, session_id: str, deadline: float | None) -> int:
        started = iso(self._now())  # an erase of the user after this voids the analysis's write
        pending = self._store.load_pending(tenant, user_id, session_id, self._limits.batch_messages)
        if pending is None:
            return 0
        session = pending.session
        if not pending.messages:  # nothing left to read (or it expired): just close the books
            through = max(session.analyzed_through, session.message_count)
            self._store.save_memory(MemoryUpdate(
                tenant=tenant, user_id=user_id, session_id=session_id, analyzed_from=session.analyzed_through,
                through=through, caught_up=True, started_at=started,
            ))
            return 0
        policy = self._policy(tenant, session.personality)
        zone_name = pending.timezone or self._zone_for(tenant, user_id)
        found = self._extractor.extract(
            followups.in_zone(pending.messages, zone_name), pending.facts, end_user=end_user_tag(tenant, user_id),
            deadline=deadline, policy=policy,
        )
        dated = followups.analysed(pending, found.followups, zone_name, now=self._now(),
                                   new_id=self._new_id, limits=self._followup_limits)
        update = self._update(pending, found.facts, found.episode, policy)
        recall = self._indexed(pending, found.facts, update.episodes)
        update = update._replace(started_at=started, usage=found.usage or Usage(), followups=dated, recall=recall)
        self._store.save_memory(update)
        if self._on_saved is not None:
            self._on_saved(update)
        return len(pending.messages)

    def _indexed(
        self, pending: PendingAnalysis, facts: Sequence[FactCandidate], episodes: Sequence[Episode]
    ) -> tuple[RecallShard, ...]:
        """The recall shards that take in the analysed messages, keyed also by what was found in them."""
        if not isinstance(self._store, RecallStore):
            return ()
        newest = self._store.recall_shards(pending.tenant, pending.user_id, newest=1)
        limits = RecallLimits(self._limits.recall_days, self._limits.session_ttl_days)
        # The session expires `session_ttl_days` after its last turn or import, which is about now.
        until = recallable_until(max(pending.session.last_activity, iso(self._now())), limits)
        kept = [f for f in facts if f.confidence >= MIN_CONFIDENCE]
        return index_batch(newest[-1] if newest else None, pending, kept, episodes, until=until, now=self._now(),
                           new_id=self._new_id)

    def _policy(self, tenant: str, personality: str) -> MemoryPolicy:
        """The session's personality's memory preferences; the defaults when it is gone or unknown."""
        if self._catalog is None:
            return MemoryPolicy()
        try:
            return self._catalog.get(tenant, personality).memory_policy
        except NotFoundError:
            return MemoryPolicy()

    def after_turn(self, record: TurnRecord, deadline: float | None = None) -> None:
        """The in-process runner: analyse right after a turn, within the turn's ``deadline``.

        With less than ``min_inline_seconds`` left the turns stay pending for the nightly pass rather than
        hold the reply; a failure is logged, never raised.
        """
        if deadline is not None and deadline - self._clock.monotonic() < self._min_inline:
            log.info("no time left for deep analysis in this turn; its turns stay pending")
            return
        try:
            self.analyze_session(record.tenant, record.user_id, record.session.session_id, deadline=deadline)
        except Exception as exc:  # the user's turn is already stored and answered; never fail it
            log.warning("deep analysis failed, the turns stay pending: %s: %s", type(exc).__name__, exc)

    def analyze_sessions(
        self, sessions: Sequence[tuple[str, str, str]], *, deadline: float | None = None
    ) -> PendingReport:
        """Analyse each (tenant, user, session) once, a failure not stopping the others (a stream batch).

        A session is only started with ``min_inline_seconds`` left before ``deadline``; the rest are
        counted as ``left``. Failed and left sessions stay pending: the caller decides what to retry.
        """
        report = PendingReport()
        for number, (tenant, user_id, session_id) in enumerate(sessions):
            if deadline is not None and deadline - self._clock.monotonic() < self._min_inline:
                return report._replace(left=len(sessions) - number)
            try:
                read = self.analyze_session(tenant, user_id, session_id, deadline=deadline)
            except Exception as exc:  # one bad session must not stop the others
                log.warning("deep analysis failed, the turns stay pending: %s: %s", type(exc).__name__, exc)
                report = report._replace(failed=report.failed + 1)
                continue
            report = report._replace(sessions=report.sessions + 1, messages=report.messages + read)
        return report

    def analyze_pending(self, limit: int = 50, *, deadline: float | None = None) -> PendingReport:
        """Pick up sessions whose analysis failed or never ran (for the nightly job)."""
        report = PendingReport()
        for tenant, user_id, session_id in self._store.pending_analyses(limit):
            if deadline is not None and self._clock.monotonic() >= deadline:
                break
            try:
                read = self.analyze_session(tenant, user_id, session_id, deadline=deadline)
                report = report._replace(sessions=report.sessions + 1, messages=report.messages + read)
            except Exception as exc:  # one bad session must not stop the others
                parked = self._failed(tenant, user_id, session_id, exc)
                report = report._replace(failed=report.failed + 1, parked=report.parked + int(parked))
        return report

    def _failed(self, tenant: str, user_id: str, session_id: str, exc: Exception) -> bool:
        """Send a failed session to the back of the queue, or park it once it has failed too often."""
        error = f"{type(exc).__name__}: {exc}"[:300]
        parked = self._store.record_analysis_failure(
            tenant, user_id, session_id, error, iso(self._now()), self._limits.max_attempts
        )
        if parked:
            log.error("deep analysis parked after %d attempts: %s#%s#%s: %s",
                      self._limits.max_attempts, tenant, user_id, session_id, error)
        else:
            log.warning("pending analysis failed, retried later: %s", error)
        return parked

    def _update(
        self,
        pending: PendingAnalysis,
        facts: Sequence[FactCandidate],
        episode: EpisodeCandidate | None,
        policy: MemoryPolicy,
    ) -> MemoryUpdate:
        stamp = iso(self._now())
        wanted = [f for f in facts if f.category in policy.fact_categories][: self._limits.max_facts_per_analysis]
        written, dropped = merge_facts(pending.facts, wanted, stamp, self._limits)
        kept = episode if episode and episode.type in policy.episode_types else None
        new_episodes, dropped_episodes = self._episodes(pending, kept, stamp, policy.importance_threshold)
        through = pending.messages[-1].seq + 1
        return MemoryUpdate(
            tenant=pending.tenant,
            user_id=pending.user_id,
            session_id=pending.session.session_id,
            analyzed_from=pending.session.analyzed_through,
            through=through,
            caught_up=through >= pending.session.message_count,
            facts=tuple(written),
            dropped_facts=tuple(dropped),
            episodes=tuple(new_episodes),
            dropped_episodes=tuple(dropped_episodes),
            personality=pending.session.personality,
            hot_episodes=self._hot(pending, new_episodes, dropped_episodes) if new_episodes else None,
        )

    def _hot(self, pending: PendingAnalysis, new: Sequence[Episode], dropped: Sequence[Episode]) -> tuple[Episode, ...]:
        """The episodes turns read: the most important, then the latest, one per summary."""
        gone = {e.episode_id for e in dropped}
        kept = [e for e in (*pending.episodes, *new) if e.episode_id not in gone]
        distinct = {e.summary: e for e in sorted(kept, key=lambda e: e.occurred_at)}.values()
        ranked = sorted(distinct, key=lambda e: (e.importance, e.occurred_at), reverse=True)
        return tuple(ranked[: self._limits.hot_episodes])

    def _episodes(
        self, pending: PendingAnalysis, found: EpisodeCandidate | None, stamp: str, threshold: float = MIN_IMPORTANCE
    ) -> tuple[list[Episode], list[Episode]]:
        if found is None or found.importance < threshold or found.type not in EPISODE_TYPES:
            return [], []
        # An imported conversation's moment happened when it was said, not when it was analysed.
        occurred = min(stamp, pending.messages[-1].created_at) if pending.messages else stamp
        episode = Episode(episode_id=self._new_id(), personality=pending.session.personality, type=found.type,
                          summary=found.summary, importance=round(found.importance, 1), sentiment=found.sentiment,
                          occurred_at=occurred)
        kept = sorted([*pending.episodes, episode], key=lambda e: (e.importance, e.occurred_at), reverse=True)
        overflow = kept[self._limits.max_episodes:]
        if episode in overflow:
            return [], []
        return [episode], overflow

    # -- the memory routes ---------------------------------------------------------------------

    def facts(self, tenant: str, user_id: str) -> list[Fact]:
        return self._store.list_facts(tenant, user_id)

    def forget_fact(self, tenant: str, user_id: str, category: str, key: str) -> bool:
        return self._store.delete_fact(tenant, user_id, category, key)

    def episodes(self, tenant: str, user_id: str, personality: str | None) -> list[Episode]:
        return self._store.list_episodes(tenant, user_id, personality)

    def followups(self, tenant: str, user_id: str) -> list[FollowUp]:
        return self._store.list_followups(tenant, user_id)

    def forget_followup(self, tenant: str, user_id: str, followup_id: str) -> bool:
        return self._store.delete_followup(tenant, user_id, followup_id)

    def export(self, tenant: str, user_id: str) -> UserData:
        return self._store.export_user(tenant, user_id)

    def export_page(self, tenant: str, user_id: str, after: str | None, max_bytes: int) -> tuple[UserData, str | None]:
        """One bounded page of the export and the next page's cursor (None after the last)."""
        return self._store.export_page(tenant, user_id, after, max_bytes)

    def erase(self, tenant: str, user_id: str) -> dict[str, int]:
        return self._store.erase_user(tenant, user_id)


def merge_facts(
    existing: Sequence[Fact], found: Sequence[FactCandidate], stamp: str, limits: MemoryLimits
) -> tuple[list[Fact], list[Fact]]:
    """Facts to write and facts to drop after ``found`` meets what is stored.

    Below `MIN_CONFIDENCE` a candidate is ignored. The same (category, key) with a new value supersedes
    the stored one, whose value moves into a history capped at ``limits.fact_history``. When the user has
    more than ``limits.max_facts``, the least recently seen go first, core facts last.
    """
    stored = {(f.category, f.key): f for f in existing}
    changed: dict[tuple[str, str], Fact] = {}
    for candidate in found:
        if candidate.confidence < MIN_CONFIDENCE or candidate.category not in FACT_CATEGORIES:
            continue
        at = (candidate.category, candidate.key)
        merged = _merge_one(changed.get(at) or stored.get(at), candidate, stamp, limits.fact_history)
        changed[at] = merged
    everything = {**stored, **changed}
    ranked = sorted(everything.values(), key=_keep_rank, reverse=True)
    dropped = ranked[limits.max_facts:]
    dropped_keys = {(f.category, f.key) for f in dropped}
    written = [f for at, f in changed.items() if at not in dropped_keys]
    return written, [f for f in dropped if (f.category, f.key) in stored]


def _merge_one(old: Fact | None, new: FactCandidate, stamp: str, history_cap: int) -> Fact:
    if old is None:
        return Fact(category=new.category, key=new.key, value=new.value, confidence=new.confidence,
                    source_message_id=new.source_message_id, first_seen=stamp, last_seen=stamp)
    if old.value.casefold() == new.value.casefold():
        return old._replace(confidence=max(old.confidence, new.confidence), last_seen=stamp)
    previous = {
        "value": old.value,
        "first_seen": old.first_seen,
        "last_seen": old.last_seen,
        "superseded_at": stamp,
        "source_message_id": old.source_message_id,
    }
    history = ((previous, *old.history))[:history_cap]
    return old._replace(value=new.value, confidence=new.confidence, source_message_id=new.source_message_id,
                   first_seen=stamp, last_seen=stamp, history=history)


def _keep_rank(fact: Fact) -> tuple[bool, str, float]:
    return ((fact.category, fact.key) in CORE_FACTS, fact.last_seen, fact.confidence)
