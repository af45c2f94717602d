"""The Lambda adapter: hands a finished turn's deep analysis to an asynchronous invocation.

The invocation is sent by `chalicelib.aws.signed.EventInvoker` in production (one signed request, no
boto3 Lambda client to build), or by any client with boto3's ``invoke``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.models import TurnRecord

log = logging.getLogger(__name__)


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
