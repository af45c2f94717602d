"""Compiled bytecode, and VADER's prebuilt lexicons, for a deployment zip.

    python -m scripts.bytecode build/deploy/dev/deployment.zip

Lambda's code directory is read-only, so a zip of sources alone makes Python compile every module it
imports on every cold start (`bench.package` measures what that costs). `add_bytecode` compiles each
``.py`` of the zip into ``__pycache__/<name>.cpython-3XX.pyc`` beside it, in "unchecked hash" form: the
runtime loads it without comparing timestamps, which a zip does not keep reliably. The bytecode is
only valid for the Python version that compiles it, which is the version `chalice package` takes the
Lambda runtime from (``python3.11`` here).

`add_lexicons` adds ``chalicelib/engine/vader.marshal``, the zip's own VADER lexicons already parsed
(`chalicelib.engine.vader`), which saves the first turn of a container about 15 ms.
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


def add_lexicons(archive: Path) -> bool:
    """Add the zip's VADER lexicons, prebuilt; False when the zip has no VADER or already has them.

    ``chalice package`` copies ``chalicelib`` whole, so a file that the cold-start bench left there is in
    the zip already: it is kept if it was made from the zip's own VADER by this Python, else refused.
    """
    from chalicelib.engine import vader

    target = "chalicelib/engine/vader.marshal"
    with zipfile.ZipFile(archive) as zipped, tempfile.TemporaryDirectory(prefix="luminora-lexicons-") as tmp:
        present = set(zipped.namelist())
        if "vaderSentiment/vaderSentiment.py" not in present:
            return False
        for name in present:
            if (name.startswith("vaderSentiment/") and not name.endswith("/")) or name == target:
                zipped.extract(name, tmp)
        package_dir = str(Path(tmp) / "vaderSentiment")
        if target in present:
            if not vader.matches(str(Path(tmp) / target), package_dir):
                raise RuntimeError(f"{target} was made from another VADER or Python: delete it and package again")
            return False
        data = Path(vader.prebuild(str(Path(tmp) / "vader.marshal"), package_dir=package_dir)).read_bytes()
    with zipfile.ZipFile(archive, "a", compression=zipfile.ZIP_DEFLATED) as zipped:
        info = zipfile.ZipInfo(target, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        zipped.writestr(info, data)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("zip", type=Path)
    args = parser.parse_args(argv)
    print(f"{args.zip}: added {add_bytecode(args.zip)} bytecode files for Python "
          f"{sys.version_info.major}.{sys.version_info.minor}"
          + (", and VADER's prebuilt lexicons" if add_lexicons(args.zip) else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
