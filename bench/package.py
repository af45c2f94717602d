"""Package: the size of the `chalice package` zip, and the import time of what it unpacks to.

    python -m bench.package [--runs 5]

`chalice package --stage dev` builds the deployment zip and `scripts.bytecode` adds its modules'
compiled bytecode, exactly as a deploy does (Lambda-platform wheels
included), with dummy credentials and a region so it never probes AWS. The zip is unpacked and `import
app` is timed in fresh processes started with ``-I -S -B`` (no site-packages, nothing written: Lambda's
code directory is read-only): on ``sys.path`` only the unpacked package and a stand-in for the Lambda
runtime's own boto3 (the venv's boto3, botocore and their dependencies). The first figure is the zip as
deployed; the second is the same zip without its bytecode, as `chalice package` alone makes it, where
Python compiles every module on every cold start. The size budget is checked on the zip as deployed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from bench import report
from scripts.bytecode import add_bytecode

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
        sources_only = Path(tmp) / "sources-only.zip"
        shutil.copyfile(archive, sources_only)
        compiled = add_bytecode(archive)
        size, plain_size = archive.stat().st_size, sources_only.stat().st_size
        biggest = _largest(archive)
        runtime = _runtime(Path(tmp) / "runtime")
        deployed = _unpack(archive, Path(tmp) / "code")
        plain = _unpack(sources_only, Path(tmp) / "plain")
        warm, cold = [], []
        for _ in range(runs):  # in turn, so that both see the same load
            warm.append(_import(deployed, runtime))
            cold.append(_import(plain, runtime))
    return {
        "zip_bytes": size,
        "zip_mb": round(size / 1_000_000, 2),
        "zip_mb_without_bytecode": round(plain_size / 1_000_000, 2),
        "bytecode_files": compiled,
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


def _unpack(archive: Path, folder: Path) -> Path:
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
    return folder


def _import(code: Path, runtime: Path) -> dict[str, float]:
    script = _IMPORT.format(paths=[str(code), str(runtime)], code=str(code))
    done = subprocess.run([sys.executable, "-I", "-S", "-B", "-c", script], cwd=code, capture_output=True, text=True,
                          timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"importing the packaged app failed: {done.stderr.strip()[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def render(figures: dict[str, Any]) -> str:
    rows = [
        ["zip size with bytecode, as deployed (MB)", figures["zip_mb"], f"<= {figures['budget_mb']}"],
        ["zip size without bytecode (MB)", figures["zip_mb_without_bytecode"], "-"],
        ["import app as deployed, bytecode in the zip (ms, median)", figures["import_ms_with_bytecode"], "-"],
        ["import app without bytecode, compiled at start (ms, median)", figures["import_ms_no_bytecode"], "-"],
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
