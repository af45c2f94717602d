"""Secrets from SSM Parameter Store, read through an injected boto3 ``ssm`` client."""

from __future__ import annotations

from typing import Any

from chalicelib.errors import OperatorError


def read_secure_string(ssm_client: Any, name: str) -> str:
    """The decrypted value of the SecureString parameter ``name``.

    Failures name the parameter and the AWS error code, never a value, for the operator's log.
    """
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        found = ssm_client.get_parameter(Name=name, WithDecryption=True)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "ClientError")
        raise OperatorError(
            f"the DeepSeek key could not be read from SSM parameter {name!r} ({code}): the operator must create "
            "it as a SecureString and let the function call ssm:GetParameter on it"
        ) from exc
    except BotoCoreError as exc:
        raise OperatorError(
            f"the DeepSeek key could not be read from SSM parameter {name!r} ({type(exc).__name__})"
        ) from exc
    value = str(found["Parameter"]["Value"]).strip()
    if not value:
        raise OperatorError(f"SSM parameter {name!r} is empty: the operator must store the DeepSeek key in it")
    return value
