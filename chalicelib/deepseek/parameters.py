"""The DeepSeek key from SSM Parameter Store, through Powertools Parameters and an injected ``ssm`` client."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalicelib.errors import OperatorError

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.parameters import SSMProvider


class SSMKey:
    """The decrypted value of a SecureString parameter, cached for ``max_age`` seconds.

    ``ssm_client`` makes the boto3 client on the first read, so that neither the client nor Powertools
    is built before a DeepSeek call needs the key. A rotated key is picked up when the cached one
    expires, or at once through ``refresh=True`` (the chat model asks for that when DeepSeek answers
    401). Failures name the parameter and the AWS error code, never a value, for the operator's log only.
    """

    def __init__(self, ssm_client: Callable[[], Any], name: str, *, max_age: int) -> None:
        self._client = ssm_client
        self._provider: SSMProvider | None = None
        self._name = name
        self._max_age = max_age

    def __repr__(self) -> str:
        return f"SSMKey(name={self._name!r}, max_age={self._max_age})"

    def __call__(self, *, refresh: bool = False) -> str:
        from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

        try:
            found = self._parameters().get(self._name, decrypt=True, max_age=self._max_age, force_fetch=refresh)
        except GetParameterError as exc:
            raise OperatorError(
                f"the DeepSeek key could not be read from SSM parameter {self._name!r} ({_code(exc)}): the operator "
                "must create it as a SecureString and let the function call ssm:GetParameter on it"
            ) from exc
        value = str(found or "").strip()
        if not value:
            raise OperatorError(
                f"SSM parameter {self._name!r} is empty: the operator must store the DeepSeek key in it"
            )
        return value

    def _parameters(self) -> SSMProvider:
        if self._provider is None:
            from aws_lambda_powertools.utilities.parameters import SSMProvider

            self._provider = SSMProvider(boto3_client=self._client())
        return self._provider


def _code(exc: BaseException) -> str:
    """The AWS error code of the failure Powertools wrapped, else its class name."""
    cause = exc.__cause__ or exc.__context__
    response = getattr(cause, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", "ClientError"))
    return type(cause).__name__ if cause is not None else type(exc).__name__
