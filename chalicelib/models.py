"""Domain models: immutable records that know nothing of storage or HTTP.

They are `NamedTuple`s rather than frozen dataclasses: a process builds each class in about a fifth
of the time (a frozen dataclass compiles six methods when its module is imported), which counts on
a cold start. Change one with ``record._replace(field=value)``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import NamedTuple

# The personality a turn talks to when it names none (the guide's default).
DEFAULT_PERSONALITY = "Assistant"
# An `Idempotency-Key` is remembered for 24 hours from the turn that first used it; after that it is new.
IDEMPOTENCY_WINDOW_S = 24 * 3600


def iso(moment: datetime) -> str:
    """Format a UTC instant as ISO 8601 with milliseconds and a ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Usage(NamedTuple):
    """Token accounting of one LLM call."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    prompt_cache_hit_tokens: int = 0
    prompt_cache_miss_tokens: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "prompt_cache_hit_tokens": self.prompt_cache_hit_tokens,
            "prompt_cache_miss_tokens": self.prompt_cache_miss_tokens,
        }


class ChatMessage(NamedTuple):
    """One message of a chat-model prompt."""

    role: str  # "system", "user" or "assistant"
    content: str


class Voice(NamedTuple):
    """How a personality sounds at one relationship level; the offline responder speaks with it."""

    name: str
    level: str = "stranger"
    greetings: tuple[str, ...] = ()
    farewells: tuple[str, ...] = ()
    confusions: tuple[str, ...] = ()
    successes: tuple[str, ...] = ()
    apologies: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    expressions: tuple[str, ...] = ()
    punctuation: str = "moderate"
    warmth: float = 0.0  # 0 at the first relationship level, 1 at the last
    known_name: str = ""
    recalled_fact: str = ""
    follow_up: str = ""  # an event the user told of that has happened since: asked about once
    language: str = "en"  # the personality's: the offline responder's own phrases are in it


class ChatRequest(NamedTuple):
    """What the turn asks of the chat model."""

    messages: tuple[ChatMessage, ...]
    temperature: float
    max_tokens: int
    end_user: str  # an opaque, stable hash of tenant and user; never the raw id
    voice: Voice | None = None
    json_mode: bool = False
    stop: tuple[str, ...] = ()  # the reply ends before the first of these
    offline_reply: str = ""  # what a responder without a model says, when a safety protocol fixes it


class ChatReply(NamedTuple):
    """The chat model's answer."""

    text: str
    usage: Usage = Usage()
    model: str = ""
    finish_reason: str = "stop"  # "length" when the reply was cut at max_tokens


class Relationship(NamedTuple):
    """Where one user stands with one personality."""

    user_id: str
    personality: str
    affinity_points: int = 0
    level: str = "stranger"
    total_interactions: int = 0
    positive_interactions: int = 0
    negative_interactions: int = 0
    mood: str = "neutral"
    mood_intensity: float = 0.0
    version: int = 0
    created_at: str = ""
    updated_at: str = ""


class Message(NamedTuple):
    """One stored message of a session."""

    message_id: str
    session_id: str
    role: str  # "user" or "assistant"
    content: str
    created_at: str
    personality: str = ""
    seq: int = 0
    usage: Usage | None = None
    external_id: str = ""  # the application's own id of an imported message


class Session(NamedTuple):
    """A conversation thread between a user and a personality."""

    session_id: str
    personality: str
    created_at: str
    last_activity: str
    summary: str = ""
    message_count: int = 0
    analyzed_through: int = 0
    first_seq: int = 0  # where this life of the session starts; earlier messages belong to an expired one


FACT_CATEGORIES = (
    "personal_info", "preferences", "relationships", "hobbies", "goals", "health", "work", "events", "other",
)
EPISODE_TYPES = (
    "emotional_moment", "confession", "milestone", "achievement", "bonding", "conflict", "routine", "other",
)


class MemoryPolicy(NamedTuple):
    """What deep analysis keeps for one personality: its file's ``memory_preferences``, resolved."""

    fact_categories: tuple[str, ...] = FACT_CATEGORIES
    episode_types: tuple[str, ...] = EPISODE_TYPES
    importance_threshold: float = 5.0
    also_remember: tuple[str, ...] = ()  # ``remember_*`` flags that name no category or type, e.g. "topics"


