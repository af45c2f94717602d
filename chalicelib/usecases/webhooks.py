"""Webhooks: endpoints a tenant registers, events published to them, and their signed, retried delivery."""

from __future__ import annotations

import json
import logging
import queue
import secrets
import threading
import time
from collections.abc import Callable
from typing import Protocol

from chalicelib.clock import Clock
from chalicelib.engine import webhooks
from chalicelib.errors import InvalidInputError, NotFoundError, OperatorError, UpstreamError
from chalicelib.models import Webhook, iso

log = logging.getLogger(__name__)

NAME_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
SUBSCRIBERS_SECONDS = 30.0
# POST a body with headers to a URL; the HTTP status, or an exception when nothing came back.
Poster = Callable[[str, str, dict[str, str]], int]
# The addresses a host name resolves to.
Resolver = Callable[[str], list[str]]


class WebhookDeliveryError(UpstreamError):
    """An endpoint did not take an event (the queue delivers it again)."""


class WebhookStore(Protocol):
    def put(self, hook: Webhook) -> None: ...
    def get(self, tenant: str, name: str) -> Webhook | None: ...
    def delete(self, tenant: str, name: str) -> bool: ...
    def all(self, tenant: str) -> list[Webhook]: ...


class EventQueue(Protocol):
    def send(self, message: str) -> None: ...


class Webhooks:
    """Registers endpoints, publishes events to the subscribed ones, and delivers one queued message."""

    def __init__(self, store: WebhookStore, events: EventQueue, post: Poster, resolve: Resolver, *,
                 signing_key: str, clock: Clock, local: bool = False,
                 new_id: Callable[[], str] = lambda: secrets.token_hex(12)) -> None:
        self._store, self._queue, self._post, self._resolve = store, events, post, resolve
        self._key, self._clock, self._local, self._new_id = signing_key, clock, local, new_id
        self._known: dict[str, tuple[float, list[Webhook]]] = {}  # tenant -> (read at, endpoints)

    def register(self, tenant: str, name: str, url: str, events: list[str]) -> tuple[Webhook, str]:
        """Store (or replace) an endpoint; the second value is its secret, shown this once."""
        unknown = [e for e in events if e not in webhooks.EVENTS]
        if not events or unknown:
            raise InvalidInputError("events", f"must name some of {', '.join(webhooks.EVENTS)}")
        self._check_address(webhooks.check_url(url, allow_http=self._local))
        self._signing_key()
        hook = Webhook(tenant=tenant, name=name, url=url, events=tuple(dict.fromkeys(events)), nonce=self._new_id(),
                       created_at=iso(self._clock.now()))
        self._store.put(hook)
        self._known.pop(tenant, None)
        return hook, webhooks.endpoint_secret(self._signing_key(), tenant, name, hook.nonce)

    def get(self, tenant: str, name: str) -> Webhook:
        hook = self._store.get(tenant, name)
        if hook is None:
            raise NotFoundError(f"no webhook {name!r}")
        return hook

    def delete(self, tenant: str, name: str) -> None:
        self._known.pop(tenant, None)
        if not self._store.delete(tenant, name):
            raise NotFoundError(f"no webhook {name!r}")

    def publish(self, tenant: str, event_type: str, data: dict[str, object]) -> int:
        """Queue one message per endpoint that wants ``event_type``; how many were queued."""
        wanted = [h for h in self._subscribers(tenant) if event_type in h.events]
        if not wanted:
            return 0
        event_id = f"evt_{self._new_id()}"
        payload = webhooks.body(event_id, event_type, int(self._clock.now().timestamp()), tenant, data)
        for hook in wanted:
            self._queue.send(json.dumps({"tenant": tenant, "name": hook.name, "body": payload}))
        return len(wanted)

    def deliver(self, message: str) -> None:
        """POST one queued event, signed; raises so the queue tries again when the endpoint fails."""
        queued = json.loads(message)
        hook = self._store.get(queued["tenant"], queued["name"])
        if hook is None:
            log.info("webhook %s was removed; its queued event is dropped", queued["name"])
            return
        self._check_address(hook.url)  # again at delivery: the name may resolve elsewhere by now
        secret = webhooks.endpoint_secret(self._signing_key(), hook.tenant, hook.name, hook.nonce)
        stamp = int(self._clock.now().timestamp())
        headers = {"Content-Type": "application/json",
                   webhooks.SIGNATURE_HEADER: webhooks.signature_value(secret, stamp, queued["body"])}
        try:
            status = self._post(hook.url, queued["body"], headers)
        except Exception as exc:
            raise WebhookDeliveryError(f"webhook {hook.name!r} could not be reached: {type(exc).__name__}") from exc
        if not 200 <= status < 300:
            raise WebhookDeliveryError(f"webhook {hook.name!r} answered {status}")

    def _subscribers(self, tenant: str) -> list[Webhook]:
        """The tenant's endpoints, read at most every `SUBSCRIBERS_SECONDS` per container: a turn that
        raises an event rarely pays a read for it."""
        now = self._clock.monotonic()
        read_at, hooks = self._known.get(tenant, (-SUBSCRIBERS_SECONDS, []))
        if now - read_at >= SUBSCRIBERS_SECONDS:
            hooks = self._store.all(tenant)
            self._known[tenant] = (now, hooks)
        return hooks

    def _signing_key(self) -> str:
        if not self._key:
            raise OperatorError("LUMINORA_WEBHOOK_SIGNING_KEY is not set, so no webhook can be signed")
        return self._key

    def _check_address(self, url: str) -> None:
        from urllib.parse import urlsplit

        host = urlsplit(url).hostname or ""
        try:
            addresses = self._resolve(host)
        except OSError as exc:
            raise InvalidInputError("url", f"host {host!r} does not resolve") from exc
        if not addresses or any(webhooks.refused(a, allow_private=self._local) for a in addresses):
            raise InvalidInputError("url", "must not point at a private, loopback or metadata address")


class InProcessQueue:
    """The local stage's queue: a worker thread delivers each message, retrying with backoff."""

    def __init__(self, deliver: Callable[[str], None] | None = None, *, attempts: int = 5,
                 backoff: float = 0.2, sleep: Callable[[float], None] = time.sleep) -> None:
        self.deliver = deliver
        self._attempts, self._backoff, self._sleep = attempts, backoff, sleep
        self._messages: queue.Queue[str] = queue.Queue()
        self._worker: threading.Thread | None = None
        self.failed: list[str] = []  # what was given up on: the dead-letter queue of the local stage

    def send(self, message: str) -> None:
        self._messages.put(message)
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="webhooks", daemon=True)
            self._worker.start()

    def _run(self) -> None:
        while True:
            message = self._messages.get()
            self._attempt(message)
            self._messages.task_done()

    def _attempt(self, message: str) -> None:
        for attempt in range(self._attempts):
            try:
                if self.deliver is not None:
                    self.deliver(message)
                return
            except Exception as exc:  # the next attempt, or the dead letters
                log.warning("webhook delivery failed (attempt %d): %s", attempt + 1, exc)
                self._sleep(self._backoff * 2**attempt)
        self.failed.append(message)

    def join(self) -> None:
        """Wait until every queued message was delivered or given up on."""
        self._messages.join()
