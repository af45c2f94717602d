"""Compiled bytecode for a deployment zip.

    python -m scripts.bytecode build/deploy/dev/deployment.zip

Lambda's code directory is read-only, so a zip of sources alone makes Python compile every module it
imports on every cold start (`bench.package` measures what that costs). `add_bytecode` compiles each
``.py`` of the zip into ``__pycache__/<name>.cpython-3XX.pyc`` beside it, in "unchecked hash" form: the
runtime loads it without comparing timestamps, which a zip does not keep reliably. The bytecode is
only valid for the Python version that compiles it, which is the version `chalice package` takes the
Lambda runtime from (``python3.11`` here).
"""

from __future__ import annotations

import argparse
import compileall
import py_compile
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path


def add_bytecode(archive: Path) -> int:
    """Add the bytecode of every ``.py`` in ``archive`` that compiles; returns how many files were added."""
    with tempfile.TemporaryDirectory(prefix="luminora-bytecode-") as tmp:
        unpacked = Path(tmp) / "code"
        with zipfile.ZipFile(archive) as zipped:
            present = set(zipped.namelist())
            sources = [name for name in present if name.endswith(".py")]
            for name in sources:
                zipped.extract(name, unpacked)
        # A vendored file that does not compile (a Python 2 example, say) is never imported: skip it.
        compileall.compile_dir(unpacked, quiet=2, workers=1,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        added = sorted(str(path.relative_to(unpacked)) for path in unpacked.rglob("*.pyc"))
        added = [name for name in added if name not in present]
        with zipfile.ZipFile(archive, "a", compression=zipfile.ZIP_DEFLATED) as zipped:
            for name in added:
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with (unpacked / name).open("rb") as source, zipped.open(info, "w") as target:
                    shutil.copyfileobj(source, target)
    return len(added)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("zip", type=Path)
    args = parser.parse_args(argv)
    print(f"{args.zip}: added {add_bytecode(args.zip)} bytecode files for Python "
          f"{sys.version_info.major}.{sys.version_info.minor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
