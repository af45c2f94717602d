"""Webhook events: their JSON body, the HMAC-SHA256 signature over timestamp and body, and address checks."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from urllib.parse import urlsplit

from chalicelib.errors import InvalidInputError

EVENTS = ("followup.due", "affinity.level_changed", "mood.shifted", "memory.fact_changed", "safety.protocol")
SIGNATURE_HEADER = "Luminora-Signature"
# The cloud metadata addresses, refused even where private addresses are allowed.
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


def body(event_id: str, event_type: str, created: int, tenant: str, data: dict[str, object]) -> str:
    """The JSON a receiver gets: the event's id, type, time (epoch seconds) and tenant-scoped data."""
    document = {"id": event_id, "type": event_type, "created": created, "tenant": tenant, "data": data}
    return json.dumps(document, separators=(",", ":"), sort_keys=True)


def signature(secret: str, timestamp: int, payload: str) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<payload>"`` under ``secret``."""
    return hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()


def signature_value(secret: str, timestamp: int, payload: str) -> str:
    """The signature header's value: ``t=<timestamp>,v1=<hex>``, so a receiver can refuse old replays."""
    return f"t={timestamp},v1={signature(secret, timestamp, payload)}"


def endpoint_secret(signing_key: str, tenant: str, name: str, nonce: str) -> str:
    """An endpoint's secret, derived rather than stored: only the nonce is kept with the endpoint."""
    digest = hmac.new(signing_key.encode(), f"{tenant}\n{name}\n{nonce}".encode(), hashlib.sha256).hexdigest()
    return f"whsec_{digest}"


def check_url(url: str, *, allow_http: bool) -> str:
    """The URL when it is absolute https (http too where ``allow_http``), else `InvalidInputError`."""
    parts = urlsplit(url)
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes or not parts.hostname or parts.username or parts.password:
        raise InvalidInputError("url", "must be an absolute https URL without credentials")
    return url


def refused(address: str, *, allow_private: bool) -> bool:
    """Whether a resolved address may not receive webhooks: metadata always, private and loopback unless
    ``allow_private`` (the local stage)."""
    ip = ipaddress.ip_address(address)
    if ip in _METADATA:
        return True
    if allow_private:
        return False
    return not ip.is_global or ip.is_multicast
