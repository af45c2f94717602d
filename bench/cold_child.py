"""One cold start, run in a fresh process by `bench.cold_start`: import an app, serve its first request.

    python -m bench.cold_child luminora|bare|bare+pydantic USER

Timed: from before the app's import to the end of its first request (the handler called with an API
Gateway event, as Lambda calls it). DynamoDB is moto's server on 127.0.0.1, started by the parent,
so nothing but the standard library is imported before the clock starts.
"""

from __future__ import annotations

import time

_START = time.perf_counter()

import importlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

# The key `bench.lambda_event` sends; the app reads its keys from the environment on the first request.
os.environ.setdefault("LUMINORA_API_KEYS", "bench-key=bench")


def main(kind: str, user: str) -> None:
    from bench.lambda_event import FIRST_MESSAGE, LambdaContext, api_event, message_event

    started = time.perf_counter()
    modules = {"luminora": "app", "bare": "bench.bare_app", "bare+pydantic": "bench.bare_pydantic_app",
               "turn-io": "bench.turn_io_app", "bare-frozen": "bench.bare_frozen_app"}
    module = importlib.import_module(modules[kind])
    imported = time.perf_counter()
    if kind == "luminora":
        event = message_event(user, f"{user}-s1", FIRST_MESSAGE)
    elif kind == "bare+pydantic":
        event = api_event("POST", "/items", "/items", {"item_id": user.replace("+pydantic", "")})
    elif kind == "turn-io":
        event = api_event("POST", "/turns", "/turns", {"item_id": user})
    else:  # the bare apps
        event = api_event("GET", "/items/{item_id}", f"/items/{user}", path_parameters={"item_id": user})
    response = module.app(event, LambdaContext())
    served = time.perf_counter()
    if response.get("statusCode") != 200:
        raise SystemExit(f"{kind}: first request answered {response.get('statusCode')}: {response.get('body')}")
    print(json.dumps({
        "kind": kind,
        "import_ms": (imported - started) * 1000,
        "first_request_ms": (served - imported) * 1000,
        "total_ms": (served - started) * 1000,
        "since_interpreter_ms": (served - _START) * 1000,
        "modules": len(sys.modules),
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
