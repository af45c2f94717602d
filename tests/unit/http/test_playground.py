"""The playground's static files: what they may contain, and how they are served."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from chalicelib.engine.affinity import DEFAULT_LEVELS
from chalicelib.http import playground

SCRIPT = playground.asset("playground.js")
SCRIPTS = {name: playground.asset(name) for name in playground.FILES if name.endswith(".js")}
PAGE = playground.asset("index.html")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text += data


def _tags() -> _Tags:
    parser = _Tags()
    parser.feed(PAGE)
    return parser


def test_the_files_live_inside_the_package_so_they_ship_in_the_lambda_zip() -> None:
    assert playground.FOLDER.parent.name == "http" and playground.FOLDER.parent.parent.name == "chalicelib"
    assert sorted(p.name for p in playground.FOLDER.iterdir()) == sorted(playground.FILES)


def test_only_the_named_files_are_served() -> None:
    with pytest.raises(KeyError):
        playground.asset("../playground.py")


def test_the_page_has_no_inline_script_handler_or_style_and_loads_nothing_from_elsewhere() -> None:
    parsed = _tags()
    assert parsed.script_text.strip() == ""
    assert [a["src"] for t, a in parsed.tags if t == "script"] == ["playground.js"]
    assert not [(t, name) for t, a in parsed.tags for name in a if name.startswith("on") or name == "style"]
    urls = [a.get("src") or a.get("href") for _, a in parsed.tags if a.get("src") or a.get("href")]
    assert all(not re.match(r"^[a-z]+://|^//", url or "") for url in urls), urls


def test_the_scripts_never_write_html() -> None:
    assert sorted(SCRIPTS) == ["playground.js", "usage-panel.js"]
    for name, text in SCRIPTS.items():
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in text, (name, sink)


def test_the_page_loads_its_script_as_a_module_that_imports_only_files_it_serves() -> None:
    (script,) = [a for t, a in _tags().tags if t == "script"]
    assert script.get("type") == "module"
    imported = {m for text in SCRIPTS.values() for m in re.findall(r'^import .* from "\./([^"]+)";$', text, re.M)}
    assert imported == {"usage-panel.js"} and imported <= set(playground.FILES)


def test_the_script_never_embeds_a_key_and_keeps_the_typed_one_in_session_storage() -> None:
    assert "localStorage" not in SCRIPT and "sessionStorage.setItem(KEY_ITEM" in SCRIPT
    assert '"x-api-key"' in SCRIPT and "local-dev-key" not in "".join(SCRIPTS.values()) + PAGE
    assert "Storage" not in SCRIPTS["usage-panel.js"]  # the panel calls the API through the page's caller


def test_the_scripts_default_level_table_is_the_engines() -> None:
    table = re.search(r"DEFAULT_LEVELS = (\[.*?\]);", SCRIPT, re.S)
    assert table is not None
    levels = re.findall(r'\{ name: "(\w+)", low: (\d+), high: (\d+) \}', table.group(1))
    assert [(name, int(low), int(high)) for name, low, high in levels] == [
        (lv.name, lv.low, lv.high) for lv in DEFAULT_LEVELS
    ]


def test_every_file_is_sent_with_the_policy_and_nosniff() -> None:
    for name, kind in playground.FILES.items():
        headers = playground.headers(name)
        assert headers["Content-Type"] == kind and headers["X-Content-Type-Options"] == "nosniff"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "connect-src 'self'" in headers["Content-Security-Policy"]
