"""`import app` stays cheap: Powertools and the nightly job's module load only when they are used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_app_loads_neither_powertools_nor_the_nightly_job() -> None:
    script = "import json, sys, app; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert "app" in loaded and "chalicelib.bootstrap" in loaded
    assert [m for m in loaded if m.startswith("aws_lambda_powertools")] == []
    assert "chalicelib.usecases.maintenance" not in loaded


_TURN = """
import json, sys
import app
from chalice.test import Client
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.usecases.catalog import Personalities
from tests.fakes import InMemoryConversationStore, InMemoryPersonalityStore

store = InMemoryConversationStore()
catalog = Personalities(BuiltinPersonalities(), InMemoryPersonalityStore())
settings = Settings(demo_mode=True, analysis_mode="off", api_keys="k=t")
app.set_services(build_services(settings, store=store, catalog=catalog, clock=store.clock))
with Client(app.app) as client:
    body = json.dumps({"user_id": "ana", "session_id": "s1", "message": "Hi, I'm Ana.", "personality_name": "Sage"})
    answer = client.http.post("/message", headers={"Content-Type": "application/json", "x-api-key": "k"}, body=body)
    assert answer.status_code == 200, answer.body
from pydantic import BaseModel

def models(kind):
    for sub in kind.__subclasses__():
        yield sub
        yield from models(sub)

ours = [m for m in models(BaseModel) if m.__module__.startswith("chalicelib")]
built = sorted(m.__name__ for m in ours if m.__pydantic_complete__)
print(json.dumps({"modules": sorted(sys.modules), "built": built}))
"""


def test_a_turn_builds_only_the_validators_it_uses() -> None:
    """The body's and the personality file's validators, built on first use; the other models' wait."""
    done = subprocess.run([sys.executable, "-c", _TURN], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["built"] == ["MessageRequest", "PersonalityFile"]  # a file's nested blocks are built within it
    assert "chalicelib.engine.compiler" in seen["modules"]
    assert not {"chalicelib.http.openapi", "chalicelib.http.openai"} & set(seen["modules"])


_PAUSED = """
import gc, json, os
os.environ.update({"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1",
                   "AWS_EC2_METADATA_DISABLED": "true", "LUMINORA_DEMO_MODE": "true"})
import app
from chalicelib.bootstrap import collector_paused

seen = {"before": gc.isenabled(), "frozen_before": gc.get_freeze_count()}
app.get_services()  # builds boto3's client, as a container's first request does; no request is sent
seen.update(after=gc.isenabled(), frozen_after=gc.get_freeze_count())
try:
    with collector_paused():
        seen["inside"] = gc.isenabled()
        raise KeyError("start-up failed")
except KeyError:
    seen["after_failure"] = gc.isenabled()
gc.disable()
with collector_paused():
    pass
seen["stays_off"] = not gc.isenabled()
print(json.dumps(seen))
"""


def test_start_up_runs_without_the_collector_then_freezes_what_it_built() -> None:
    done = subprocess.run([sys.executable, "-c", _PAUSED], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["before"] and seen["after"] and seen["after_failure"] and seen["stays_off"]
    assert seen["inside"] is False
    assert seen["frozen_before"] == 0 and seen["frozen_after"] > 50_000  # boto3's models, among the rest
