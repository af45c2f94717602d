"""The DeepSeek key: read from SSM and cached for `max_age`, re-read on a 401, sent only as a bearer token."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import boto3
import pytest

import app as app_module
from chalicelib.bootstrap import build_services
from chalicelib.config import Settings
from chalicelib.dynamodb.apikeys import DynamoApiKeyStore
from chalicelib.errors import OperatorError
from chalicelib.models import ChatMessage, ChatRequest
from chalicelib.usecases.access import Access
from scripts.stack import ROOT
from scripts.table import create_table
from tests.conftest import TABLE, table_items
from tests.deepseek_stub import DeepSeekStub, Step, answer, fail, hang_up, raw, stall
from tests.fakes import FakeClock
from tests.integration.conftest import KeyedClient
from tests.integration.test_deepseek_routes import KEY, post, stub_settings

PARAMETER = "/luminora/test/deepseek-api-key"
SSM_KEY = "sk-from-ssm-9e2b71c4d0a5"


@pytest.fixture
def captured_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every log record at DEBUG, the app's own logger included (Chalice stops it propagating)."""
    app_module.app.log.addHandler(caplog.handler)
    with caplog.at_level(logging.DEBUG):
        yield caplog
    app_module.app.log.removeHandler(caplog.handler)


def _use(services_settings: dict[str, Any], dynamodb: Any, ssm: Any = None) -> KeyedClient:
    values = {"table_name": TABLE, "api_keys": f"{KEY_FOR_APP}=default", **services_settings}
    app_module.set_services(build_services(Settings(**values), dynamodb_client=dynamodb, ssm_client=ssm))
    return KeyedClient(app_module.app, KEY_FOR_APP)


# A vendor error that quotes the key back is the worst case; none of it may travel further.
MODES: list[Step] = [answer("All good."), fail(401, message=f"Authentication Fails, Your api key: {KEY} is invalid"),
                     fail(402), fail(500), fail(429, retry_after=1), stall(), raw(KEY.encode()), hang_up()]


def test_the_key_never_reaches_logs_error_bodies_or_the_table(
    dynamodb: Any, deepseek_stub: DeepSeekStub, captured_logs: pytest.LogCaptureFixture
) -> None:
    client = _use(stub_settings(deepseek_stub), dynamodb)
    bodies = []
    for step in MODES:
        deepseek_stub.script(step)
        response = post(client)
        bodies.append(response.body.decode() + json.dumps(dict(response.headers)))
    app_module.set_services(None)
    assert any('"Code"' in body for body in bodies), "the failure modes produced error bodies"
    assert "upstream failure" in captured_logs.text, "the app's own log lines were captured"
    assert "HTTP/1.1" in captured_logs.text, "urllib3's debug lines were captured"
    assert KEY not in captured_logs.text
    assert not [body for body in bodies if KEY in body]
    assert KEY not in json.dumps(table_items(dynamodb))
    assert KEY not in repr(app_module.get_services) and KEY not in repr(Settings(deepseek_api_key=KEY))


def test_the_stub_only_ever_sees_the_key_in_the_authorization_header(
    dynamodb: Any, deepseek_stub: DeepSeekStub
) -> None:
    client = _use(stub_settings(deepseek_stub), dynamodb)
    for message in (f"my key is {KEY[:6]}? no", "Hello!", "Tell me about json please"):
        post(client, message)
    app_module.set_services(None)
    chat_calls = [r for r in deepseek_stub.requests if "response_format" not in r.json]
    assert len(chat_calls) == 3, "one chat call per turn; deep analysis adds JSON-mode calls, checked too"
    for request in deepseek_stub.requests:
        assert request.headers["Authorization"] == f"Bearer {KEY}"
        others = {name: value for name, value in request.headers.items() if name != "Authorization"}
        assert KEY not in json.dumps(others)
        assert KEY.encode() not in request.body
        assert KEY not in request.path


@pytest.fixture
def ssm(dynamodb: Any) -> Any:
    """moto's SSM, inside the same `mock_aws` as the table."""
    return boto3.client("ssm", region_name="us-east-1")


def _ssm_settings(stub: DeepSeekStub) -> dict[str, Any]:
    return {**stub_settings(stub), "deepseek_api_key": None, "deepseek_api_key_parameter": PARAMETER}


def test_in_aws_the_key_comes_from_the_ssm_secure_string(
    dynamodb: Any, ssm: Any, deepseek_stub: DeepSeekStub
) -> None:
    ssm.put_parameter(Name=PARAMETER, Value=f"{SSM_KEY}\n", Type="SecureString")
    client = _use(_ssm_settings(deepseek_stub), dynamodb, ssm)
    assert post(client).status_code == 200
    app_module.set_services(None)
    assert deepseek_stub.requests[0].headers["Authorization"] == f"Bearer {SSM_KEY}"


