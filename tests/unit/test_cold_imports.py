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
