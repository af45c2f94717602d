"""Key builders for the single table: the only place that spells a PK or SK.

One partition per tenant and user holds everything about that user:

    K#F#<category>#<key>            a fact (shared by all personalities)
    K#P#<personality>#REL           the relationship with one personality
    K#P#<personality>#HOT           the episodes a turn with that personality reads (a bounded copy)
    K#FU#<id>                       a follow-up (expires after it falls due; the turn's read holds it)
    K#U#PROFILE                     what the app says of the user (minor, locale), read with the turn's context
    E#<personality>#<ms>#<id>       an episode with one personality
    MOOD#<personality>#<turn>       a mood history entry, by its turn's id (<ms>-<random>-0; expires)
    S#<session>#M#<seq>             a message, numbered within its session (lives as long as the session)
    S#<session>#~META               the session (expires_at, renewed by each turn); sorts after its messages
    I#<key>                         an idempotency record (expires)
    R#<ms>#<id>                     a shard of the recall index, in the order shards were started (expires)

Ids are validated against a pattern without ``#`` or ``~``, so no id can forge another key.

A turn reads everything under ``K#`` in one Query, so only what its prompt can use lives there: facts,
relationships and each personality's bounded set of episodes. The episodes themselves sit under
``E#``, read by the deep analysis and the memory routes, so the turn's read stops growing with them.

GSI1 lists the users of a personality (on relationships) and, in its ``PARKED`` partition, the
sessions whose summary or deep analysis failed too often (on session items, while parked).
GSI3 lists sessions by the UTC day of their last activity (on session items, sharded), so the
nightly job finds idle and expired sessions without a Scan; an active session moves to today's
bucket, so an old bucket holds only sessions that have been idle since that day (or that the sweep
moved there because they expire later than the TTL says, after it was lowered). GSI2 is sparse: a
session item carries ``GSI2PK``/``GSI2SK`` only while some of its turns wait for deep analysis, so
finding pending work costs what is pending.
"""

from __future__ import annotations

import zlib

from chalicelib.engine.personality.domain import name_key as personality_key

KNOWLEDGE_PREFIX = "K#"
MESSAGE_SEQ_DIGITS = 8


def user_pk(tenant: str, user_id: str) -> str:
    return f"T#{tenant}#U#{user_id}"


def relationship_sk(personality: str) -> str:
    return f"K#P#{personality_key(personality)}#REL"


def hot_episodes_sk(personality: str) -> str:
    return f"K#P#{personality_key(personality)}#HOT"


FOLLOWUP_PREFIX = "K#FU#"


def followup_sk(followup_id: str) -> str:
    return f"{FOLLOWUP_PREFIX}{followup_id}"


EPISODE_PREFIX = "E#"


def episode_sk(personality: str, occurred_ms: int, episode_id: str) -> str:
    return f"E#{personality_key(personality)}#{occurred_ms:013d}#{episode_id}"


def episode_prefix(personality: str) -> str:
    return f"E#{personality_key(personality)}#"


def is_episode_sk(sk: str) -> bool:
    return sk.startswith(EPISODE_PREFIX)


def fact_sk(category: str, key: str) -> str:
    return f"K#F#{category}#{key}"


FACT_PREFIX = "K#F#"


def fact_of(sk: str) -> tuple[str, str]:
    """The (category, key) a fact's sort key names (categories hold no ``#``)."""
    _, _, category, key = sk.split("#", 3)
    return category, key


MOOD_PREFIX = "MOOD#"
IDEMPOTENCY_PREFIX = "I#"


def mood_sk(personality: str, turn_id: str) -> str:
    """A turn's mood entry, by the turn's time-ordered id: two turns in one millisecond keep one each."""
    return f"MOOD#{personality_key(personality)}#{turn_id}"


def session_prefix(session_id: str) -> str:
    return f"S#{session_id}#"


def message_prefix(session_id: str) -> str:
    return f"S#{session_id}#M#"


def message_sk(session_id: str, seq: int) -> str:
    return f"S#{session_id}#M#{seq:0{MESSAGE_SEQ_DIGITS}d}"