def test_the_key_is_read_once_per_container(dynamodb: Any, ssm: Any, deepseek_stub: DeepSeekStub) -> None:
    ssm.put_parameter(Name=PARAMETER, Value=SSM_KEY, Type="SecureString")
    client = _use(_ssm_settings(deepseek_stub), dynamodb, ssm)
    statuses = [post(client, "Hi!").status_code]
    ssm.delete_parameter(Name=PARAMETER)  # later turns must not need SSM any more
    statuses += [post(client, text).status_code for text in ("How are you?", "Bye!")]
    app_module.set_services(None)
    assert statuses == [200, 200, 200]
    assert {r.headers["Authorization"] for r in deepseek_stub.requests} == {f"Bearer {SSM_KEY}"}


KEY_FOR_APP = "luminora-test-key"


def _dev_client(dynamodb: Any) -> KeyedClient:
    """The app as the dev stage runs it, called with a key created in the dev table (as the keys command does)."""
    store = DynamoApiKeyStore(dynamodb, _stage("dev")["DYNAMODB_TABLE_NAME"])
    key, _ = Access(store, {}, clock=FakeClock()).create("acme", "test")
    return KeyedClient(app_module.app, key, stage_name="dev")


def _stage(name: str) -> dict[str, str]:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return dict(config["stages"][name]["environment_variables"])


@pytest.fixture
def dev_stage(
    dynamodb: Any, deepseek_stub: DeepSeekStub, moto_server: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The dev stage's environment, as `chalice.test.Client` applies it, with DeepSeek at the stub and SSM
    at moto's server (the app's own boto3 client, pointed there by the variable boto3 honours)."""
    create_table(dynamodb, _stage("dev")["DYNAMODB_TABLE_NAME"])
    monkeypatch.setenv("DEEPSEEK_BASE_URL", deepseek_stub.url)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSM", moto_server)
    monkeypatch.delenv("DEEPSEEK_API_KEY", raising=False)
    app_module.set_services(None)
    yield _stage("dev")["DEEPSEEK_API_KEY_PARAMETER"]
    app_module.set_services(None)


def test_the_dev_stage_reads_its_key_from_its_parameter(
    dev_stage: str, ssm: Any, deepseek_stub: DeepSeekStub, dynamodb: Any
) -> None:
    ssm.put_parameter(Name=dev_stage, Value=SSM_KEY, Type="SecureString")
    response = post(_dev_client(dynamodb))
    assert response.status_code == 200, response.body
    assert deepseek_stub.requests[0].headers["Authorization"] == f"Bearer {SSM_KEY}"


def test_a_missing_parameter_is_a_generic_502_and_only_the_log_names_it(
    dev_stage: str, ssm: Any, deepseek_stub: DeepSeekStub, dynamodb: Any, captured_logs: pytest.LogCaptureFixture
) -> None:
    client = _dev_client(dynamodb)
    response = post(client)
    assert response.status_code == 502
    message = response.json_body["Message"]
    assert "request id" in message and dev_stage not in message and "ParameterNotFound" not in message
    assert dev_stage in captured_logs.text and "ParameterNotFound" in captured_logs.text
    assert deepseek_stub.requests == []
    stored = dynamodb.scan(TableName=_stage("dev")["DYNAMODB_TABLE_NAME"])["Items"]
    # The tenant's count of turns in flight is back at 0: its slot was given back.
    assert [i["entity_type"]["S"] for i in stored if i.get("turns") != {"N": "0"}] == ["api_key"]
    ssm.put_parameter(Name=dev_stage, Value=SSM_KEY, Type="SecureString")
    assert post(client).status_code == 200, "once the operator creates it, the next request works"


ROTATED_KEY = "sk-rotated-51f0c9a7e3b2"


def _rotate(ssm: Any) -> None:
    ssm.put_parameter(Name=PARAMETER, Value=ROTATED_KEY, Type="SecureString", Overwrite=True)


def _bearers(stub: DeepSeekStub) -> list[str]:
    return [r.headers["Authorization"].removeprefix("Bearer ") for r in stub.requests]


def test_a_rotated_key_is_used_once_the_cached_one_is_older_than_max_age(
    dynamodb: Any, ssm: Any, deepseek_stub: DeepSeekStub
) -> None:
    import time_machine

    ssm.put_parameter(Name=PARAMETER, Value=SSM_KEY, Type="SecureString")
    with time_machine.travel(FakeClock().now(), tick=True) as traveller:
        settings = {**_ssm_settings(deepseek_stub), "deepseek_key_max_age_seconds": 300, "analysis_mode": "off"}
        client = _use(settings, dynamodb, ssm)
        assert post(client, "Hi!").status_code == 200
        _rotate(ssm)
        assert post(client, "Still there?").status_code == 200
        traveller.shift(301)
        assert post(client, "And now?").status_code == 200
    app_module.set_services(None)
    assert _bearers(deepseek_stub) == [SSM_KEY, SSM_KEY, ROTATED_KEY]


def test_a_401_reads_the_key_again_and_retries_once_with_the_new_one(
    dynamodb: Any, ssm: Any, deepseek_stub: DeepSeekStub
) -> None:
    ssm.put_parameter(Name=PARAMETER, Value=SSM_KEY, Type="SecureString")
    client = _use({**_ssm_settings(deepseek_stub), "analysis_mode": "off"}, dynamodb, ssm)
    deepseek_stub.script(answer("Hi."), fail(401), answer("Welcome back."))
    assert post(client, "Hi!").status_code == 200  # the first call reads the key
    _rotate(ssm)  # DeepSeek refuses the old key from now on; the cached copy has not expired
    response = post(client, "Hello?")
    app_module.set_services(None)
    assert response.status_code == 200, response.body
    assert _bearers(deepseek_stub) == [SSM_KEY, SSM_KEY, ROTATED_KEY]


def test_a_401_with_an_unchanged_key_is_a_502_after_one_call(
    dynamodb: Any, ssm: Any, deepseek_stub: DeepSeekStub
) -> None:
    ssm.put_parameter(Name=PARAMETER, Value=SSM_KEY, Type="SecureString")
    client = _use({**_ssm_settings(deepseek_stub), "analysis_mode": "off"}, dynamodb, ssm)
    deepseek_stub.script(fail(401), answer("never sent"))
    response = post(client, "Hello?")
    app_module.set_services(None)
    assert response.status_code == 502 and "rejected the API key" in response.json_body["Message"]
    assert _bearers(deepseek_stub) == [SSM_KEY]


class _SSMAnswers(BaseHTTPRequestHandler):
    """Answers each SSM request with the next of ``script`` (status, JSON body), the last one again after."""

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
def ssm_answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_SSMAnswers]]:
    """A scripted SSM on 127.0.0.1, where the services' own SSM client is sent."""
    _SSMAnswers.script, _SSMAnswers.seen = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SSMAnswers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSM", f"http://127.0.0.1:{server.server_address[1]}")
    yield _SSMAnswers
    server.shutdown()
    server.server_close()


