"""The DeepSeek key read from SSM by one signed request, against moto's server on 127.0.0.1.

``dynamodb`` starts moto in-process (and resets it for each test); the server answers from that state.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import boto3
import pytest
from botocore.exceptions import ClientError

from chalicelib.aws.signed import ParameterReader, SignedService
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.deepseek.parameters import SSMKey
from chalicelib.errors import OperatorError
from chalicelib.models import ChatMessage, ChatRequest
from tests.deepseek_stub import DeepSeekStub, answer

PARAMETER = "/luminora/dev/deepseek-api-key"


def _ssm(url: str) -> Any:
    return boto3.client("ssm", endpoint_url=url, region_name="us-east-1")


def _reader(url: str) -> ParameterReader:
    return ParameterReader(SignedService("ssm", "us-east-1", boto3.Session().get_credentials, url))


def test_a_secure_string_is_read_decrypted_and_a_rotation_after_max_age(dynamodb: Any, moto_server: str) -> None:
    _ssm(moto_server).put_parameter(Name=PARAMETER, Value="sk-first", Type="SecureString")
    key = SSMKey(_reader(moto_server), PARAMETER, max_age=300)
    assert key() == "sk-first"
    _ssm(moto_server).put_parameter(Name=PARAMETER, Value="sk-rotated", Type="SecureString", Overwrite=True)
    assert key() == "sk-first"  # cached for max_age
    assert key(refresh=True) == "sk-rotated"  # what a 401 from DeepSeek asks for


def test_a_missing_parameter_names_itself_and_the_code_never_a_value(dynamodb: Any, moto_server: str) -> None:
    with pytest.raises(OperatorError) as caught:
        SSMKey(_reader(moto_server), PARAMETER, max_age=300)()
    assert PARAMETER in str(caught.value) and "ParameterNotFound" in str(caught.value)


def test_the_services_read_the_key_from_the_configured_endpoint_and_send_it_to_deepseek(
    dynamodb: Any, moto_server: str, deepseek_stub: DeepSeekStub
) -> None:
    _ssm(moto_server).put_parameter(Name=PARAMETER, Value="sk-from-ssm", Type="SecureString")
    settings = Settings(table_name="unused", deepseek_api_key_parameter=PARAMETER, ssm_endpoint_url=moto_server,
                        deepseek_base_url=deepseek_stub.url, analysis_mode="off")
    services = build_services(settings, dynamodb_client=boto3.client("dynamodb", endpoint_url=moto_server,
                                                                     region_name="us-east-1"))
    deepseek_stub.script(answer("Hello."))
    request = ChatRequest(messages=(ChatMessage("user", "Hi"),), temperature=0.7, max_tokens=20, end_user="u")
    reply = services.chat_model.complete(request)
    assert reply.text == "Hello."
    (sent,) = deepseek_stub.requests
    assert sent.headers["Authorization"] == "Bearer sk-from-ssm"
    assert "sk-from-ssm" not in repr(services.chat_model)


class _Answers(BaseHTTPRequestHandler):
    """Answers each request with the next of ``script`` (status, JSON body), the last one again after."""

    script: ClassVar[list[tuple[int, dict[str, Any]]]] = []
    seen: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append(self.headers["X-Amz-Target"])
        status, body = self.script[min(len(self.seen), len(self.script)) - 1]
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def answers() -> Iterator[tuple[type[_Answers], str]]:
    _Answers.script, _Answers.seen = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield _Answers, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


THROTTLED = (400, {"__type": "ThrottlingException", "message": "Rate exceeded"})
FOUND = (200, {"Parameter": {"Name": PARAMETER, "Type": "SecureString", "Value": "sk-after-throttling"}})


def _reading(url: str, slept: list[float]) -> ParameterReader:
    credentials = boto3.Session().get_credentials
    return ParameterReader(SignedService("ssm", "us-east-1", credentials, url, sleep=slept.append))


def test_a_throttled_read_is_tried_again_and_succeeds(answers: tuple[type[_Answers], str]) -> None:
    stub, url = answers
    stub.script = [THROTTLED, THROTTLED, FOUND]
    slept: list[float] = []
    found = _reading(url, slept).get_parameter(Name=PARAMETER, WithDecryption=True)
    assert found["Parameter"]["Value"] == "sk-after-throttling"
    assert stub.seen == ["AmazonSSM.GetParameter"] * 3 and slept == [0.1, 0.2]


@pytest.mark.parametrize(("answer", "tries"), [(THROTTLED, 3), ((400, {"__type": "ValidationException"}), 1)])
def test_a_read_gives_up_after_three_tries_and_a_client_error_at_once(
    answers: tuple[type[_Answers], str], answer: tuple[int, dict[str, Any]], tries: int
) -> None:
    stub, url = answers
    stub.script = [answer]
    with pytest.raises(ClientError) as caught:
        _reading(url, []).get_parameter(Name=PARAMETER, WithDecryption=True)
    assert caught.value.response["Error"]["Code"] == answer[1]["__type"]
    assert len(stub.seen) == tries
