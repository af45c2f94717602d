"""The README and docs/ link only to files inside the repository, and every such link resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
# Inline links and images, `[text](target "title")`, and reference definitions, `[name]: target`.
_INLINE = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_HTML = re.compile(r"\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def links(text: str) -> list[str]:
    """Every link target in Markdown ``text``, outside code blocks and code spans."""
    prose = _CODE_SPAN.sub("", _FENCE.sub("", text))
    return [m.group(1) for pattern in (_INLINE, _REFERENCE, _HTML) for m in pattern.finditer(prose)]


def anchors(text: str) -> set[str]:
    """The fragment ids GitHub gives the headings of ``text``."""
    found: set[str] = set()
    for heading in _HEADING.findall(_FENCE.sub("", text)):
        slug = re.sub(r"[^\w\- ]", "", heading.replace("`", "").strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


def problems(source: Path, root: Path) -> list[str]:
    """What is wrong with the links of the document ``source`` in the repository at ``root``."""
    found = []
    text = source.read_text(encoding="utf-8")
    for target in links(text):
        if _SCHEME.match(target) or target.startswith("//"):
            if not target.startswith("https://"):
                found.append(f"{target}: only https links may leave the repository")
            continue
        path_part, _, fragment = target.partition("#")
        if path_part.startswith("/"):
            found.append(f"{target}: an absolute path, not a path in the repository")
            continue
        resolved = (source.parent / path_part).resolve() if path_part else source
        if not resolved.is_relative_to(root):
            found.append(f"{target}: leaves the repository")
        elif not resolved.is_file():
            found.append(f"{target}: no such file in the repository")
        elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved.read_text(encoding="utf-8")):
            found.append(f"{target}: no heading #{fragment} in {resolved.relative_to(root)}")
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_resolves_inside_the_repository(doc: Path) -> None:
    assert problems(doc, ROOT) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_document_names_a_path_outside_the_repository(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert "../shared" not in text
    assert "/work/" not in text


def test_the_checker_finds_broken_escaping_and_absolute_links(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "api.md").write_text("# The API\n\n## Routes\n", encoding="utf-8")
    (tmp_path / "outside.md").write_text("# Outside\n", encoding="utf-8")
    doc = repo / "docs" / "guide.md"
    doc.write_text(
        "[ok](api.md#routes) [design](../../outside.md) [gone](missing.md) [abs](/etc/hosts)\n"
        "[anchor](api.md#nowhere) [web](http://example.com) ![img](../docs/api.md)\n"
        "[ref]: ../../outside.md\n"
        "`[in code](missing-too.md)`\n```\n[fenced](missing-three.md)\n```\n",
        encoding="utf-8",
    )
    assert problems(doc, repo.resolve()) == [
        "../../outside.md: leaves the repository",
        "missing.md: no such file in the repository",
        "/etc/hosts: an absolute path, not a path in the repository",
        "api.md#nowhere: no heading #nowhere in docs/api.md",
        "http://example.com: only https links may leave the repository",
        "../../outside.md: leaves the repository",
    ]


def test_headings_get_github_fragment_ids() -> None:
    text = "# Luminora\n## Cost of 1,000 turns\n### OpenAI-compatible API: `/v1`\n```\n# not a heading\n```\n"
    assert anchors(text) == {"luminora", "cost-of-1000-turns", "openai-compatible-api-v1"}
