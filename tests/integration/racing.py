"""A DynamoDB client wrapper that lets a test run a racing step at a chosen point of a store's work."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class FirstCallWaits:
    """A DynamoDB client that runs ``meanwhile`` once, just before a call of one of ``names``.

    By default before the first such call; with ``skip``, before the call after the first ``skip`` ones.
    """

    def __init__(self, client: Any, names: tuple[str, ...], meanwhile: Callable[[], object], *, skip: int = 0) -> None:
        self._client = client
        self._names = names
        self._meanwhile: Callable[[], object] | None = meanwhile
        self._skip = skip

    def __getattr__(self, name: str) -> Any:
        if name in self._names and self._meanwhile is not None:
            if self._skip:
                self._skip -= 1
            else:
                meanwhile, self._meanwhile = self._meanwhile, None
                meanwhile()
        return getattr(self._client, name)


class OneAtATime:
    """A DynamoDB client whose requests moto serves one at a time (its in-process backend is not thread-safe);
    the turns around them still interleave: reads, model calls and conditional writes race as in production."""

    def __init__(self, client: Any) -> None:
        self._client, self._lock = client, threading.Lock()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return method(*args, **kwargs)

        return locked