class FactCandidate(NamedTuple):
    """A fact an extractor believes it found, before it is merged into memory."""

    category: str
    key: str
    value: str
    confidence: float
    source_message_id: str = ""


class EpisodeCandidate(NamedTuple):
    """A moment an extractor found worth remembering."""

    type: str
    summary: str
    importance: float
    sentiment: str = "neutral"


class FollowUpCandidate(NamedTuple):
    """A dated future event an extractor found; ``due`` is a local ISO date."""

    what: str
    due: str
    source_message_id: str = ""


class Extraction(NamedTuple):
    """What deep analysis found in a batch of turns: facts, at most one episode, dated events."""

    facts: tuple[FactCandidate, ...] = ()
    episode: EpisodeCandidate | None = None
    usage: Usage | None = None  # the model's tokens, when a model did the analysis
    followups: tuple[FollowUpCandidate, ...] = ()


class Fact(NamedTuple):
    """Something known about a user, shared by all of their personalities."""

    category: str
    key: str
    value: str
    confidence: float
    source_message_id: str = ""
    first_seen: str = ""
    last_seen: str = ""
    history: tuple[dict[str, str], ...] = ()
    version: int = 0


class Episode(NamedTuple):
    """A memorable moment between a user and one personality."""

    episode_id: str
    personality: str
    type: str
    summary: str
    importance: float
    sentiment: str
    occurred_at: str


class RecallShard(NamedTuple):
    """One stored shard of a user's recall index: packed entries (see `chalicelib.engine.recall.index`)."""

    key: str  # orders shards by when they were started
    blob: bytes
    version: int = 0  # 0 for a shard not stored yet; a write expects the version it read
    ttl: int = 0  # epoch seconds: when its last entry stops being recallable


class MoodEntry(NamedTuple):
    """One mood a personality was in with a user, kept for a while."""

    personality: str
    mood: str
    intensity: float
    created_at: str


FOLLOWUP_STATUSES = ("open", "asked", "closed", "cancelled")


class FollowUp(NamedTuple):
    """A dated event the user mentioned, to ask about once it has happened; ``due`` is a local ISO date."""

    followup_id: str
    what: str
    due: str
    source_message_id: str
    status: str = "open"  # open → asked (the turn asked) | closed (the user told first) | cancelled
    personality: str = ""
    created_at: str = ""
    updated_at: str = ""
    expires_at: int = 0  # epoch seconds: kept this long after it falls due, asked or not


class PendingAnalysis(NamedTuple):
    """Turns of a session that deep analysis has not read yet, with what it merges into."""

    tenant: str
    user_id: str
    session: Session
    messages: tuple[Message, ...]
    facts: tuple[Fact, ...]
    episodes: tuple[Episode, ...]
    followups: tuple[FollowUp, ...] = ()
    timezone: str = ""  # the user's, from their profile ("" when they have none)


class MemoryUpdate(NamedTuple):
    """What one deep analysis writes, all or nothing; ``through`` is the first sequence left unread."""

    tenant: str
    user_id: str
    session_id: str
    analyzed_from: int
    through: int
    caught_up: bool
    facts: tuple[Fact, ...] = ()
    dropped_facts: tuple[Fact, ...] = ()
    episodes: tuple[Episode, ...] = ()
    dropped_episodes: tuple[Episode, ...] = ()
    personality: str = ""
    hot_episodes: tuple[Episode, ...] | None = None  # what turns read from now on; None: unchanged
    usage: Usage | None = None  # the analysis's own tokens, metered with its write (None: nothing analysed)
    started_at: str = ""  # when the analysis read what it analysed: an erase since then voids the write
    recall: tuple[RecallShard, ...] = ()  # recall index shards to write, each expecting its stored version
    followups: tuple[FollowUp, ...] = ()  # follow-ups found, moved or cancelled, written whole


