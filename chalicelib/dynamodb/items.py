"""Item <-> domain model mapping: the one place that knows how each entity is stored."""

from __future__ import annotations

from collections.abc import Callable

from chalicelib.dynamodb import keys, lifecycle, recall_items
from chalicelib.dynamodb.wire import Item, millis, plain
from chalicelib.engine.personality.domain import Personality
from chalicelib.engine.personality.schema import stored_definition
from chalicelib.models import (
    Episode,
    Fact,
    FollowUp,
    Message,
    MoodEntry,
    Relationship,
    Session,
    TurnRecord,
    Usage,
    UserProfile,
)


def relationship_from(item: Item) -> Relationship:
    return Relationship(
        user_id=item.get("user_id") or keys.parse_user_pk(item["PK"])[1],  # older items carry it
        personality=item["personality"],
        affinity_points=int(item.get("affinity_points", 0)),
        level=item.get("level", "stranger"),
        total_interactions=int(item.get("total_interactions", 0)),
        positive_interactions=int(item.get("positive_interactions", 0)),
        negative_interactions=int(item.get("negative_interactions", 0)),
        mood=item.get("mood", "neutral"),
        mood_intensity=float(item.get("mood_intensity", 0)),
        version=int(item.get("version", 0)),
        created_at=item.get("created_at", ""),
        updated_at=item.get("updated_at", ""),
    )


def relationship_item(pk: str, tenant: str, user_id: str, rel: Relationship) -> Item:
    """A relationship's first item; later turns update it in place."""
    return {
        "PK": pk,
        "SK": keys.relationship_sk(rel.personality),
        "entity_type": "relationship",
        "personality": rel.personality,
        "affinity_points": rel.affinity_points,
        "level": rel.level,
        "mood": rel.mood,
        "mood_intensity": rel.mood_intensity,
        "total_interactions": rel.total_interactions,
        "positive_interactions": rel.positive_interactions,
        "negative_interactions": rel.negative_interactions,
        "version": rel.version,
        "created_at": rel.created_at or rel.updated_at,
        "updated_at": rel.updated_at,
        **keys.relationship_gsi1(tenant, rel.personality, user_id),
    }


def session_item(pk: str, record: TurnRecord) -> Item:
    """The session item a turn writes when it read no live session: a new session, or a new life of an
    expired one, which starts at ``first_seq`` and is analysed and summarised from there."""
    session = record.session
    first = session.first_seq
    return {
        "PK": pk,
        "SK": keys.session_sk(session.session_id),
        "entity_type": "session",
        "personality": session.personality,
        "created_at": session.created_at,
        "last_activity": session.last_activity,
        "expires_at": record.expires_at,
        "message_count": record.assistant_message.seq + 1,
        "first_seq": first,
        "analyzed_through": first,
        "summary_through": first,
        **keys.activity_gsi3(record.tenant, record.user_id, session.session_id, session.last_activity[:10]),
        # Enters the sparse index of pending analyses; deep analysis removes it when caught up.
        **keys.pending_analysis_gsi2(record.tenant, record.user_id, session.last_activity),
    }


def message_item(pk: str, message: Message, session_personality: str) -> Item:
    """A message's item, without what its key (session, seq) and its session (personality) already say."""
    item: Item = {
        "PK": pk,
        "SK": keys.message_sk(message.session_id, message.seq),
        "entity_type": "message",
        "message_id": message.message_id,
        "role": message.role,
        "content": message.content,
        "created_at": message.created_at,
        "usage": message.usage.as_dict() if message.usage else None,
        "external_id": message.external_id or None,
    }
    if message.personality != session_personality:
        item["personality"] = message.personality
    return item


def message_from(item: Item, session: Item | None = None) -> Message:
    """A stored message; its personality is its session's unless the item names one (as older items do)."""
    usage = item.get("usage")
    return Message(
        message_id=item["message_id"],
        session_id=keys.session_id_of(item["SK"]),
        role=item["role"],
        content=item["content"],
        created_at=item["created_at"],
        personality=item.get("personality") or (session or {}).get("personality", ""),
        seq=lifecycle.seq_of(item),
        usage=Usage(**{k: int(v) for k, v in usage.items()}) if usage else None,
        external_id=item.get("external_id", ""),
    )


def session_from(item: Item) -> Session:
    return Session(
        session_id=keys.session_id_of(item["SK"]),
        personality=item["personality"],
        created_at=item["created_at"],
        last_activity=item["last_activity"],
        summary=item.get("summary", ""),
        message_count=int(item.get("message_count", 0)),
        analyzed_through=int(item.get("analyzed_through", 0)),
        first_seq=int(item.get("first_seq", 0)),
    )


def fact_from(item: Item) -> Fact:
    category, key = keys.fact_of(item["SK"])
    return Fact(
        category=category,
        key=key,
        value=item["value"],
        confidence=float(item["confidence"]),
        source_message_id=item.get("source_message_id", ""),
        first_seen=item.get("first_seen", ""),
        last_seen=item.get("last_seen", ""),
        history=_history_from(item.get("history", []), item.get("first_seen", "")),
        version=int(item.get("version", 0)),
    )


def _history_from(stored: list[Item], first_seen: str) -> tuple[dict[str, str], ...]:
    """Earlier values, each superseded when the next newer one was first seen (unless it says otherwise)."""
    history = []
    for earlier in stored:
        history.append({**plain(earlier), "superseded_at": earlier.get("superseded_at", first_seen)})
        first_seen = earlier.get("first_seen", "")
    return tuple(history)


