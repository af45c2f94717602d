"""The playground's routes through `chalice.test.Client`."""

from __future__ import annotations

from chalice.test import Client


def test_the_page_is_served_at_the_root_without_a_key(client: Client) -> None:
    response = client.http.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'<script type="module" src="playground.js"></script>' in response.body
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_scripts_and_stylesheet_are_served_with_their_types(client: Client) -> None:
    script = client.http.get("/playground.js")
    panel = client.http.get("/usage-panel.js")
    style = client.http.get("/playground.css")
    assert (script.status_code, script.headers["Content-Type"]) == (200, "text/javascript; charset=utf-8")
    assert (panel.status_code, panel.headers["Content-Type"]) == (200, "text/javascript; charset=utf-8")
    assert (style.status_code, style.headers["Content-Type"]) == (200, "text/css; charset=utf-8")
    assert b"textContent" in script.body and b"[hidden]" in style.body
    assert b'from "./usage-panel.js"' in script.body and b"export function usagePanel" in panel.body
