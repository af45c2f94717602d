"""Keep moto's TransactWriteItems cheap: roll back the items a transaction touches, not a table copy.

moto 5 deep-copies the whole table once per action of a TransactWriteItems, before running any of
them, so that it can restore the table if the transaction fails. With a conversation's partition of
some thousand items, those copies make the 500-turn benchmark quadratic. Here the copy is skipped and,
instead, the items the transaction names are read before it runs and put back (or deleted, if they
did not exist) when it fails: the same rollback, at the cost of the transaction's own items.
Nothing that is measured changes: requests, bodies and item sizes are the same; only moto's time.
"""

from __future__ import annotations

import copy
import importlib
from typing import Any

_Touched = list[tuple[str, dict[str, Any], dict[str, Any] | None]]


class _NoTableCopies:
    """Stands in for the ``copy`` module inside ``moto.dynamodb.models`` while a transaction runs."""

    def __init__(self, table_type: type) -> None:
        self._table_type = table_type
        self.active = False

    def deepcopy(self, obj: Any, memo: dict[int, Any] | None = None) -> Any:
        if self.active and isinstance(obj, self._table_type):
            return obj  # the rollback restores the touched items instead
        return copy.deepcopy(obj, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def one_snapshot_per_transaction() -> None:
    """Patch moto (idempotent); call before the first transaction."""
    models: Any = importlib.import_module("moto.dynamodb.models")
    backend: Any = models.DynamoDBBackend
    if getattr(backend.transact_write_items, "_touched_rollback", False):
        return
    shim = _NoTableCopies(models.Table)
    models.copy = shim
    original = backend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        try:
            touched = _touched(self, transact_items)
        except Exception:  # an unknown table or a malformed action: let moto answer as it does
            return original(self, transact_items)  # type: ignore[no-any-return]
        shim.active = True
        try:
            original(self, transact_items)
        except Exception:
            _restore(self, touched)
            raise
        finally:
            shim.active = False

    transact_write_items._touched_rollback = True  # type: ignore[attr-defined]
    backend.transact_write_items = transact_write_items


def _touched(backend: Any, transact_items: list[dict[str, Any]]) -> _Touched:
    """Each item the transaction names, as it is now (None when absent)."""
    touched: _Touched = []
    for action in transact_items:
        op = next(iter(action.values()))
        table = backend.get_table(op["TableName"])
        names = [n for n in (table.hash_key_attr, table.range_key_attr) if n]
        key = op["Key"] if "Key" in op else {n: op["Item"][n] for n in names}
        current = backend.get_item(op["TableName"], key)
        touched.append((op["TableName"], key, copy.deepcopy(current.to_json()["Attributes"]) if current else None))
    return touched


def _restore(backend: Any, touched: _Touched) -> None:
    for table_name, key, before in reversed(touched):
        if before is None:
            backend.delete_item(table_name, key)
        else:
            backend.put_item(table_name, before)


class DirectReads:
    """A DynamoDB client for the meter's own look-ups whose ``get_item`` reads moto's tables directly.

    The meter reads the item before and after every write; through the client, each of those reads
    would go through moto's request parsing and response serialization, most of the benchmark's time.
    Everything else goes to ``client``.
    """

    def __init__(self, client: Any, account: str = "123456789012", region: str = "us-east-1") -> None:
        self._client = client
        self._account = account
        self._region = region

    def get_item(self, TableName: str, Key: dict[str, Any], **_: Any) -> dict[str, Any]:
        backends: Any = importlib.import_module("moto.dynamodb.models").dynamodb_backends
        item = backends[self._account][self._region].get_item(TableName, Key)
        return {"Item": copy.deepcopy(item.to_json()["Attributes"])} if item is not None else {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)
