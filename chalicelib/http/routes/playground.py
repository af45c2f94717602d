"""The playground page and its files: they need no key; the page sends one with its API calls."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.http import playground

routes = Blueprint(__name__)


@routes.route("/", methods=["GET"])
def playground_page() -> Response:
    return playground.response("index.html")


@routes.route("/playground.js", methods=["GET"])
def playground_script() -> Response:
    return playground.response("playground.js")


@routes.route("/usage-panel.js", methods=["GET"])
def playground_usage_panel() -> Response:
    return playground.response("usage-panel.js")


@routes.route("/playground.css", methods=["GET"])
def playground_style() -> Response:
    return playground.response("playground.css")

