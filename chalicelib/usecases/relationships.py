"""Where a user stands with a personality, as of now: stored counters, the mood faded since the last turn."""

from __future__ import annotations

from chalicelib.clock import Clock
from chalicelib.engine import feeling
from chalicelib.errors import NotFoundError
from chalicelib.models import Relationship
from chalicelib.ports import ConversationStore, PersonalityCatalog


def current(
    store: ConversationStore,
    catalog: PersonalityCatalog,
    clock: Clock,
    *,
    tenant: str,
    user_id: str,
    personality_name: str,
    half_life_hours: float,
) -> Relationship:
    """The relationship with its mood decayed to now (moods fade between turns at the personality's pace)."""
    personality = catalog.get(tenant, personality_name)
    found = store.get_relationship(tenant, user_id, personality.name)
    if found is None:
        raise NotFoundError(f"user {user_id!r} has not talked with {personality.name!r}")
    half_life = feeling.half_life_hours(personality, half_life_hours)
    mood = feeling.current_mood(found.mood, found.mood_intensity, found.updated_at, clock.now(), half_life)
    return found._replace(mood=mood.name, mood_intensity=mood.intensity)
