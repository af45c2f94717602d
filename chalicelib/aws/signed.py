"""AWS requests signed with botocore's SigV4 signer and sent with its HTTP session, without a boto3 client.

A boto3 client loads its service's whole model when it is built; for the one call a cold start makes to
Lambda (the analysis invocation) or to SSM (the DeepSeek key), that costs more than the call. These
adapters send that call themselves and answer as the client would: the same response shape, botocore's
`ClientError` with the service's error code on failure, and its connection errors.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, AWSResponse
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as Unreachable
from botocore.httpsession import URLLib3Session

# A single call on a cold start's path: waiting long for it only delays the answer.
CONNECT_TIMEOUT_S = 2.0
READ_TIMEOUT_S = 5.0
# A throttled or failed call is tried this many times in all (SSM's GetParameter throttles when many
# containers start at once), 0.1 s then 0.2 s apart, as boto3's client would retry it.
ATTEMPTS = 3
_RETRIED_CODES = frozenset({"Throttling", "ThrottlingException", "TooManyRequestsException",
                            "RequestLimitExceeded", "ServiceUnavailable", "InternalServerError"})


class SignedService:
    """One AWS service's endpoint; ``credentials`` returns botocore credentials (``Session.get_credentials``)."""

    def __init__(
        self,
        service: str,
        region: str,
        credentials: Callable[[], Any],
        endpoint_url: str | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._service = service
        self._sleep = sleep
        self._region = region
        self._credentials = credentials
        self._endpoint = (endpoint_url or f"https://{service}.{region}.amazonaws.com").rstrip("/")
        self._http = URLLib3Session(timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))

    def send(self, operation: str, path: str, body: bytes, headers: Mapping[str, str], *, ok: int) -> AWSResponse:
        """POST ``body`` to ``path``; `ClientError` unless the status is ``ok``, after `ATTEMPTS` tries
        when the service throttles, fails with a 5xx, or cannot be reached."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self._send_once(operation, path, body, headers, ok=ok)
            except ClientError as exc:
                status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))
                if attempt == ATTEMPTS or not (exc.response["Error"]["Code"] in _RETRIED_CODES or status >= 500):
                    raise
            except (Unreachable, HTTPClientError):
                if attempt == ATTEMPTS:
                    raise
            self._sleep(0.1 * attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _send_once(
        self, operation: str, path: str, body: bytes, headers: Mapping[str, str], *, ok: int
    ) -> AWSResponse:
        request = AWSRequest(method="POST", url=self._endpoint + path, data=body, headers=dict(headers))
        credentials = self._credentials()
        if credentials is None:
            raise ClientError({"Error": {"Code": "NoCredentials", "Message": "no AWS credentials found"}}, operation)
        SigV4Auth(credentials.get_frozen_credentials(), self._service, self._region).add_auth(request)
        response = self._http.send(request.prepare())
        if response.status_code != ok:
            raise ClientError({"Error": {"Code": _error_code(response), "Message": f"HTTP {response.status_code}"},
                               "ResponseMetadata": {"HTTPStatusCode": response.status_code}}, operation)
        return response


def _error_code(response: AWSResponse) -> str:
    """The code in ``x-amzn-ErrorType`` or the JSON body's ``__type`` (``...#ParameterNotFound``)."""
    named = str(response.headers.get("x-amzn-ErrorType") or "")
    if not named:
        try:
            named = str(json.loads(response.content or b"{}").get("__type", ""))
        except (ValueError, AttributeError):
            named = ""
    return named.split(":", 1)[0].rsplit("#", 1)[-1] or f"HTTP{response.status_code}"


class EventInvoker:
    """Lambda's ``invoke(FunctionName=..., InvocationType="Event", Payload=...)``, as boto3's client has it."""

    API_VERSION = "2015-03-31"

    def __init__(self, service: SignedService) -> None:
        self._lambda = service

    def invoke(self, *, FunctionName: str, InvocationType: str, Payload: str | bytes) -> dict[str, Any]:
        if InvocationType != "Event":
            raise ValueError("only asynchronous (Event) invocations are sent this way")
        path = f"/{self.API_VERSION}/functions/{quote(FunctionName, safe='')}/invocations"
        body = Payload.encode() if isinstance(Payload, str) else Payload
        headers = {"X-Amz-Invocation-Type": "Event", "Content-Type": "application/json"}
        self._lambda.send("Invoke", path, body, headers, ok=202)
        return {"StatusCode": 202}


class ParameterReader:
    """SSM's ``get_parameter(Name=..., WithDecryption=...)``, as boto3's client has it (Powertools calls it)."""

    def __init__(self, service: SignedService) -> None:
        self._ssm = service

    def get_parameter(self, *, Name: str, WithDecryption: bool = False) -> dict[str, Any]:
        body = json.dumps({"Name": Name, "WithDecryption": WithDecryption}).encode()
        headers = {"X-Amz-Target": "AmazonSSM.GetParameter", "Content-Type": "application/x-amz-json-1.1"}
        found: dict[str, Any] = json.loads(self._ssm.send("GetParameter", "/", body, headers, ok=200).content)
        return found