class UserData(NamedTuple):
    """Everything stored about one user, for export."""

    relationships: tuple[Relationship, ...] = ()
    facts: tuple[Fact, ...] = ()
    episodes: tuple[Episode, ...] = ()
    moods: tuple[MoodEntry, ...] = ()
    sessions: tuple[Session, ...] = ()
    messages: tuple[Message, ...] = ()
    recall: tuple[RecallShard, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    profile: UserProfile | None = None


class Context(NamedTuple):
    """What a turn reads before it answers."""

    relationship: Relationship | None
    session: Session | None
    recent_messages: tuple[Message, ...]
    facts: tuple[Fact, ...] = ()
    episodes: tuple[Episode, ...] = ()
    next_seq: int = 0
    recall: tuple[RecallShard, ...] = ()  # the newest shards of the recall index, oldest first
    followups: tuple[FollowUp, ...] = ()  # the user's live follow-ups, read with the knowledge items
    profile: UserProfile | None = None
    turns_this_minute: int = 0  # the user's turns in the current UTC minute, for the per-user limit
    limit_minutes: tuple[str, ...] = ()  # the minutes the user's limit window item counts


class TurnInput(NamedTuple):
    """A validated `POST /message`."""

    tenant: str
    user_id: str
    session_id: str
    message: str
    personality_name: str = DEFAULT_PERSONALITY
    idempotency_key: str | None = None
    # Set by OpenAI-protocol clients: instructions added after the personality block, and sampling
    # that may lower the personality's temperature and reply length, never raise them.
    instructions: str = ""
    temperature: float | None = None
    max_tokens: int | None = None
    stop: tuple[str, ...] = ()
    locale: str = ""  # the request's Accept-Language (its first tag), for the crisis lines of the user's country

    def fingerprint(self, personality: str) -> str:
        """What an `Idempotency-Key` stands for: everything in the request that shapes the answer, so a reused
        key with another body shows. What `/message` never sets is left out while unset, so records written
        before it counted stay valid."""
        request: list[object] = [self.user_id, self.session_id, personality.lower(), self.message]
        shaping = [self.instructions, self.temperature, self.max_tokens, list(self.stop)]
        if shaping != ["", None, None, []]:
            request += shaping
        return hashlib.sha256(json.dumps(request, ensure_ascii=True).encode()).hexdigest()


class IdempotencyClaim(NamedTuple):
    """Holds an `Idempotency-Key` while its first request runs."""

    tenant: str
    user_id: str
    key: str
    fingerprint: str
    created_at: str
    expires_at: int  # end of the 24-hour window, epoch seconds
    pending_until: int  # after this, a claim whose request never finished may be taken over


class TurnRecord(NamedTuple):
    """Everything one turn writes, in one transaction."""

    tenant: str
    user_id: str
    session: Session
    new_session: bool
    user_message: Message
    assistant_message: Message
    previous: Relationship | None
    relationship: Relationship
    positive: bool
    negative: bool
    expires_at: int
    idempotency_key: str | None = None
    # The claim this turn holds on its idempotency key; the write completes it.
    claim: IdempotencyClaim | None = None
    started_at: str = ""  # when the turn read its context: an erase of the user since then voids the write
    finish_reason: str = "stop"
    followups: tuple[FollowUp, ...] = ()  # follow-ups this turn asked or the user closed, with their status
    safety: SafetyWrite | None = None
    stale_minutes: tuple[str, ...] = ()  # earlier minutes the turn found in the user's limit window
    lease_minute: str = ""  # the minute of the turn's slot among its tenant's turns in flight, if it took one

    def result(self) -> dict[str, object]:
        """The answer stored with the turn's idempotency record: what a repeat gets, whole."""
        return {
            "response": self.assistant_message.content,
            "affinity_level": self.relationship.level,
            "affinity_points": self.relationship.affinity_points,
            "session_id": self.session.session_id,
            "message_id": self.assistant_message.message_id,
            "mood": self.relationship.mood,
            "usage": (self.assistant_message.usage or Usage()).as_dict(),
            "finish_reason": self.finish_reason,
            "personality": self.relationship.personality,
            "created_at": self.assistant_message.created_at,
            **({"safety": self.safety.view} if self.safety and self.safety.view else {}),
        }


class TurnResult(NamedTuple):
    """What `POST /message` answers."""

    response: str
    affinity_level: str
    affinity_points: int
    session_id: str
    message_id: str
    mood: str
    usage: Usage
    finish_reason: str = "stop"
    personality: str = ""  # the personality's own spelling of its name ("" in records stored before it)
    created_at: str = ""  # when the answer was made ("" in records stored before it)
    safety: dict[str, object] | None = None  # the protocol that shaped this reply, and its crisis lines
    rate_limits: dict[str, str] | None = None  # the x-ratelimit-* headers of this turn; never in the body

    def as_dict(self) -> dict[str, object]:
        answer: dict[str, object] = {
            "response": self.response,
            "affinity_level": self.affinity_level,
            "affinity_points": self.affinity_points,
            "session_id": self.session_id,
            "message_id": self.message_id,
            "mood": self.mood,
            "usage": self.usage.as_dict(),
        }
        if self.safety is not None:
            answer["safety"] = self.safety
        return answer


class ApiKey(NamedTuple):
    """What is stored of an API key: its SHA-256 hash, never the key itself."""

    key_hash: str
    tenant: str
    name: str
    created_at: str
    revoked_at: str | None = None

    @property
    def key_id(self) -> str:
        """A short public handle for listing and revoking (a prefix of the hash, not of the key)."""
        return self.key_hash[:12]


class ImportedMessage(NamedTuple):
    """One message of an application's history, as `POST .../import` sends it."""

    role: str
    content: str
    created_at: str  # ISO 8601 UTC, as stored
    external_id: str = ""


class ImportInput(NamedTuple):
    """A validated import of past messages into one session."""

    tenant: str
    user_id: str
    session_id: str
    messages: tuple[ImportedMessage, ...]
    personality_name: str = "Assistant"
    count_interactions: bool = False
    idempotency_key: str | None = None

    def fingerprint(self, personality: str) -> str:
        """What an `Idempotency-Key` stands for: the whole import."""
        rows = [[m.role, m.content, m.created_at, m.external_id] for m in self.messages]
        request = json.dumps(["import", self.user_id, self.session_id, personality.lower(), self.count_interactions,
                              rows], ensure_ascii=True)
        return hashlib.sha256(request.encode()).hexdigest()


class ImportRecord(NamedTuple):
    """What one import writes: the messages after the session's last one, the session, maybe the relationship."""

    tenant: str
    user_id: str
    session: Session
    new_session: bool
    messages: tuple[Message, ...]
    expires_at: int
    day: str  # UTC day of the import: the session's activity bucket
    previous: Relationship | None = None
    relationship: Relationship | None = None  # None: the import moves no affinity
    positive: int = 0
    negative: int = 0
    claim: IdempotencyClaim | None = None
    started_at: str = ""


class ImportResult(NamedTuple):
    """What `POST .../import` answers."""

    imported: int
    message_ids: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"imported": self.imported, "message_ids": list(self.message_ids)}


