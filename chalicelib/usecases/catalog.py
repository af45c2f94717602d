"""The personality catalog: built-in personalities from the package, a tenant's own from its store."""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from collections.abc import Callable

from chalicelib.clock import SYSTEM_CLOCK
from chalicelib.engine.personality.domain import BuiltinPersonalities, Personality, name_key
from chalicelib.engine.personality.schema import parse_personality
from chalicelib.errors import ConflictError, InvalidInputError, NotFoundError
from chalicelib.ports import PersonalityStore

# How long a container reuses a tenant's personality before reading it again. An update or delete made
# through another container shows up here within this time; through this container, at once.
CACHE_SECONDS = 60.0
# Personalities one tenant may store (each costs a Query item on every list).
MAX_OWN = 100
CACHE_ENTRIES = 256


class Personalities:
    """`PersonalityCatalog`: built-ins cost no storage request; a tenant's own cost one GetItem per minute."""

    def __init__(
        self,
        builtins: BuiltinPersonalities,
        store: PersonalityStore,
        *,
        cache_seconds: float = CACHE_SECONDS,
        clock: Callable[[], float] = SYSTEM_CLOCK.monotonic,
        max_own: int = MAX_OWN,
    ) -> None:
        self._builtins = builtins
        self._max_own = max_own
        self._store = store
        self._ttl = cache_seconds
        self._clock = clock
        self._cache: OrderedDict[tuple[str, str], tuple[float, Personality]] = OrderedDict()

    def get(self, tenant: str, name: str) -> Personality:
        """The personality called ``name`` (any case); `NotFoundError` when there is none."""
        found = self._builtins.find(name) or self._cached(tenant, name)
        if found is None:
            raise NotFoundError(f"personality {name!r} does not exist")
        return found

    def all(self, tenant: str) -> list[Personality]:
        """Built-in personalities, then the tenant's own by name."""
        own = sorted(self._store.all(tenant), key=lambda p: name_key(p.name))
        return [*self._builtins.all(), *own]

    def save(self, tenant: str, name: str, raw: str | bytes) -> Personality:
        """Validate ``raw`` as a personality file and store it as the tenant's ``name``."""
        self._refuse_builtin(name, "overwritten")
        personality = Personality(parse_personality(raw), built_in=False)
        if unicodedata.normalize("NFKC", personality.name) != personality.name:
            raise InvalidInputError("persona.name", "must be in Unicode NFKC form (no compatibility look-alikes)")
        if name_key(personality.name) != name_key(name):
            raise InvalidInputError("persona.name", f"must be {name!r}, the name in the path")
        own = self._store.all(tenant)
        if len(own) >= self._max_own and all(name_key(p.name) != name_key(name) for p in own):
            raise InvalidInputError("personalities", f"a tenant may store at most {self._max_own}; delete one first")
        self._store.put(tenant, personality)
        self._forget(tenant, name)
        return personality

    def delete(self, tenant: str, name: str) -> None:
        """Remove the tenant's personality called ``name``."""
        self._refuse_builtin(name, "deleted")
        self._forget(tenant, name)
        if not self._store.delete(tenant, name):
            raise NotFoundError(f"personality {name!r} does not exist")

    def _refuse_builtin(self, name: str, action: str) -> None:
        builtin = self._builtins.find(name)
        if builtin is not None:
            raise ConflictError(f"personality {builtin.name!r} is built in and cannot be {action}")

    def _cached(self, tenant: str, name: str) -> Personality | None:
        key = (tenant, name_key(name))
        now = self._clock()
        hit = self._cache.get(key)
        if hit is not None and now - hit[0] < self._ttl:
            return hit[1]
        found = self._store.get(tenant, name)
        self._cache.pop(key, None)
        if found is not None:  # a miss is not cached: a personality stored elsewhere is usable at once
            self._cache[key] = (now, found)
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return found

    def _forget(self, tenant: str, name: str) -> None:
        self._cache.pop((tenant, name_key(name)), None)
