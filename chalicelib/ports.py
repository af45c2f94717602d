"""Ports: the small interfaces the engine needs from the outside world."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from chalicelib.engine.personality.domain import Personality
from chalicelib.models import (
    ApiKey,
    ChatReply,
    ChatRequest,
    Context,
    Episode,
    Extraction,
    Fact,
    FollowUp,
    IdempotencyClaim,
    ImportRecord,
    MemoryPolicy,
    MemoryUpdate,
    Message,
    PendingAnalysis,
    RecallShard,
    Relationship,
    SafetyConfig,
    TurnRecord,
    UserData,
    UserProfile,
)


class PersonalityFinder(Protocol):
    """Finds a personality by name, for a tenant: all a turn needs."""

    def get(self, tenant: str, name: str) -> Personality:
        """The personality called ``name`` (any case); raises `NotFoundError` when there is none."""
        ...


class PersonalityCatalog(PersonalityFinder, Protocol):
    """The personalities a tenant can talk to: the built-in ones and its own."""

    def all(self, tenant: str) -> list[Personality]:
        """Every personality available to ``tenant``, built-in ones first."""
        ...

    def save(self, tenant: str, name: str, raw: str | bytes) -> Personality:
        """Validate and store a tenant's own personality; a built-in name is a `ConflictError`."""
        ...

    def delete(self, tenant: str, name: str) -> None:
        """Remove a tenant's own personality; built-in → `ConflictError`, unknown → `NotFoundError`."""
        ...


class PersonalityStore(Protocol):
    """Where tenants' own personalities live."""

    def get(self, tenant: str, name: str) -> Personality | None:
        """The tenant's personality called ``name`` (any case), if stored."""
        ...

    def all(self, tenant: str) -> list[Personality]:
        """All of the tenant's own personalities."""
        ...

    def put(self, tenant: str, personality: Personality) -> None:
        """Store ``personality``, replacing one of the same name."""
        ...

    def delete(self, tenant: str, name: str) -> bool:
        """Remove the personality called ``name``; False when there was none."""
        ...


class ChatModel(Protocol):
    """Something that answers a chat prompt."""

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        """Answer ``request``; ``deadline`` is a ``time.monotonic()`` value not to pass."""
        ...


class ConversationStore(Protocol):
    """Where turns, relationships and messages live."""

    def load_context(
        self, tenant: str, user_id: str, personality: str, session_id: str, window: int,
        gate: Callable[[int], None] | None = None,
    ) -> Context:
        """Read what a turn needs: relationship, memory and the last ``window`` messages.

        ``gate`` gets the user's turns in the current UTC minute before the messages are read, and may
        raise to refuse the turn at the cost of the first read only.
        """
        ...

    def record_turn(self, record: TurnRecord) -> None:
        """Store everything a turn produced, all or nothing."""
        ...

    def get_turn_result(self, tenant: str, user_id: str, idempotency_key: str) -> dict[str, object] | None:
        """The stored answer of an earlier turn sent with the same idempotency key."""
        ...

    def claim_turn(self, claim: IdempotencyClaim, now: int) -> dict[str, object] | None:
        """Hold ``claim.key`` for a new turn (None), or return the answer stored for it within its window.

        `IdempotencyMismatchError` when the key was first used with another request; `TurnInFlightError`
        while that first request is still running.
        """
        ...

    def release_turn(self, claim: IdempotencyClaim) -> None:
        """Give up a claim whose turn failed, so the client can send the request again at once."""
        ...

    def get_relationship(self, tenant: str, user_id: str, personality: str) -> Relationship | None:
        """The relationship of a user with a personality, if they have talked."""
        ...

    def list_messages(
        self, tenant: str, user_id: str, session_id: str, after: int | None, limit: int
    ) -> tuple[list[Message], int | None]:
        """Messages oldest first after sequence ``after``, and the cursor of the next page."""
        ...


class FactExtractor(Protocol):
    """Finds facts and at most one episode in a batch of turns (deep analysis)."""

    def extract(
        self,
        messages: Sequence[Message],
        known: Sequence[Fact],
        *,
        end_user: str = "",
        deadline: float | None = None,
        policy: MemoryPolicy | None = None,
    ) -> Extraction:
        """What ``messages`` reveal; ``known`` are the facts already stored, so keys stay stable.

        ``policy`` says what the personality keeps; the caller filters by it too, so an extractor may use
        it only to look for more (``also_remember``) or to spend less.
        """
        ...


