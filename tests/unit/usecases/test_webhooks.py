from __future__ import annotations

import json

import pytest

from chalicelib.models import Webhook
from chalicelib.usecases.webhooks import InProcessQueue, WebhookDeliveryError, Webhooks
from tests.fakes import FakeClock


class _Store:
    def __init__(self) -> None:
        self.hooks: dict[tuple[str, str], Webhook] = {}

    def put(self, hook: Webhook) -> None:
        self.hooks[(hook.tenant, hook.name)] = hook

    def get(self, tenant: str, name: str) -> Webhook | None:
        return self.hooks.get((tenant, name))

    def delete(self, tenant: str, name: str) -> bool:
        return self.hooks.pop((tenant, name), None) is not None

    def all(self, tenant: str) -> list[Webhook]:
        return [h for (t, _), h in self.hooks.items() if t == tenant]


class _Sent:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def send(self, message: str) -> None:
        self.messages.append(message)


def _service(statuses: list[int], sent: _Sent) -> tuple[Webhooks, list[str]]:
    posted: list[str] = []

    def post(url: str, body: str, headers: dict[str, str]) -> int:
        posted.append(body)
        return statuses.pop(0)

    hooks = Webhooks(_Store(), sent, post, lambda host: ["93.184.216.34"], signing_key="k", clock=FakeClock())
    return hooks, posted


def test_an_event_goes_only_to_endpoints_that_want_it_and_a_failed_post_raises() -> None:
    sent = _Sent()
    hooks, posted = _service([500, 204], sent)
    hooks.register("t1", "a", "https://example.com/a", ["mood.shifted"])
    hooks.register("t1", "b", "https://example.com/b", ["followup.due"])
    assert hooks.publish("t1", "mood.shifted", {"user_id": "ana"}) == 1
    assert hooks.publish("t2", "mood.shifted", {"user_id": "ana"}) == 0
    [message] = sent.messages
    assert json.loads(message)["name"] == "a"
    with pytest.raises(WebhookDeliveryError):
        hooks.deliver(message)
    hooks.deliver(message)
    assert len(posted) == 2 and posted[0] == posted[1]  # the retry sends the same event


def test_the_local_queue_retries_then_keeps_what_never_went_through() -> None:
    attempts: list[str] = []

    def deliver(message: str) -> None:
        attempts.append(message)
        if message == "never":
            raise WebhookDeliveryError("down")

    local = InProcessQueue(deliver, attempts=3, sleep=lambda _s: None)
    local.send("never")
    local.send("fine")
    local.join()
    assert attempts == ["never"] * 3 + ["fine"] and local.failed == ["never"]
