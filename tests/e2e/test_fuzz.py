"""Fuzzing the live local stack from its own OpenAPI document: no 5xx, no response that breaks the schema."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scripts.stack import LocalStack
from tests.e2e.conftest import LOCAL_KEY

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"


def test_no_request_gets_a_5xx_or_an_undocumented_answer(stack: LocalStack, tmp_path: Path) -> None:
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run", stack.url + "/openapi.json",
        "--url", stack.url, "--checks", CHECKS, "--header", f"x-api-key:{LOCAL_KEY}",
        "--max-examples", "15", "--seed", "20261202", "--generation-deterministic",
        "--request-timeout", "30", "--report-dir", str(tmp_path), "--no-color",
    ]
    # The fuzzer is a client: it runs on the machine's real clock even when the suite runs under faketime
    # (which slows its timing-heavy generator many times over); the stack it tests keeps the faked one.
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