class Webhook(NamedTuple):
    """A tenant's webhook endpoint; its secret is derived from ``nonce``, never stored."""

    tenant: str
    name: str
    url: str
    events: tuple[str, ...]
    nonce: str
    created_at: str = ""
class CrisisResource(NamedTuple):
    """A crisis line a user can reach: a phone number, a text line, a website (each optional but the name)."""

    name: str
    phone: str = ""
    text: str = ""
    url: str = ""

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in self._asdict().items() if value}


class UserProfile(NamedTuple):
    """What an app tells Luminora about its end user, and the bookkeeping of their break reminders."""

    minor: bool = False
    locale: str = ""  # BCP 47, e.g. "pt-BR": the language and country of the crisis lines
    timezone: str = ""  # IANA, e.g. "Europe/Madrid": the user's dates (follow-ups) are read in it
    updated_at: str = ""
    # A minor's continuing interaction: when it began, the last turn, the last break reminder.
    active_since: str = ""
    last_turn_at: str = ""
    reminded_at: str = ""


class SafetyConfig(NamedTuple):
    """A tenant's safety settings: its own crisis lines by country ("*" for all others), a minor's breaks."""

    resources: tuple[tuple[str, tuple[CrisisResource, ...]], ...] = ()
    break_reminder_minutes: int = 180
    updated_at: str = ""


class SafetyWrite(NamedTuple):
    """What a turn's safety protocol adds to the turn's one write: a count, and a minor's stamps."""

    protocol: str | None  # counted for the tenant's day when set
    day: str  # UTC, YYYY-MM-DD
    profile: UserProfile | None = None  # the minor's new stamps
    view: dict[str, object] | None = None  # what the response says, stored with an idempotency record