def _history_item(history: tuple[dict[str, str], ...], first_seen: str) -> list[dict[str, str]]:
    """``history`` as stored: a ``superseded_at`` that equals the newer value's ``first_seen`` is left out."""
    stored = []
    for earlier in history:
        entry = dict(earlier)
        if entry.get("superseded_at") == first_seen:
            del entry["superseded_at"]
        stored.append(entry)
        first_seen = earlier.get("first_seen", "")
    return stored


def episode_from(item: Item) -> Episode:
    return Episode(
        episode_id=item["episode_id"],
        personality=item["personality"],
        type=item["type"],
        summary=item["summary"],
        importance=float(item["importance"]),
        sentiment=item.get("sentiment", "neutral"),
        occurred_at=item["occurred_at"],
    )


def mood_from(item: Item) -> MoodEntry:
    return MoodEntry(
        personality=item["personality"],
        mood=item["mood"],
        intensity=float(item.get("intensity", 0)),
        created_at=item["created_at"],
    )


def fact_item(pk: str, fact: Fact) -> Item:
    """A fact's item; its version is the one this write expects to replace, plus one."""
    return {
        "PK": pk,
        "SK": keys.fact_sk(fact.category, fact.key),
        "entity_type": "fact",
        "value": fact.value,
        "confidence": fact.confidence,
        "source_message_id": fact.source_message_id,
        "first_seen": fact.first_seen,
        "last_seen": fact.last_seen,
        "history": _history_item(fact.history, fact.first_seen),
        "version": fact.version + 1,
    }


def episode_item(pk: str, episode: Episode) -> Item:
    return {
        "PK": pk,
        "SK": keys.episode_sk(episode.personality, millis(episode.occurred_at, 0), episode.episode_id),
        "entity_type": "episode",
        "episode_id": episode.episode_id,
        "personality": episode.personality,
        "type": episode.type,
        "summary": episode.summary,
        "importance": episode.importance,
        "sentiment": episode.sentiment,
        "occurred_at": episode.occurred_at,
    }


def hot_episodes_item(pk: str, personality: str, episodes: tuple[Episode, ...]) -> Item:
    """The bounded copy of a personality's episodes that every turn reads; it names the personality once."""
    return {
        "PK": pk,
        "SK": keys.hot_episodes_sk(personality),
        "entity_type": "hot_episodes",
        "personality": personality,
        "episodes": [_hot_episode(pk, e, personality) for e in episodes],
    }


def _hot_episode(pk: str, episode: Episode, personality: str) -> Item:
    left_out = {"PK", "SK", "entity_type"} | ({"personality"} if episode.personality == personality else set())
    return {k: v for k, v in episode_item(pk, episode).items() if k not in left_out}


def hot_episodes_from(item: Item) -> tuple[Episode, ...]:
    """The hot episodes; older items name the personality in every episode instead of once."""
    shared = {"personality": item["personality"]} if "personality" in item else {}
    return tuple(episode_from({**shared, **e}) for e in item.get("episodes", []))


def followup_item(pk: str, followup: FollowUp) -> Item:
    """A follow-up, which DynamoDB may drop from its ``expires_at``."""
    return {
        "PK": pk,
        "SK": keys.followup_sk(followup.followup_id),
        "entity_type": "followup",
        "followup_id": followup.followup_id,
        "what": followup.what,
        "due": followup.due,
        "source_message_id": followup.source_message_id,
        "status": followup.status,
        "personality": followup.personality,
        "created_at": followup.created_at,
        "updated_at": followup.updated_at,
        "ttl": followup.expires_at,
        # Only an open follow-up sits in its due day's bucket, which the nightly job announces.
        **(keys.followup_due_gsi3(*keys.parse_user_pk(pk), followup.followup_id, followup.due)
           if followup.status == "open" else {}),
    }


def followup_from(item: Item) -> FollowUp:
    return FollowUp(
        followup_id=item["followup_id"],
        what=item["what"],
        due=item["due"],
        source_message_id=item.get("source_message_id", ""),
        status=item.get("status", "open"),
        personality=item.get("personality", ""),
        created_at=item.get("created_at", ""),
        updated_at=item.get("updated_at", ""),
        expires_at=int(item.get("ttl", 0)),
    )


def profile_from(item: Item) -> UserProfile:
    return UserProfile(
        minor=bool(item.get("minor", False)),
        locale=item.get("locale", ""),
        timezone=item.get("timezone", ""),
        updated_at=item.get("updated_at", ""),
        active_since=item.get("active_since", ""),
        last_turn_at=item.get("last_turn_at", ""),
        reminded_at=item.get("reminded_at", ""),
    )


def from_item(item: Item) -> object | None:
    """The domain model of any stored item, by its ``entity_type``; None for bookkeeping items."""
    mappers: dict[str, Callable[[Item], object]] = {
        "relationship": relationship_from,
        "fact": fact_from,
        "episode": episode_from,
        "mood": mood_from,
        "session": session_from,
        "message": message_from,
        "recall": recall_items.shard_from,
        "followup": followup_from,
        "profile": profile_from,
    }
    mapper = mappers.get(str(item.get("entity_type")))
    return mapper(item) if mapper else None


def personality_from(item: Item) -> Personality:
    return Personality(stored_definition(item["definition"]), built_in=False)
