"""The folders of `chalicelib` tell each module's role, and imports point inwards: the engine uses no adapter."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "chalicelib" / "engine"
# What the engine may import from Luminora: itself and the shared vocabulary at the top of `chalicelib`.
ENGINE_MAY_USE = ("chalicelib.engine", "chalicelib.models", "chalicelib.errors", "chalicelib.ports", "chalicelib.clock")
# Packages that do I/O: the engine never imports them, not even inside a function.
IO_PACKAGES = {"boto3", "botocore", "requests", "urllib3", "chalice", "moto", "aws_lambda_powertools"}


def _imports(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "chalicelib":  # `from chalicelib import x` names a module
                found += [(node.lineno, f"chalicelib.{alias.name}") for alias in node.names]
    return found


def _engine_violations(path: Path) -> list[str]:
    bad = []
    for line, module in _imports(path):
        top = module.split(".")[0]
        own = module.startswith("chalicelib.") and not module.startswith(ENGINE_MAY_USE)
        if top in IO_PACKAGES or own:
            bad.append(f"{path.name}:{line} imports {module}")
    return bad


def test_the_engine_imports_no_adapter_and_no_io_package() -> None:
    modules = sorted(ENGINE.rglob("*.py"))
    assert len(modules) > 10
    assert [hit for path in modules for hit in _engine_violations(path)] == []


def test_the_check_catches_an_adapter_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import boto3\nfrom chalicelib.dynamodb import keys\nfrom chalicelib.models import Message\n"
        "def late():\n    import requests\n"
    )
    assert _engine_violations(probe) == [
        "probe.py:1 imports boto3", "probe.py:2 imports chalicelib.dynamodb", "probe.py:5 imports requests",
    ]


def test_no_module_is_left_loose_at_the_top_of_chalicelib() -> None:
    top = sorted(p.stem for p in (ROOT / "chalicelib").glob("*.py"))
    assert top == ["__init__", "bootstrap", "clock", "config", "errors", "models", "ports"]
    assert sorted(p.name for p in (ROOT / "chalicelib").iterdir() if p.is_dir() and p.name != "__pycache__") == [
        "aws", "deepseek", "dynamodb", "engine", "http", "usecases",
    ]
