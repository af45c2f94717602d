"""Webhook transport adapters: the SQS queue events wait in, the HTTPS POST and the host lookup."""

from __future__ import annotations

import socket
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.errors import UpstreamError


class SqsEventQueue:
    """`EventQueue` on SQS: at-least-once delivery, retries by visibility timeout, then the dead-letter queue."""

    def __init__(self, client: Any, queue: str) -> None:
        self._client = client
        self._queue = queue  # a URL, or a name looked up on the first send
        self._url = queue if queue.startswith("https://") else ""

    def send(self, message: str) -> None:
        try:
            if not self._url:
                self._url = str(self._client.get_queue_url(QueueName=self._queue)["QueueUrl"])
            self._client.send_message(QueueUrl=self._url, MessageBody=message)
        except (ClientError, BotoCoreError) as exc:
            raise UpstreamError("the webhook queue did not take the event") from exc


class HttpPoster:
    """POSTs a webhook body with an explicit (connect, read) timeout and no redirects."""

    def __init__(self, session: Any = None, *, timeout: tuple[float, float] = (3.05, 10.0)) -> None:
        self._session = session
        self._timeout = timeout

    def __call__(self, url: str, body: str, headers: dict[str, str]) -> int:
        if self._session is None:  # made on the first delivery: a turn never pays for the import
            import requests

            self._session = requests.Session()
        answer = self._session.post(url, data=body.encode(), headers=headers, timeout=self._timeout,
                                    allow_redirects=False)
        return int(answer.status_code)


def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (a literal address resolves to itself)."""
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
