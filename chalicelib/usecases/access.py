"""API keys: who is calling, as a tenant name. Keys are random, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import OrderedDict
from collections.abc import Mapping

from chalicelib.clock import Clock
from chalicelib.errors import InvalidInputError, NotFoundError, UnauthorizedError
from chalicelib.models import ApiKey, iso
from chalicelib.ports import ApiKeyStore

KEY_PREFIX = "lk_"
# A tenant name becomes part of every partition key: no `#`, short, stable.
TENANT_PATTERN = r"[a-z0-9][a-z0-9_-]{0,62}"
_TENANT = re.compile(TENANT_PATTERN)
# A revocation reaches every warm container within this many seconds.
CACHE_SECONDS = 60.0
_CACHE_ENTRIES = 1024
# Longer than any key we issue or accept; a longer header is refused before it is hashed.
_MAX_KEY_CHARS = 256


def key_hash(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    """A fresh key: the prefix and 192 random bits."""
    return KEY_PREFIX + secrets.token_urlsafe(24)


def check_tenant(tenant: str) -> str:
    if not _TENANT.fullmatch(tenant):
        raise InvalidInputError("tenant", f"must match {TENANT_PATTERN}")
    return tenant


def parse_static_keys(raw: str) -> dict[str, str]:
    """``key=tenant,key=tenant`` (LUMINORA_API_KEYS) as hash → tenant; the plain keys are not kept."""
    pairs: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in raw.split(","))):
        key, sep, tenant = entry.partition("=")
        if not sep or not key.strip():
            raise ValueError("LUMINORA_API_KEYS must be comma-separated key=tenant pairs")
        pairs[key_hash(key.strip())] = check_tenant(tenant.strip())
    return pairs


class Access:
    """Finds the tenant of an API key: configured keys first, then the table, through a short cache."""

    def __init__(
        self,
        store: ApiKeyStore | None,
        static_keys: Mapping[str, str],
        *,
        clock: Clock,
        cache_seconds: float = CACHE_SECONDS,
    ) -> None:
        self._store = store
        self._static = dict(static_keys)
        self._clock = clock
        self._ttl = cache_seconds
        self._cache: OrderedDict[str, tuple[float, str | None]] = OrderedDict()

    def tenant_of(self, key: str | None) -> str:
        """The tenant the key belongs to; `UnauthorizedError` when it is missing, unknown or revoked."""
        if not key:
            raise UnauthorizedError("send your API key in the x-api-key header (or Authorization: Bearer <key>)")
        tenant = self._lookup(key_hash(key)) if len(key) <= _MAX_KEY_CHARS else None
        if tenant is None:
            raise UnauthorizedError("the API key in x-api-key (or Authorization: Bearer) is unknown or revoked")
        return tenant

    def _lookup(self, digest: str) -> str | None:
        for known, tenant in self._static.items():
            if hmac.compare_digest(known, digest):
                return tenant
        if self._store is None:
            return None
        now = self._clock.monotonic()
        cached = self._cache.get(digest)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        found = self._store.get_key(digest)
        live = found is not None and found.revoked_at is None and hmac.compare_digest(found.key_hash, digest)
        owner = found.tenant if live and found is not None else None
        self._cache[digest] = (now, owner)
        self._cache.move_to_end(digest)
        while len(self._cache) > _CACHE_ENTRIES:
            self._cache.popitem(last=False)
        return owner

    # -- the keys command ------------------------------------------------------------------------

    def create(self, tenant: str, name: str) -> tuple[str, ApiKey]:
        """A new key for ``tenant``: the plain key (shown once) and what is stored of it."""
        store = self._require_store()
        key = new_key()
        stored = ApiKey(key_hash=key_hash(key), tenant=check_tenant(tenant), name=name,
                        created_at=iso(self._clock.now()))
        store.put_key(stored)
        return key, stored

    def list(self) -> list[ApiKey]:
        return self._require_store().list_keys()

    def revoke(self, key_id: str) -> ApiKey:
        """Revoke the key whose id (a hash prefix, as `list` shows it) is ``key_id``."""
        store = self._require_store()
        matches = [k for k in store.list_keys() if k.key_id == key_id]
        if not matches:
            raise NotFoundError(f"no API key has the id {key_id!r}")
        store.revoke_key(matches[0].key_hash, iso(self._clock.now()))
        return matches[0]

    def rotate(self, key_id: str, name: str | None = None) -> tuple[str, ApiKey]:
        """A new key for the tenant of ``key_id``; the old one stays valid until it is revoked."""
        old = next((k for k in self.list() if k.key_id == key_id), None)
        if old is None:
            raise NotFoundError(f"no API key has the id {key_id!r}")
        return self.create(old.tenant, name or old.name)

    def _require_store(self) -> ApiKeyStore:
        if self._store is None:
            raise NotFoundError("API keys are configured by LUMINORA_API_KEYS here; there is no key table")
        return self._store
