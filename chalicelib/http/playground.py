"""The playground page: static files shipped inside the package, served under a strict policy."""

from __future__ import annotations

import functools
from pathlib import Path

from chalice.app import Response

FOLDER = Path(__file__).with_name("playground")

# The only files served, by name, with their media types: nothing else under the folder is reachable.
FILES: dict[str, str] = {
    "index.html": "text/html; charset=utf-8",
    "playground.js": "text/javascript; charset=utf-8",
    "usage-panel.js": "text/javascript; charset=utf-8",
    "playground.css": "text/css; charset=utf-8",
}

# Scripts and styles come from this origin only (no inline code), and the page talks to this origin only.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
))


@functools.cache
def asset(name: str) -> str:
    """The text of one of `FILES`, read on first use and kept for the container's life."""
    if name not in FILES:
        raise KeyError(name)
    return (FOLDER / name).read_text(encoding="utf-8")


def headers(name: str) -> dict[str, str | list[str]]:
    """Response headers of one of `FILES`."""
    return {
        "Content-Type": FILES[name],
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }


def response(name: str) -> Response:
    """One of `FILES` as a response."""
    return Response(body=asset(name), status_code=200, headers=headers(name))
