"""`scripts.bytecode`: a zip gets the bytecode of its modules, which Python runs without the sources' help."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from scripts.bytecode import add_bytecode

TAG = sys.implementation.cache_tag


def _zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zipped:
        for name, text in files.items():
            zipped.writestr(name, text)
    return path


def test_every_module_that_compiles_gets_its_bytecode_beside_it(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "code.zip", {
        "app.py": "from pkg import answer\n",
        "pkg/__init__.py": "answer = 42\n",
        "pkg/data.json": "{}",
        "pkg/old.py": "print 'python 2'\n",  # never imported; it is left as it is
    })
    assert add_bytecode(archive) == 2
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
    assert {f"__pycache__/app.{TAG}.pyc", f"pkg/__pycache__/__init__.{TAG}.pyc"} <= names
    assert not any("old." in name and name.endswith(".pyc") for name in names)
    assert add_bytecode(archive) == 0  # a second run adds nothing twice


def test_the_bytecode_is_used_without_checking_the_source(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "code.zip", {"probe.py": "VALUE = 'compiled'\n"})
    add_bytecode(archive)
    code = tmp_path / "code"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(code)
    # A different source of the same module: only the shipped bytecode can still say "compiled".
    (code / "probe.py").write_text("VALUE = 'source'\n", encoding="utf-8")
    script = "import sys; sys.path.insert(0, '.'); import probe; print(probe.VALUE)"
    done = subprocess.run([sys.executable, "-I", "-S", "-B", "-c", script],
                          cwd=code, capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "compiled"