def message_position(sk: str) -> tuple[str, int] | None:
    """The (session id, seq) a message's sort key names; None for any other sort key."""
    parts = sk.split("#")
    if len(parts) != 4 or parts[0] != "S" or parts[2] != "M" or not parts[3].isdigit():
        return None
    return parts[1], int(parts[3])


def session_sk(session_id: str) -> str:
    return f"S#{session_id}#~META"


def idempotency_sk(key: str) -> str:
    return f"I#{key}"


RECALL_PREFIX = "R#"
# Read with the knowledge items: the user has a recall index, so a turn reads its newest shards too.
RECALL_MARKER_SK = "K#RECALL"


def recall_sk(shard_key: str) -> str:
    """A recall shard's sort key; shard keys start with when the shard was started, so they sort by it."""
    return f"R#{shard_key}"


def recall_key_of(sk: str) -> str:
    return sk.removeprefix("R#")


# Pending analyses are spread over a few index partitions so that no single one runs hot.
ANALYSIS_SHARDS = 8


def pending_analysis_gsi2(tenant: str, user_id: str, since: str) -> dict[str, str]:
    """GSI2 attributes of a session meta item whose turns wait for analysis, oldest first."""
    shard = zlib.crc32(f"{tenant}#{user_id}".encode()) % ANALYSIS_SHARDS
    return {"GSI2PK": f"ANALYSIS#{shard}", "GSI2SK": since}


def pending_analysis_partitions() -> list[str]:
    return [f"ANALYSIS#{shard}" for shard in range(ANALYSIS_SHARDS)]


def relationship_gsi1(tenant: str, personality: str, user_id: str) -> dict[str, str]:
    """GSI1 lists the users of a personality."""
    return {"GSI1PK": f"T#{tenant}#P#{personality_key(personality)}", "GSI1SK": f"U#{user_id}"}


PARKED_PK = "PARKED"


def parked_gsi1(tenant: str, user_id: str, session_id: str) -> dict[str, str]:
    """GSI1 keys of a parked session item (tenants' partitions all start with ``T#``)."""
    return {"GSI1PK": PARKED_PK, "GSI1SK": f"{tenant}#{user_id}#{session_id}"}


ACTIVITY_SHARDS = 8
MAINTENANCE_PK = "MAINTENANCE"
MAINTENANCE_STATE_SK = "STATE"


def activity_bucket(day: str, shard: int) -> str:
    return f"ACT#{day}#{shard}"


def activity_day(bucket: str) -> str:
    """The day (YYYY-MM-DD) of a GSI3 bucket."""
    return bucket.split("#")[1]


def activity_gsi3(tenant: str, user_id: str, session_id: str, day: str) -> dict[str, str]:
    """GSI3 keys of a session item: its day bucket, spread over shards by a stable hash.

    Both keys stay the same all day long, so the index is written once a day per active session,
    not on every turn.
    """
    owner = f"{tenant}#{user_id}#{session_id}"
    return {"GSI3PK": activity_bucket(day, zlib.crc32(owner.encode()) % ACTIVITY_SHARDS), "GSI3SK": owner}


def parse_user_pk(pk: str) -> tuple[str, str]:
    """The (tenant, user_id) of a user partition key."""
    prefix, tenant, marker, user_id = pk.split("#", 3)
    if prefix != "T" or marker != "U":
        raise ValueError(f"not a user partition key: {pk!r}")
    return tenant, user_id


def session_id_of(sk: str) -> str:
    """The session id of a session item's sort key."""
    return sk.split("#", 2)[1]


def custom_personality_pk(tenant: str) -> str:
    return f"T#{tenant}#PERSONALITIES"


CUSTOM_PERSONALITY_PREFIX = "P#"


def custom_personality_sk(name: str) -> str:
    return f"{CUSTOM_PERSONALITY_PREFIX}{personality_key(name)}"


# Left in an erased user's partition for a day. While its state is ERASING, every write of a turn or an
# analysis is refused; once ERASED, those that started before ``done_at`` still are: what they read may
# be gone. So an erase always wins, over work already running and work that starts while it deletes.
ERASED_SK = "~ERASED"
ERASED_TTL_S = 24 * 3600
ERASING = "erasing"
ERASED = "erased"


