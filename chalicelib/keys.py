"""Key builders for the single table: the only place that spells a PK or SK.

One partition per tenant and user holds everything about that user:

    K#F#<category>#<key>            a fact (shared by all personalities)
    K#P#<personality>#REL           the relationship with one personality
    K#P#<personality>#EP#<ms>#<id>  an episode with one personality
    MOOD#<personality>#<ms>         a mood history entry (expires)
    S#<session>#M#<seq>             a message, numbered within its session
    S#<session>#~META               the session; sorts after its messages
    I#<key>                         an idempotency record (expires)

Ids are validated against a pattern without ``#`` or ``~``, so no id can forge another key.
"""

from __future__ import annotations

KNOWLEDGE_PREFIX = "K#"
MESSAGE_SEQ_DIGITS = 8


def user_pk(tenant: str, user_id: str) -> str:
    return f"T#{tenant}#U#{user_id}"


def personality_key(name: str) -> str:
    """Personality names are matched case-insensitively."""
    return name.lower()


def relationship_sk(personality: str) -> str:
    return f"K#P#{personality_key(personality)}#REL"


def personality_prefix(personality: str) -> str:
    return f"K#P#{personality_key(personality)}#"


def episode_sk(personality: str, occurred_ms: int, episode_id: str) -> str:
    return f"K#P#{personality_key(personality)}#EP#{occurred_ms:013d}#{episode_id}"


def fact_sk(category: str, key: str) -> str:
    return f"K#F#{category}#{key}"


FACT_PREFIX = "K#F#"


def mood_sk(personality: str, at_ms: int) -> str:
    return f"MOOD#{personality_key(personality)}#{at_ms:013d}"


def session_prefix(session_id: str) -> str:
    return f"S#{session_id}#"


def message_prefix(session_id: str) -> str:
    return f"S#{session_id}#M#"


def message_sk(session_id: str, seq: int) -> str:
    return f"S#{session_id}#M#{seq:0{MESSAGE_SEQ_DIGITS}d}"


def session_sk(session_id: str) -> str:
    return f"S#{session_id}#~META"


def idempotency_sk(key: str) -> str:
    return f"I#{key}"


def relationship_gsi1(tenant: str, personality: str, user_id: str) -> dict[str, str]:
    """GSI1 lists the users of a personality."""
    return {"GSI1PK": f"T#{tenant}#P#{personality_key(personality)}", "GSI1SK": f"U#{user_id}"}


def custom_personality_pk(tenant: str) -> str:
    return f"T#{tenant}#PERSONALITIES"


def custom_personality_sk(name: str) -> str:
    return f"P#{personality_key(name)}"