@runtime_checkable
class MemoryStore(Protocol):
    """Where facts and episodes live, and what deep analysis still has to read."""

    def load_pending(self, tenant: str, user_id: str, session_id: str, batch: int) -> PendingAnalysis | None:
        """Up to ``batch`` unanalysed messages of a session, oldest first, with the user's memory."""
        ...

    def save_memory(self, update: MemoryUpdate) -> None:
        """Write an analysis' results and advance the session's mark, all or nothing.

        Raises `ConflictError` when another analysis advanced the mark or changed a fact first.
        """
        ...

    def pending_analyses(self, limit: int) -> list[tuple[str, str, str]]:
        """(tenant, user_id, session_id) of sessions with turns waiting for analysis, oldest first."""
        ...

    def record_analysis_failure(
        self, tenant: str, user_id: str, session_id: str, error: str, now: str, park_after: int
    ) -> bool:
        """Count a failed analysis and send the session to the back of the queue (pending since ``now``).

        At ``park_after`` failures the session leaves the queue and is parked; returns True then.
        """
        ...

    def list_facts(self, tenant: str, user_id: str) -> list[Fact]:
        """Every fact known about a user."""
        ...

    def delete_fact(self, tenant: str, user_id: str, category: str, key: str) -> bool:
        """Forget one fact, history included; False when there was none."""
        ...

    def list_episodes(self, tenant: str, user_id: str, personality: str | None) -> list[Episode]:
        """Episodes with one personality (or all), oldest first."""
        ...

    def list_followups(self, tenant: str, user_id: str) -> list[FollowUp]:
        """The user's live follow-ups, by due date."""
        ...

    def delete_followup(self, tenant: str, user_id: str, followup_id: str) -> bool:
        """Remove one follow-up; False when there was none."""
        ...

    def export_user(self, tenant: str, user_id: str) -> UserData:
        """Everything stored about a user that has not expired."""
        ...

    def export_page(self, tenant: str, user_id: str, after: str | None, max_bytes: int) -> tuple[UserData, str | None]:
        """What `export_user` returns, in pages of at most about ``max_bytes`` (at least one item each).

        ``after`` is the cursor a previous page returned (None for the first); the second value is the
        next page's cursor, None after the last page.
        """
        ...

    def erase_user(self, tenant: str, user_id: str) -> dict[str, int]:
        """Delete every item of a user; counts of what was deleted, by entity type."""
        ...


@runtime_checkable
class RecallStore(Protocol):
    """Where a user's recall index lives, and how past messages are imported."""

    def recall_shards(self, tenant: str, user_id: str, newest: int | None = None) -> list[RecallShard]:
        """The user's live recall shards, oldest first: all of them, or only the ``newest`` few."""
        ...

    def import_messages(self, record: ImportRecord) -> None:
        """Store imported messages after the session's last one, with the session's new state.

        Raises `ConflictError` when a turn or another import moved the session first (nothing stored),
        `ImportIncompleteError` when a later part of a long import failed after the first parts were stored.
        """
        ...


class ApiKeyStore(Protocol):
    """Where API keys are kept, by the SHA-256 hash of the key."""

    def get_key(self, key_hash: str) -> ApiKey | None:
        """The key whose hash is ``key_hash``, revoked or not."""
        ...

    def put_key(self, key: ApiKey) -> None:
        """Store a new key; `ConflictError` if one with the same hash exists."""
        ...

    def list_keys(self) -> list[ApiKey]:
        """Every key, revoked ones included (for operators)."""
        ...

    def revoke_key(self, key_hash: str, at: str) -> bool:
        """Mark the key revoked at ``at``; False when there is no such key."""
        ...


@runtime_checkable
class SafetyStore(Protocol):
    """Where end users' profiles, tenants' safety settings and the counts of safety protocols live.

    A turn reads the profile with its context and writes the counts with its record (`ConversationStore`);
    these are the profile, settings and report routes' own reads and writes.
    """

    def get_profile(self, tenant: str, user_id: str) -> UserProfile | None:
        """The user's profile, if the app stored one."""
        ...

    def put_profile(self, tenant: str, user_id: str, profile: UserProfile) -> UserProfile:
        """Store the profile's own fields (the break-reminder bookkeeping is kept); returns what is stored."""
        ...

    def get_safety_config(self, tenant: str) -> SafetyConfig | None:
        """The tenant's safety settings, if it stored any."""
        ...

    def put_safety_config(self, tenant: str, config: SafetyConfig) -> None:
        """Replace the tenant's safety settings."""
        ...

    def safety_counts(self, tenant: str, first_day: str, last_day: str) -> dict[str, dict[str, int]]:
        """Protocol firings by UTC day (``YYYY-MM-DD``, both ends included) and protocol."""
        ...
