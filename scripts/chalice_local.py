"""`chalice local` as the local stack runs it: `python -m scripts.chalice_local local --stage local ...`.

Two changes to the stock development server, both to behave like API Gateway under load and under odd
requests: a listen backlog of 128 instead of 5, so a burst of clients is queued rather than reset, and a
405 instead of a 501 for HTTP methods no route can have (TRACE, CONNECT, QUERY, ...).
"""

from __future__ import annotations

from typing import Any

import chalice.local
from chalice.cli import main

chalice.local.ThreadedHTTPServer.request_queue_size = 128




def _no_such_method(self: chalice.local.ChaliceRequestHandler, name: str) -> Any:
    """Called only for attributes the handler lacks: `do_<METHOD>` for a method no route can have."""
    if name.startswith("do_"):
        return lambda: self.send_error(405)
    raise AttributeError(name)


chalice.local.ChaliceRequestHandler.__getattr__ = _no_such_method

if __name__ == "__main__":
    main()