THROTTLED = (400, {"__type": "ThrottlingException", "message": "Rate exceeded"})
FOUND = (200, {"Parameter": {"Name": PARAMETER, "Type": "SecureString", "Value": "sk-after-throttling"}})


def _chat(services: Any) -> Any:
    request = ChatRequest(messages=(ChatMessage("user", "Hi"),), temperature=0.7, max_tokens=20, end_user="u")
    return services.chat_model.complete(request)


def _ssm_services(dynamodb: Any, stub: DeepSeekStub) -> Any:
    settings = {**_ssm_settings(stub), "table_name": TABLE, "analysis_mode": "off"}
    return build_services(Settings(**settings), dynamodb_client=dynamodb)


def test_ssm_is_only_called_by_the_first_deepseek_call_and_a_throttled_read_is_tried_again(
    dynamodb: Any, deepseek_stub: DeepSeekStub, ssm_answers: type[_SSMAnswers]
) -> None:
    ssm_answers.script = [THROTTLED, THROTTLED, FOUND]
    services = _ssm_services(dynamodb, deepseek_stub)
    assert ssm_answers.seen == [], "building the services reads nothing from SSM"
    deepseek_stub.script(answer("Hello."), answer("Hello again."))
    assert _chat(services).text == "Hello." and _chat(services).text == "Hello again."
    assert ssm_answers.seen == ["AmazonSSM.GetParameter"] * 3  # boto3's standard retries, then cached
    assert _bearers(deepseek_stub) == ["sk-after-throttling"] * 2


@pytest.mark.parametrize(("failure", "tries"), [(THROTTLED, 3), ((400, {"__type": "ValidationException"}), 1)])
def test_a_read_gives_up_after_its_attempts_and_a_client_error_at_once_naming_the_code(
    dynamodb: Any, deepseek_stub: DeepSeekStub, ssm_answers: type[_SSMAnswers],
    failure: tuple[int, dict[str, Any]], tries: int
) -> None:
    ssm_answers.script = [failure]
    with pytest.raises(OperatorError) as caught:
        _chat(_ssm_services(dynamodb, deepseek_stub))
    assert PARAMETER in str(caught.value) and failure[1]["__type"] in str(caught.value)
    assert len(ssm_answers.seen) == tries and deepseek_stub.requests == []
