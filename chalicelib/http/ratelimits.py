"""A turn's answer with the ``x-ratelimit-*`` headers of the limits that applied to it."""

from __future__ import annotations

from typing import Any

from chalice.app import Response


def with_limits(answer: Response | dict[str, Any], headers: dict[str, str] | None) -> Response | dict[str, Any]:
    """``answer`` as a response carrying ``headers`` (a replayed turn has none: its body is all it needs)."""
    if not headers:
        return answer
    if isinstance(answer, Response):
        answer.headers = {**answer.headers, **headers}
        return answer
    return Response(body=answer, status_code=200, headers={"Content-Type": "application/json", **headers})