# API keys live in one partition of their own, by the SHA-256 hash of the key: a lookup is one GetItem, and
# the keys command lists them with one Query. No tenant data is stored there.
API_KEYS_PK = "API_KEYS"


def api_key_sk(key_hash: str) -> str:
    return f"K#{key_hash}"


# Usage: a tenant's day is spread over a few counter items so that no one item takes every turn's write.
USAGE_SHARDS = 8


def usage_pk(tenant: str) -> str:
    """The tenant's usage partition: one counter item per UTC day and shard."""
    return f"T#{tenant}#USAGE"


def usage_shard_sk(day: str, shard: int) -> str:
    return f"D#{day}#{shard:02d}"


def usage_shard_of(turn_id: str) -> int:
    """The shard a turn's counters go to, picked by its id so that retries of one write pick the same."""
    return zlib.crc32(turn_id.encode()) % USAGE_SHARDS


def user_usage_sk(day: str) -> str:
    """An end user's counters of one UTC day, in the user's own partition (erased and exported with it)."""
    return f"USAGE#{day}"


USER_USAGE_PREFIX = "USAGE#"


# An end user's turns in their latest UTC minute: a knowledge item, so the turn's knowledge Query reads it
# at no extra request; one item per user, which the next minute's first turn starts again.
LIMIT_WINDOW_SK = f"{KNOWLEDGE_PREFIX}LIM"


# In the tenant's usage partition, outside the day counters' `D#` range: its turns per minute (sharded like
# the day counters) and the tenant's own limits.
TENANT_MINUTE_PREFIX = "M#"
TENANT_LIMITS_SK = "LIMITS"


def tenant_minute_sk(minute: str, shard: int) -> str:
    return f"{TENANT_MINUTE_PREFIX}{minute}#{shard:02d}"


def in_flight_sk(minute: str) -> str:
    """The tenant's turns in flight that started in ``minute``: one item, taken before the model is called
    and given back by the turn's write (a turn lost in between is forgotten with its minute)."""
    return f"F#{minute}"

def webhooks_pk(tenant: str) -> str:
    """The partition of a tenant's webhook endpoints (not a user's: erase and export never see it)."""
    return f"T#{tenant}#WEBHOOKS"


def webhook_sk(name: str) -> str:
    return f"W#{name}"


def followup_due_gsi3(tenant: str, user_id: str, followup_id: str, due: str) -> dict[str, str]:
    """GSI3 keys of a follow-up: the day it falls due, sharded, so the nightly job finds it without a Scan."""
    owner = f"{tenant}#{user_id}#{followup_id}"
    return {"GSI3PK": f"FUDUE#{due}#{zlib.crc32(owner.encode()) % ACTIVITY_SHARDS}", "GSI3SK": owner}


def followup_due_buckets(due: str) -> list[str]:
    return [f"FUDUE#{due}#{shard}" for shard in range(ACTIVITY_SHARDS)]
PROFILE_SK = "K#U#PROFILE"

# A tenant's safety settings and its counts of safety protocols by UTC day, in a partition of their own:
# counts hold no user id and no text, so an erase leaves them, and the report is one Query.
SAFETY_CONFIG_SK = "CONFIG"
SAFETY_COUNT_SHARDS = 4  # concurrent turns of many users that fire a protocol rarely meet on one item


def safety_pk(tenant: str) -> str:
    return f"T#{tenant}#SAFETY"


def safety_count_sk(day: str, user_id: str) -> str:
    return f"D#{day}#{zlib.crc32(user_id.encode()) % SAFETY_COUNT_SHARDS}"


def safety_count_range(first_day: str, last_day: str) -> tuple[str, str]:
    """The sort keys between which the counts of ``first_day`` to ``last_day`` lie."""
    return f"D#{first_day}#", f"D#{last_day}#~"


def safety_count_day(sk: str) -> str:
    return sk.split("#")[1]
