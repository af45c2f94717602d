"""`GET /openapi.json`: a valid OpenAPI 3.1 document that covers every route, served without a key."""

from __future__ import annotations

from chalice.test import Client
from openapi_spec_validator import validate

import app as app_module


def test_the_document_is_valid_openapi_3_1_and_needs_no_key(client: Client) -> None:
    response = client.http.get("/openapi.json", headers={"x-api-key": ""})
    assert response.status_code == 200
    document = response.json_body
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_route_of_the_app_is_documented_with_its_errors(client: Client) -> None:
    document = client.http.get("/openapi.json").json_body
    routes = {(method.lower(), path) for path, entry in app_module.app.routes.items() for method in entry}
    documented = {(method, path) for path, item in document["paths"].items() for method in item}
    assert routes <= documented
    message = document["paths"]["/message"]["post"]
    assert {"400", "401", "409", "422", "502", "503", "504"} <= set(message["responses"])
    schema = document["components"]["schemas"]["MessageRequest"]
    assert set(schema["required"]) == {"user_id", "session_id", "message"}
    assert {"apiKey", "bearer"} == set(document["components"]["securitySchemes"])
