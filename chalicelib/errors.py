"""Luminora's error tree.

    LuminoraError
    ├── DomainError
    │   ├── UnauthorizedError      no API key, or an unknown or revoked one
    │   ├── InvalidInputError      bad request data; names the field
    │   │   └── TooLargeError      the body is over its size limit
    │   ├── NotFoundError          no such personality, relationship, ...
    │   ├── RateLimitedError       over one of the tenant's limits; says which and when to retry
    │   └── ConflictError          a write lost a race or breaks a rule
    │       ├── DuplicateTurnError an idempotency key was used before
    │       ├── TurnInFlightError  the first request with this idempotency key is still running
    │       ├── UserErasedError    the user was erased while this write was being prepared
    │       └── IdempotencyMismatchError  the key was used before with a different request
    ├── UpstreamError              a dependency failed; nothing half-done is stored
    │   ├── LLMError
    │   │   ├── LLMTimeoutError    the model did not answer in time
    │   │   ├── LLMUnavailableError  overloaded after retries; may say when to retry
    │   │   │   └── LLMRateLimitError  still rate limited after retries
    │   │   ├── LLMAuthError       the operator must fix the key or the balance
    │   │   └── LLMBadResponseError  blank, malformed or refused output
    │   ├── StorageError
    │   │   ├── StorageThrottledError
    │   │   └── ImportIncompleteError  an import failed part-way: what was stored stays, the error says what
    │   └── OperatorError          the deployment is misconfigured; details go to the log only
    └── AnalysisIncompleteError    a batch of deep analyses left sessions unread; the stream delivers it again
"""

from __future__ import annotations


class LuminoraError(Exception):
    """Base of every error Luminora raises on purpose."""


class DomainError(LuminoraError):
    """The request cannot be served as asked."""


class InvalidInputError(DomainError):
    """Input failed validation; ``field`` names the offending field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class UnauthorizedError(DomainError):
    """The request carries no valid API key."""


class TooLargeError(InvalidInputError):
    """The request body is over its size limit."""


class NotFoundError(DomainError):
    """The thing asked for does not exist."""


class RateLimitedError(DomainError):
    """Over a limit of the tenant: ``headers`` describe the tightest one (OpenAI's ``x-ratelimit-*``)."""

    def __init__(self, message: str, retry_after: int, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)
        self.headers = dict(headers or {})


class ConflictError(DomainError):
    """The write conflicts with what is stored."""


class DuplicateTurnError(ConflictError):
    """A turn with the same idempotency key is already stored."""


class TurnInFlightError(ConflictError):
    """A request with the same idempotency key is still being answered; retry after ``retry_after`` s."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UserErasedError(ConflictError):
    """The user was erased after this turn or analysis started reading; nothing of it is kept."""


class IdempotencyMismatchError(ConflictError):
    """The idempotency key was first used with a different request."""


class UpstreamError(LuminoraError):
    """A dependency (the LLM, DynamoDB) failed."""


class LLMError(UpstreamError):
    """The chat model failed."""


class LLMTimeoutError(LLMError):
    """The chat model did not answer within the time budget."""


class LLMUnavailableError(LLMError):
    """The chat model is overloaded after retries; ``retry_after`` is its hint in seconds, if any."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LLMRateLimitError(LLMUnavailableError):
    """The chat model is still rate limiting after retries."""


class LLMAuthError(LLMError):
    """The chat model refused the credentials or the account; an operator must act."""


class LLMBadResponseError(LLMError):
    """The chat model answered with something unusable."""


class StorageError(UpstreamError):
    """The database failed."""


class ImportIncompleteError(StorageError):
    """An import failed after some of its messages were stored; they stay, and the message says which."""

    def __init__(self, stored: int, message_ids: tuple[str, ...], cause: str) -> None:
        super().__init__(f"messages: the first {stored} were imported (last message_id {message_ids[-1]!r}),"
                         f" the rest was not; import messages[{stored}:] again: {cause}")
        self.stored = stored
        self.message_ids = message_ids


class StorageThrottledError(StorageError):
    """The database is throttling requests."""


class OperatorError(UpstreamError):
    """The deployment is misconfigured (e.g. the DeepSeek key cannot be read).

    The message names what to fix, for the operator's log; clients get a generic message and a request id.
    """


class AnalysisIncompleteError(LuminoraError):
    """A batch of the table's stream was not fully analysed: a session failed, or time ran out before it.

    Raised by the stream's handler so that Lambda delivers the batch again; the analysed sessions have
    nothing left to read by then, the others are still pending.
    """
