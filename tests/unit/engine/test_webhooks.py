from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from chalicelib.engine import webhooks
from chalicelib.errors import InvalidInputError


def test_the_signature_is_hmac_sha256_over_timestamp_and_body() -> None:
    body = webhooks.body("evt_1", "mood.shifted", 1_900_000_000, "t1", {"user_id": "ana"})
    value = webhooks.signature_value("whsec_x", 1_900_000_000, body)
    expected = hmac.new(b"whsec_x", f"1900000000.{body}".encode(), hashlib.sha256).hexdigest()
    assert value == f"t=1900000000,v1={expected}"
    assert json.loads(body) == {"id": "evt_1", "type": "mood.shifted", "created": 1_900_000_000, "tenant": "t1",
                                "data": {"user_id": "ana"}}


def test_secrets_differ_by_tenant_name_and_nonce() -> None:
    secrets = {webhooks.endpoint_secret("k", t, n, c) for t in ("t1", "t2") for n in ("a", "b") for c in ("1", "2")}
    assert len(secrets) == 8


@pytest.mark.parametrize(
    ("address", "local", "refused"),
    [("127.0.0.1", False, True), ("10.1.2.3", False, True), ("169.254.169.254", True, True),
     ("::1", False, True), ("127.0.0.1", True, False), ("93.184.216.34", False, False)],
)
def test_private_loopback_and_metadata_addresses_are_refused(address: str, local: bool, refused: bool) -> None:
    assert webhooks.refused(address, allow_private=local) is refused


def test_only_https_urls_without_credentials_are_taken() -> None:
    assert webhooks.check_url("https://example.com/hook", allow_http=False)
    for url in ("http://example.com/hook", "https://user:pw@example.com/", "example.com"):
        with pytest.raises(InvalidInputError):
            webhooks.check_url(url, allow_http=False)
