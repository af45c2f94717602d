"""A DeepSeek stand-in: chat completions over real HTTP on 127.0.0.1, scripted per test.

    with DeepSeekStub() as stub:
        stub.script(fail(429, retry_after=1), answer("Hello!"))
        ...  # point DEEPSEEK_BASE_URL at stub.url
        assert len(stub.requests) == 2

Each request takes the next step of the script; the last step repeats. Every request is recorded.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from chalicelib.models import Usage

Step = Callable[["_Handler"], None]


@dataclass(frozen=True)
class Recorded:
    """One request the stub received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    client_port: int

    @property
    def json(self) -> Any:
        return json.loads(self.body)


def completion(text: str | None, usage: Usage | None = None, finish_reason: str = "stop") -> dict[str, Any]:
    """A chat-completion body in DeepSeek's wire format."""
    used = usage or Usage(prompt_tokens=42, completion_tokens=7, prompt_cache_hit_tokens=32,
                          prompt_cache_miss_tokens=10)
    return {
        "id": "stub-completion",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "deepseek-flash",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                     "finish_reason": finish_reason, "logprobs": None}],
        "usage": {**used.as_dict(), "total_tokens": used.prompt_tokens + used.completion_tokens},
    }


def answer(text: str | None, usage: Usage | None = None, *, keepalive_lines: int = 0) -> Step:
    """Answer 200 with ``text``; first send ``keepalive_lines`` blank lines, as DeepSeek does under load."""
    body = json.dumps(completion(text, usage)).encode()

    def step(handler: _Handler) -> None:
        if keepalive_lines:
            handler.send_chunked(200, [b"\n"] * keepalive_lines + [body])
        else:
            handler.send(200, body)

    return step


def fail(status: int, *, retry_after: int | str | None = None, message: str = "stub failure") -> Step:
    """Answer ``status`` with an OpenAI-style error body, and a ``Retry-After`` header if given."""
    body = json.dumps({"error": {"message": message, "type": "stub_error", "code": status}}).encode()
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return lambda handler: handler.send(status, body, headers)


def raw(body: bytes, status: int = 200) -> Step:
    """Answer with an arbitrary body (malformed JSON, HTML, ...)."""
    return lambda handler: handler.send(status, body)


def stall(seconds: float = 30.0) -> Step:
    """Read the request, send nothing for ``seconds`` (or until the stub stops), then hang up."""

    def step(handler: _Handler) -> None:
        handler.server.stopping.wait(seconds)
        handler.close_connection = True

    return step


def trickle(interval: float = 0.05, seconds: float = 30.0) -> Step:
    """Send 200 and then only blank lines every ``interval``, never the answer."""

    def step(handler: _Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end and not handler.server.stopping.wait(interval):
                handler.write_chunk(b"\n")
        except OSError:
            pass  # the client gave up
        handler.close_connection = True

    return step


def hang_up() -> Step:
    """Close the connection without answering."""

    def step(handler: _Handler) -> None:
        handler.close_connection = True

    return step


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so tests can see the client reuse its connection
    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.stub.record(Recorded("POST", self.path, dict(self.headers.items()), body,
                                         self.client_address[1]))
        self.server.stub.next_step()(self)

    def send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_chunked(self, status: int, chunks: list[bytes]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for chunk in chunks:
            self.write_chunk(chunk)
        self.wfile.write(b"0\r\n\r\n")

    def write_chunk(self, chunk: bytes) -> None:
        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests assert on `DeepSeekStub.requests` instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stub: DeepSeekStub
    stopping: threading.Event

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up is part of many scripts; anything else is still reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class DeepSeekStub:
    """The stub server; start it with ``with`` (it binds 127.0.0.1 on a free port)."""

    steps: list[Step] = field(default_factory=lambda: [answer("Hello from the stub.")])
    requests: list[Recorded] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: _Server | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start the stub first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(self, *steps: Step) -> None:
        """Answer the next requests with ``steps``, in order; the last one repeats."""
        with self._lock:
            self.steps = list(steps)

    def reset(self) -> None:
        """Forget recorded requests and go back to a plain answer."""
        with self._lock:
            self.steps = [answer("Hello from the stub.")]
            self.requests.clear()

    def record(self, request: Recorded) -> None:
        with self._lock:
            self.requests.append(request)

    def next_step(self) -> Step:
        with self._lock:
            return self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]

    def __enter__(self) -> DeepSeekStub:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.stub = self
        server.stopping = threading.Event()
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="deepseek-stub", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
