"""HTTP resilience for outbound calls: urllib3 retries and timeouts that never outlive a deadline."""

from __future__ import annotations

import contextlib
import email.utils
import random
import re
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader, MaxRetryError, ReadTimeoutError, ResponseError
from urllib3.util import Retry, Timeout

from chalicelib.clock import SYSTEM_CLOCK

Monotonic = Callable[[], float]
Calendar = Callable[[], datetime]
Sleep = Callable[[float], None]

# Statuses worth asking again: rate limited, or a server-side failure that is usually brief.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A socket timeout of 0 would make the socket non-blocking; never go below this.
_MIN_SOCKET_TIMEOUT = 0.01

# The deadline (a `Clock.monotonic()` value) of the call in progress on this thread, if any. The urllib3
# `Retry` lives on the session's adapter and is shared by every call, so the deadline travels beside it.
_CALL_DEADLINE: ContextVar[float | None] = ContextVar("call_deadline", default=None)


@contextlib.contextmanager
def call_deadline(deadline: float | None) -> Iterator[None]:
    """Within this block, `DeadlineRetry` neither sleeps nor retries past ``deadline``."""
    token = _CALL_DEADLINE.set(deadline)
    try:
        yield
    finally:
        _CALL_DEADLINE.reset(token)


class DeadlineRetry(Retry):
    """A urllib3 `Retry` that gives up when the wait plus one more attempt would pass the call's deadline.

    Waits are exponential from the first retry (``backoff_factor * 2**n``) plus up to ``backoff_jitter``
    seconds of jitter, or the server's ``Retry-After`` when it sends one. The wait is decided once, in
    `increment`, so the deadline check and the sleep agree. A read timeout is never retried: the model
    may still be working on the request, and the turn's budget is better spent answering 504.
    """

    def __init__(
        self,
        *args: Any,
        min_attempt: float = 1.0,
        clock: Monotonic = SYSTEM_CLOCK.monotonic,
        sleeper: Sleep = time.sleep,
        jitter: Callable[[], float] = random.random,
        wall_clock: Calendar = SYSTEM_CLOCK.now,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.min_attempt = min_attempt
        self.clock = clock
        self.wall_clock = wall_clock
        self.sleeper = sleeper
        self.jitter = jitter
        self.planned_wait = 0.0

    def new(self, **kw: Any) -> DeadlineRetry:
        kw.setdefault("min_attempt", self.min_attempt)
        kw.setdefault("clock", self.clock)
        kw.setdefault("sleeper", self.sleeper)
        kw.setdefault("jitter", self.jitter)
        kw.setdefault("wall_clock", self.wall_clock)
        return super().new(**kw)

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> DeadlineRetry:
        if isinstance(error, ReadTimeoutError):
            raise error.with_traceback(_stacktrace)
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        retry.planned_wait = retry.wait_before_next(response)
        deadline = _CALL_DEADLINE.get()
        if deadline is not None and self.clock() + retry.planned_wait + self.min_attempt > deadline:
            reason = error or ResponseError(_cause(response))
            raise MaxRetryError(_pool, url, reason) from reason
        return retry

    def wait_before_next(self, response: Any = None) -> float:
        """Seconds to wait before the next attempt: the server's ``Retry-After``, else the backoff."""
        if self.respect_retry_after_header and response is not None:
            with contextlib.suppress(InvalidHeader):
                retry_after = self.get_retry_after(response)
                if retry_after:
                    return float(retry_after)
        return self.get_backoff_time()

    def parse_retry_after(self, retry_after: str) -> float:
        """urllib3's reading, but an HTTP date is measured against the injected calendar clock."""
        if re.fullmatch(r"\s*[0-9]+\s*", retry_after):
            return float(super().parse_retry_after(retry_after))
        parsed = email.utils.parsedate_tz(retry_after)
        if parsed is None:
            raise InvalidHeader(f"Invalid Retry-After header: {retry_after}")
        seconds = email.utils.mktime_tz(parsed) - self.wall_clock().timestamp()
        return float(min(max(seconds, 0.0), self.retry_after_max))

    def get_backoff_time(self) -> float:
        retries = len(self.history)
        if retries == 0:
            return 0.0
        wait = self.backoff_factor * 2 ** (retries - 1) + self.jitter() * self.backoff_jitter
        return float(max(0.0, min(self.backoff_max, wait)))

    def sleep(self, response: Any = None) -> None:
        if self.planned_wait > 0:
            self.sleeper(self.planned_wait)


def _cause(response: Any) -> str:
    status = getattr(response, "status", None)
    return ResponseError.SPECIFIC_ERROR.format(status_code=status) if status else ResponseError.GENERIC_ERROR


class DeadlineTimeout(Timeout):
    """(connect, read) timeouts that shrink, on every attempt, to the time left before ``deadline``.

    urllib3 clones the timeout for each attempt, retries included, and reads these properties when the
    attempt starts; requests passes a urllib3 `Timeout` through untouched.
    """

    def __init__(
        self, connect: float, read: float, *, deadline: float | None, clock: Monotonic = SYSTEM_CLOCK.monotonic
    ):
        super().__init__(connect=connect, read=read)
        self.limits = (connect, read)
        self.deadline = deadline
        self.clock = clock

    def clone(self) -> DeadlineTimeout:
        return DeadlineTimeout(*self.limits, deadline=self.deadline, clock=self.clock)

    @property
    def connect_timeout(self) -> float | None:
        return self._capped(super().connect_timeout)

    @property
    def read_timeout(self) -> float | None:
        return self._capped(super().read_timeout)

    def _capped(self, value: Any) -> float | None:
        if self.deadline is None:
            return value if isinstance(value, int | float) else None
        left = max(self.deadline - self.clock(), _MIN_SOCKET_TIMEOUT)
        return min(float(value), left) if isinstance(value, int | float) else left


def retrying_session(
    *,
    retries: int,
    backoff: float,
    min_attempt: float,
    pool_size: int = 4,
    clock: Monotonic = SYSTEM_CLOCK.monotonic,
    sleeper: Sleep = time.sleep,
    jitter: Callable[[], float] = random.random,
    wall_clock: Calendar = SYSTEM_CLOCK.now,
) -> requests.Session:
    """A `requests.Session` whose pooled adapter retries POSTs on 429/5xx within each call's deadline.

    Never retried: 400, 401, 402, 422 (asking again cannot help) and read timeouts. Connection errors
    (nothing was sent) are retried like statuses; a connection dropped mid-response is retried once.
    """
    retry = DeadlineRetry(
        total=retries,
        connect=retries,
        read=min(retries, 1),
        status=retries,
        other=0,
        redirect=0,
        allowed_methods=frozenset({"POST"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff,
        backoff_jitter=backoff,
        raise_on_status=False,
        respect_retry_after_header=True,
        min_attempt=min_attempt,
        clock=clock,
        sleeper=sleeper,
        jitter=jitter,
        wall_clock=wall_clock,
    )
    session = requests.Session()
    # The key goes to the configured host only: no .netrc credentials, no proxy picked up from the environment.
    session.trust_env = False
    adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=pool_size)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
