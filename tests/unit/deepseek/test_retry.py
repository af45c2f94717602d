"""Deadline-aware retries and timeouts, with an injected clock and sleep."""

from __future__ import annotations

import email.utils
from datetime import timedelta

import pytest
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError, ReadTimeoutError
from urllib3.response import HTTPResponse

from chalicelib.deepseek.retry import RETRY_STATUSES, DeadlineRetry, DeadlineTimeout, call_deadline, retrying_session
from tests.fakes import FakeClock as CalendarClock


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _retry(clock: FakeClock, **overrides: object) -> DeadlineRetry:
    values: dict[str, object] = {
        "total": 3, "connect": 3, "read": 1, "status": 3, "other": 0,
        "allowed_methods": frozenset({"POST"}), "status_forcelist": RETRY_STATUSES,
        "backoff_factor": 0.5, "backoff_jitter": 0.5, "raise_on_status": False,
        "min_attempt": 1.0, "clock": clock, "sleeper": clock.sleep, "jitter": lambda: 0.5,
    }
    values.update(overrides)
    return DeadlineRetry(**values)  # type: ignore[arg-type]


def _response(status: int, retry_after: str | None = None) -> HTTPResponse:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return HTTPResponse(body=b"", headers=headers, status=status, preload_content=False)


def _fail(retry: DeadlineRetry, status: int, retry_after: str | None = None) -> DeadlineRetry:
    response = _response(status, retry_after)
    retry = retry.increment("POST", "/chat/completions", response=response)
    retry.sleep(response)
    return retry


def test_the_first_retry_already_backs_off_and_each_wait_doubles_with_jitter() -> None:
    clock = FakeClock()
    retry = _retry(clock)
    with call_deadline(None):
        for _ in range(3):
            retry = _fail(retry, 500)
    # 0.5 * 2**n plus half of the 0.5 s jitter
    assert clock.slept == [0.75, 1.25, 2.25]


def test_the_backoff_never_exceeds_its_cap() -> None:
    clock = FakeClock()
    retry = _retry(clock, backoff_max=1.0)
    for _ in range(3):
        retry = _fail(retry, 502)
    assert clock.slept == [0.75, 1.0, 1.0]


def test_retry_after_is_honoured_instead_of_the_backoff() -> None:
    clock = FakeClock()
    with call_deadline(clock.now + 20):
        _fail(_retry(clock), 429, retry_after="3")
    assert clock.slept == [3.0]


def test_a_retry_after_date_is_read_against_the_injected_calendar_clock() -> None:
    clock, calendar = FakeClock(), CalendarClock()
    retry_at = email.utils.format_datetime(calendar.now() + timedelta(seconds=7), usegmt=True)
    with call_deadline(clock.now + 20):
        _fail(_retry(clock, wall_clock=calendar.now), 503, retry_after=retry_at)
    assert clock.slept == [7.0]


def test_no_retry_when_the_wait_and_one_more_attempt_would_pass_the_deadline() -> None:
    clock = FakeClock()
    with call_deadline(clock.now + 3.5), pytest.raises(MaxRetryError) as raised:
        _fail(_retry(clock), 429, retry_after="3")
    assert clock.slept == []
    assert "429" in str(raised.value.reason)


def test_retries_stop_once_the_deadline_is_near() -> None:
    clock = FakeClock()
    retry = _retry(clock)
    with call_deadline(clock.now + 2.5):
        retry = _fail(retry, 503)  # waits 0.75, then 1.75 s are left
        with pytest.raises(MaxRetryError):
            _fail(retry, 503)  # would wait 1.25 and leave less than the 1 s an attempt needs
    assert clock.slept == [0.75]


def test_the_deadline_belongs_to_the_call_in_progress_only() -> None:
    clock = FakeClock()
    with call_deadline(clock.now + 0.5), pytest.raises(MaxRetryError):
        _fail(_retry(clock), 500)
    _fail(_retry(clock), 500)  # no deadline outside the block
    assert clock.slept == [0.75]


@pytest.mark.parametrize("status", [400, 401, 402, 404, 422])
def test_client_errors_are_never_retried(status: int) -> None:
    assert not _retry(FakeClock()).is_retry("POST", status, has_retry_after=True)


@pytest.mark.parametrize("status", sorted(RETRY_STATUSES))
def test_rate_limits_and_server_errors_are_retried_for_post(status: int) -> None:
    assert _retry(FakeClock()).is_retry("POST", status)


def test_status_retries_run_out() -> None:
    clock = FakeClock()
    retry = _retry(clock, total=2, status=2)
    retry = _fail(retry, 500)
    retry = _fail(retry, 500)
    with pytest.raises(MaxRetryError):
        _fail(retry, 500)
    assert len(clock.slept) == 2


def test_a_read_timeout_is_not_retried() -> None:
    error = ReadTimeoutError(None, "/chat/completions", "read timed out")  # type: ignore[arg-type]
    with pytest.raises(ReadTimeoutError):
        _retry(FakeClock()).increment("POST", "/chat/completions", error=error)


def test_a_dropped_connection_is_retried_once() -> None:
    clock = FakeClock()
    error = ProtocolError("Connection aborted.")
    retry = _retry(clock).increment("POST", "/chat/completions", error=error)
    retry.sleep()
    with pytest.raises(MaxRetryError):
        retry.increment("POST", "/chat/completions", error=error)
    assert clock.slept == [0.75]


def test_a_refused_connection_is_retried_like_a_status() -> None:
    clock = FakeClock()
    error = NewConnectionError(None, "refused")  # type: ignore[arg-type]
    retry = _retry(clock, total=2, connect=2)
    retry = retry.increment("POST", "/", error=error)
    retry = retry.increment("POST", "/", error=error)
    with pytest.raises(MaxRetryError):
        retry.increment("POST", "/", error=error)


def test_timeouts_shrink_to_the_time_left() -> None:
    clock = FakeClock()
    timeout = DeadlineTimeout(3.0, 20.0, deadline=clock.now + 5.0, clock=clock)
    assert (timeout.connect_timeout, timeout.read_timeout) == (3.0, 5.0)
    clock.now += 4.0
    attempt = timeout.clone()  # what urllib3 does for each attempt
    assert (attempt.connect_timeout, attempt.read_timeout) == (1.0, 1.0)
    clock.now += 10.0
    assert 0 < attempt.read_timeout <= 0.01  # type: ignore[operator]


def test_timeouts_without_a_deadline_are_the_configured_ones() -> None:
    timeout = DeadlineTimeout(3.0, 20.0, deadline=None).clone()
    assert (timeout.connect_timeout, timeout.read_timeout) == (3.0, 20.0)


def test_the_session_mounts_one_pooled_retrying_adapter_and_ignores_the_environment() -> None:
    session = retrying_session(retries=2, backoff=0.5, min_attempt=1.0)
    adapter = session.get_adapter("https://api.deepseek.com/chat/completions")
    assert adapter is session.get_adapter("http://127.0.0.1:1/chat/completions")
    retry = adapter.max_retries  # type: ignore[attr-defined]
    assert isinstance(retry, DeadlineRetry)
    assert retry.total == 2 and retry.allowed_methods == frozenset({"POST"})
    assert set(retry.status_forcelist) == {429, 500, 502, 503, 504}
    assert retry.respect_retry_after_header and not retry.raise_on_status
    assert session.trust_env is False
