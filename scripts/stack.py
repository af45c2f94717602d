"""The local stack: moto's DynamoDB server plus `chalice local`, both on 127.0.0.1.

    python -m scripts.stack            # what `make run` does
    PORT=9000 python -m scripts.stack

The end-to-end tests start the same `LocalStack`.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TABLE = "luminora-local"
# Dummy credentials: moto accepts anything, and real ones must never reach a local stack.
LOCAL_AWS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_SESSION_TOKEN": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    # moto's server, on a busy machine, can take seconds to answer a burst; and it ignores a transaction's
    # ClientRequestToken, so a transaction that boto3 sends again after a read timeout would apply twice.
    "LUMINORA_AWS_READ_TIMEOUT": "60",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the parent dies, so no server outlives its stack."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def _serialized_moto_server() -> Any:
    """moto's DynamoDB server, answering one request at a time.

    moto's backend is not safe for concurrent transactions (a `TransactWriteItems` can fail half-way with
    "dictionary changed size during iteration" and leave partial items); DynamoDB itself is. Serialising
    the embedded server makes it behave like DynamoDB for concurrent clients, at a local-only cost.
    """
    import threading

    from moto.moto_server.threaded_moto_server import ThreadedMotoServer
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    class _Serialized(ThreadedMotoServer):
        def _server_entry(self) -> None:
            app = DomainDispatcherApplication(create_backend_app)
            lock = threading.Lock()

            def one_at_a_time(environ: Any, start_response: Any) -> Any:
                with lock:
                    return list(app(environ, start_response))

            self._server = make_server(
                self._ip_address, self._port, one_at_a_time, threaded=True, request_handler=MotoRequestHandler
            )
            self._server_ready_event.set()
            self._server.serve_forever()

    return _Serialized(ip_address="127.0.0.1", port=0, verbose=False)


class LocalStack:
    """Starts and stops an embedded DynamoDB and `chalice local`."""

    def __init__(self, port: int = 8000, env: dict[str, str] | None = None, quiet: bool = False) -> None:
        self.port = port
        self.extra_env = env or {}
        self.quiet = quiet
        self._moto: Any = None
        self._chalice: subprocess.Popen[bytes] | None = None
        self.dynamodb_url = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LocalStack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 60.0) -> None:
        self._start_dynamodb()
        env = {**os.environ, **LOCAL_AWS, "AWS_ENDPOINT_URL_DYNAMODB": self.dynamodb_url, **self.extra_env}
        env.pop("AWS_PROFILE", None)
        command = [sys.executable, "-m", "scripts.chalice_local", "local", "--stage", "local",
                   "--no-autoreload", "--host", "127.0.0.1", "--port", str(self.port)]
        output = subprocess.DEVNULL if self.quiet else None
        self._chalice = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=output, preexec_fn=_die_with_parent
        )
        self._wait_ready(timeout)

    def _start_dynamodb(self) -> None:
        import boto3

        from scripts.table import create_table

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one access line per DynamoDB call is noise
        self._moto = _serialized_moto_server()
        self._moto.start()
        host, port = self._moto.get_host_and_port()
        self.dynamodb_url = f"http://{host}:{port}"
        client = boto3.client(
            "dynamodb",
            endpoint_url=self.dynamodb_url,
            region_name=LOCAL_AWS["AWS_REGION"],
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
        create_table(client, TABLE)

    def _wait_ready(self, timeout: float) -> None:
        assert self._chalice is not None
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self._chalice.poll() is not None:
                raise RuntimeError(f"chalice local exited with code {self._chalice.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=1) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chalice local did not answer on {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self._chalice and self._chalice.poll() is None:
            self._chalice.terminate()
            try:
                self._chalice.wait(10)
            except subprocess.TimeoutExpired:
                self._chalice.kill()
                self._chalice.wait()
        self._chalice = None
        if self._moto is not None:
            self._moto.stop()
            self._moto = None


def _banner(stack: LocalStack) -> str:
    responder = "offline responder" if _offline() else "DeepSeek"
    example = (
        f"curl -s -X POST {stack.url}/message -H 'x-api-key: local-dev-key' -H 'Content-Type: application/json' \\\n"
        "     -d '{\"user_id\": \"ana\", \"session_id\": \"s1\", \"message\": \"Hi! My name is Ana.\"}'"
    )
    return (
        f"\nLuminora is running on {stack.url}  (replies: {responder}; DynamoDB: {stack.dynamodb_url})\n"
        f"Open {stack.url}/ in a browser for the playground, or try:\n  {example}\nPress Ctrl-C to stop.\n"
    )


def _offline() -> bool:
    from chalicelib.config import load_settings

    return load_settings().offline


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    stack = LocalStack(port=port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        stack.start()
        print(_banner(stack), flush=True)
        while stack._chalice is not None and stack._chalice.poll() is None:
            time.sleep(0.5)
        print("chalice local stopped", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping...", flush=True)
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
