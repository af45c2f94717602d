"""Package: the size of the `chalice package` zip, and the import time of what it unpacks to.

    python -m bench.package [--runs 5]

`chalice package --stage dev` builds the deployment zip exactly as a deploy would (Lambda-platform
wheels included), with dummy credentials and a region so it never probes AWS. The zip is unpacked and
`import app` is timed in fresh processes started with ``-I -S`` (no site-packages): on ``sys.path``
only the unpacked package and a stand-in for the Lambda runtime's own boto3 (the venv's boto3,
botocore and their dependencies). The zip carries no bytecode and Lambda's code directory is
read-only, so Python compiles every module on every cold start: that is the first figure
(``-B``, nothing cached). The second lets bytecode be cached, as a zip with ``.pyc`` files would.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from bench import report

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MB = 10.0
# What the Lambda Python runtime already has: boto3 and the packages it needs.
RUNTIME_PACKAGES = ("boto3", "botocore", "jmespath", "s3transfer", "dateutil", "six", "urllib3")
_IMPORT = """
import json, sys, time
sys.path[:0] = {paths!r}
started = time.perf_counter()
import app
elapsed = (time.perf_counter() - started) * 1000
assert app.__file__.startswith({code!r}), app.__file__
print(json.dumps({{"import_ms": elapsed, "modules": len(sys.modules)}}))
"""


def run(runs: int = 5) -> dict[str, Any]:
    """Build the zip, measure it, and time imports of its contents."""
    with tempfile.TemporaryDirectory(prefix="luminora-package-") as tmp:
        out = Path(tmp) / "out"
        seconds = _package(out)
        archive = out / "deployment.zip"
        size = archive.stat().st_size
        biggest = _largest(archive)
        code = Path(tmp) / "code"
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(code)
        runtime = _runtime(Path(tmp) / "runtime")
        cold = [_import(code, runtime, bytecode=False) for _ in range(runs)]
        _import(code, runtime, bytecode=True)  # writes the bytecode cache
        warm = [_import(code, runtime, bytecode=True) for _ in range(runs)]
    return {
        "zip_bytes": size,
        "zip_mb": round(size / 1_000_000, 2),
        "budget_mb": BUDGET_MB,
        "largest_unpacked_mb": biggest,
        "package_seconds": round(seconds, 1),
        "runs": runs,
        "import_ms_no_bytecode": round(report.median([s["import_ms"] for s in cold]), 1),
        "import_ms_with_bytecode": round(report.median([s["import_ms"] for s in warm]), 1),
        "modules_imported": int(cold[0]["modules"]),
        "runtime_stand_in": list(RUNTIME_PACKAGES),
    }


def _package(out: Path) -> float:
    env = {**os.environ, **report.OFFLINE_AWS}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "from chalice.cli import main; main()", "package", "--stage", "dev", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"chalice package failed: {(done.stderr or done.stdout).strip()[-2000:]}")
    return time.perf_counter() - started


def _largest(archive: Path, top: int = 5) -> dict[str, float]:
    """Uncompressed megabytes of the biggest top-level entries (packages) in the zip."""
    sizes: Counter[str] = Counter()
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            sizes[info.filename.split("/")[0]] += info.file_size
    return {name: round(size / 1_000_000, 2) for name, size in sizes.most_common(top)}


def _runtime(folder: Path) -> Path:
    folder.mkdir()
    for name in RUNTIME_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise RuntimeError(f"{name} is not installed; it stands in for the Lambda runtime's")
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (folder / source.name).symlink_to(source)
    return folder


def _import(code: Path, runtime: Path, *, bytecode: bool) -> dict[str, float]:
    flags = ["-I", "-S"] + ([] if bytecode else ["-B"])
    script = _IMPORT.format(paths=[str(code), str(runtime)], code=str(code))
    done = subprocess.run([sys.executable, *flags, "-c", script], cwd=code, capture_output=True, text=True,
                          timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"importing the packaged app failed: {done.stderr.strip()[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def render(figures: dict[str, Any]) -> str:
    rows = [
        ["zip size (MB)", figures["zip_mb"], f"<= {figures['budget_mb']}"],
        ["import app, no bytecode (ms, median)", figures["import_ms_no_bytecode"], "-"],
        ["import app, bytecode cached (ms, median)", figures["import_ms_with_bytecode"], "-"],
        ["chalice package (s)", figures["package_seconds"], "-"],
    ]
    largest = ", ".join(f"{k} {v}" for k, v in figures["largest_unpacked_mb"].items())
    return report.table(["figure", "value", "budget"], rows) + f"\nlargest unpacked (MB): {largest}"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    try:
        figures = run(args.runs)
    except RuntimeError as exc:
        figures = {"error": str(exc)}
        report.emit("package", f"ERROR: {exc}", figures)
        return figures
    report.emit("package (chalice package --stage dev)", render(figures), figures)
    return figures


if __name__ == "__main__":
    main()
