"""Records of more than four fields are built with keywords, so that a reordered field cannot shift values."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [ROOT / "app.py", *sorted((ROOT / "chalicelib").rglob("*.py")), *sorted((ROOT / "scripts").rglob("*.py"))]
MAX_POSITIONAL_FIELDS = 4


def _record_fields(trees: dict[Path, ast.Module]) -> dict[str, int]:
    """Record classes (NamedTuples and dataclasses) by name, with their number of fields."""
    found: dict[str, int] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            kinds = [ast.unparse(b) for b in node.bases] + [ast.unparse(d) for d in node.decorator_list]
            if any("NamedTuple" in k or "dataclass" in k for k in kinds):
                found[node.name] = sum(isinstance(s, ast.AnnAssign) for s in node.body)
    return found


def positional_builds(paths: list[Path]) -> list[str]:
    """Where a record of more than four fields is built with positional arguments."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in paths}
    records = _record_fields(trees)
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if records.get(str(name), 0) > MAX_POSITIONAL_FIELDS and not any(
                isinstance(a, ast.Starred) for a in node.args
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}(...) with {len(node.args)} positional")
    return found


def test_records_of_more_than_four_fields_are_built_with_keywords() -> None:
    assert positional_builds(CHECKED) == []


def test_the_check_finds_a_positional_build(tmp_path: Path) -> None:
    probe = ROOT / "build" / "records_probe.py"
    probe.parent.mkdir(exist_ok=True)
    probe.write_text("from typing import NamedTuple\n\nclass R(NamedTuple):\n    a: int\n    b: int\n    c: int\n"
                     "    d: int\n    e: int\n\nR(1, 2, 3, 4, 5)\nR(a=1, b=2, c=3, d=4, e=5)\n")
    try:
        assert positional_builds([probe]) == ["build/records_probe.py:10: R(...) with 5 positional"]
    finally:
        probe.unlink()
