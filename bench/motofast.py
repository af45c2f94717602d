"""Keep moto's TransactWriteItems linear: one rollback snapshot per table and transaction.

moto 5 deep-copies the whole table once per action of a TransactWriteItems, before running any of
them, so that it can restore the table if the transaction fails. The copies of one call are of the
same unchanged table, so one per table gives the same rollback; with a conversation's partition of
some thousand items, the per-action copies otherwise make the 500-turn benchmark quadratic.
Nothing that is measured changes: requests, bodies and item sizes are the same; only moto's time.
"""

from __future__ import annotations

import copy
import importlib
from typing import Any


class _OneSnapshotPerCall:
    """Stands in for the ``copy`` module inside ``moto.dynamodb.models`` while a transaction runs."""

    def __init__(self, table_type: type) -> None:
        self._table_type = table_type
        self.snapshots: dict[int, Any] | None = None

    def deepcopy(self, obj: Any, memo: dict[int, Any] | None = None) -> Any:
        if self.snapshots is None or not isinstance(obj, self._table_type):
            return copy.deepcopy(obj, memo)
        if id(obj) not in self.snapshots:
            self.snapshots[id(obj)] = copy.deepcopy(obj, memo)
        return self.snapshots[id(obj)]

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def one_snapshot_per_transaction() -> None:
    """Patch moto (idempotent); call before the first transaction."""
    models: Any = importlib.import_module("moto.dynamodb.models")
    backend: Any = models.DynamoDBBackend
    if getattr(backend.transact_write_items, "_one_snapshot", False):
        return
    shim = _OneSnapshotPerCall(models.Table)
    models.copy = shim
    original = backend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        shim.snapshots = {}
        try:
            original(self, transact_items)
        finally:
            shim.snapshots = None

    transact_write_items._one_snapshot = True  # type: ignore[attr-defined]
    backend.transact_write_items = transact_write_items
