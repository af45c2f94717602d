"""Errors become responses in one place: the status of each kind, and the body shape its route's clients parse."""

from __future__ import annotations

import json

import pytest

from chalicelib.errors import (
    ConflictError,
    InvalidInputError,
    LLMTimeoutError,
    LLMUnavailableError,
    NotFoundError,
    OperatorError,
    UnauthorizedError,
)
from chalicelib.http.errors import error_response, shape_for, translating


@pytest.mark.parametrize(("error", "status"), [
    (InvalidInputError("message", "must not be empty"), 400),
    (UnauthorizedError("no API key"), 401),
    (NotFoundError("no personality 'Nobody'"), 404),
    (ConflictError("raced"), 409),
    (LLMUnavailableError("busy"), 503),
    (LLMTimeoutError("slow"), 504),
])
def test_each_error_kind_has_its_status_in_both_shapes(error: Exception, status: int) -> None:
    chalice = error_response(error)  # type: ignore[arg-type]
    openai = error_response(error, shape="openai")  # type: ignore[arg-type]
    assert chalice.status_code == openai.status_code == status
    assert "error" in openai.body and "type" in openai.body["error"]
    assert ("Message" in chalice.body) or status == 401


def test_an_unavailable_model_says_when_to_retry() -> None:
    assert error_response(LLMUnavailableError("busy")).headers["Retry-After"] == "1"


def test_an_operator_error_hides_its_details_and_names_the_request() -> None:
    response = error_response(OperatorError("SSM parameter /secret/path is empty"), request_id="req-42")
    text = json.dumps(response.body)
    assert response.status_code == 502 and "req-42" in text and "/secret/path" not in text


def test_openai_routes_get_openais_shape() -> None:
    assert (shape_for("/v1/chat/completions"), shape_for("/message")) == ("openai", "chalice")


def test_the_decorator_answers_a_raised_error_and_passes_results_through() -> None:
    @translating("openai", lambda: "-")
    def view(fail: bool) -> object:
        if fail:
            raise InvalidInputError("temperature", "must be between 0 and 2")
        return {"ok": True}

    assert view(False) == {"ok": True}
    refused = view(True)
    assert refused.status_code == 400 and refused.body["error"]["param"] == "temperature"


@pytest.mark.parametrize("shape", ["chalice", "openai"])
def test_a_rate_limit_is_a_429_with_retry_after_and_its_limit_headers(shape: str) -> None:
    from chalicelib.errors import RateLimitedError

    limits = {"x-ratelimit-limit-requests": "20", "x-ratelimit-remaining-requests": "0",
              "x-ratelimit-reset-requests": "17s"}
    response = error_response(RateLimitedError("over 20 turns a minute for this user", 17, limits),
                              shape=shape)  # type: ignore[arg-type]
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "17"
    assert {k: response.headers[k] for k in limits} == limits
    body = response.body
    assert ("error" in body) if shape == "openai" else (body["Code"] == "TooManyRequestsError")
