"""The Lambda adapter: hands a finished turn's deep analysis to an asynchronous invocation.

The invocation is one signed HTTP request (Lambda's ``Invoke`` API with ``X-Amz-Invocation-Type: Event``)
sent by `EventInvoker`, with botocore's own SigV4 signer and HTTP session. A boto3 Lambda client would
do the same, but building one loads Lambda's whole service model, which costs a cold start about as
much as the turn's DynamoDB client does.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.exceptions import BotoCoreError, ClientError
from botocore.httpsession import URLLib3Session

from chalicelib.models import TurnRecord

log = logging.getLogger(__name__)

API_VERSION = "2015-03-31"
# An Event invocation is queued by Lambda at once: waiting long for it would only delay the reply.
CONNECT_TIMEOUT_S = 2.0
READ_TIMEOUT_S = 5.0


class EventInvoker:
    """``invoke(FunctionName=..., InvocationType="Event", Payload=...)``, as boto3's Lambda client has it.

    ``credentials`` returns botocore credentials (``boto3.Session().get_credentials``); a response other
    than 202 raises botocore's `ClientError` with Lambda's error code, as the client would.
    """

    def __init__(self, credentials: Callable[[], Any], region: str, endpoint_url: str | None = None) -> None:
        self._credentials = credentials
        self._region = region
        self._endpoint = (endpoint_url or f"https://lambda.{region}.amazonaws.com").rstrip("/")
        self._http = URLLib3Session(timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))

    def invoke(self, *, FunctionName: str, InvocationType: str, Payload: str | bytes) -> dict[str, Any]:
        if InvocationType != "Event":
            raise ValueError("only asynchronous (Event) invocations are sent this way")
        url = f"{self._endpoint}/{API_VERSION}/functions/{quote(FunctionName, safe='')}/invocations"
        body = Payload.encode() if isinstance(Payload, str) else Payload
        request = AWSRequest(method="POST", url=url, data=body,
                             headers={"X-Amz-Invocation-Type": "Event", "Content-Type": "application/json"})
        credentials = self._credentials()
        if credentials is None:
            raise ClientError({"Error": {"Code": "NoCredentials", "Message": "no AWS credentials found"}}, "Invoke")
        SigV4Auth(credentials.get_frozen_credentials(), "lambda", self._region).add_auth(request)
        response = self._http.send(request.prepare())
        if response.status_code != 202:
            raise ClientError({"Error": {"Code": _error_code(response), "Message": f"HTTP {response.status_code}"},
                               "ResponseMetadata": {"HTTPStatusCode": response.status_code}}, "Invoke")
        return {"StatusCode": 202}


def _error_code(response: Any) -> str:
    """Lambda names its error in ``x-amzn-ErrorType`` (``ResourceNotFoundException:http://...``)."""
    header = response.headers.get("x-amzn-ErrorType") or ""
    return header.split(":", 1)[0] or f"HTTP{response.status_code}"


class LambdaAnalysisTrigger:
    """An ``after_turn`` hook that invokes the analysis function with ``InvocationType="Event"``."""

    def __init__(self, client: Any, function_name: str) -> None:
        self._client = client
        self._function = function_name

    def __call__(self, record: TurnRecord, deadline: float | None = None) -> None:
        """Start the analysis; the invoked function runs under its own deadline, not the turn's."""
        payload = {"tenant": record.tenant, "user_id": record.user_id, "session_id": record.session.session_id}
        try:
            self._client.invoke(FunctionName=self._function, InvocationType="Event", Payload=json.dumps(payload))
        except (ClientError, BotoCoreError) as exc:
            # The turn is stored and its session is in the pending index: the nightly pass picks it up.
            code = exc.response["Error"]["Code"] if isinstance(exc, ClientError) else type(exc).__name__
            log.warning("could not start deep analysis, it stays pending: %s", code)
