"""Keep moto cheap where the benchmarks lean on it; nothing that is measured changes, only moto's time.

moto 5 is faithful but slow in three places that a 500-turn conversation in one partition hits on
every request:

- TransactWriteItems deep-copies the whole table once per action, before running any of them, so
  that it can restore the table if the transaction fails. `one_snapshot_per_transaction` skips the
  copy and, instead, reads the items the transaction names before it runs and puts them back (or
  deletes them, if they did not exist) when it fails: the same rollback, at the cost of the
  transaction's own items.
- Query sorts every item of the table, then walks the whole partition, sizing each item, to find the
  few that match. `partition_queries` hands moto's own query code only the queried partition's items
  that match the key condition, already in key order: the same items, pages and counts.
- Every response is written by a generic serializer that walks the output shape value by value.
  `plain_json_results` writes the item-bearing results with the `json.dumps` call that serializer
  ends with, on the same dict in the same order, so the body is the same text.

Requests, bodies and item sizes are the same; `tests/integration/test_bench.py` compares each
shortcut with moto's own path.
"""

from __future__ import annotations

import base64
import copy
import importlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def partition_queries() -> Iterator[None]:
    """Inside the block, a table Query reads only its partition's matching items (see the module)."""
    table_type: Any = importlib.import_module("moto.dynamodb.models.table").Table
    get_comparison_func: Any = importlib.import_module("moto.dynamodb.comparisons").get_comparison_func
    original = table_type.query

    def query(self: Any, hash_key: Any, range_comparison: Any, range_objs: Any, limit: Any, start: Any,
              forward: Any, projections: Any, index_name: Any = None, *args: Any, **kwargs: Any) -> Any:
        fixed = (limit, start, forward, projections, index_name, *args)
        legacy_filter = set(kwargs) - {"hash_key_conditions", "range_key_conditions"}
        if index_name or hash_key is None or self.range_key_attr is None or legacy_filter \
                or len(kwargs.get("range_key_conditions") or ()) > 1:
            return original(self, hash_key, range_comparison, range_objs, *fixed, **kwargs)
        keyed = [(_cast(i.range_key), i) for i in self.items.get(hash_key, {}).values()]
        if range_comparison:  # what `DynamoType.compare` does, with each value cast once
            matches, bounds = get_comparison_func(range_comparison), [_cast(r) for r in range_objs]
            keyed = [(key, i) for key, i in keyed if matches(key, *bounds)]
        keyed.sort(key=lambda pair: pair[0])
        items = [i for _, i in keyed]
        return original(_Partition(self, items), hash_key, range_comparison, range_objs, *fixed, **kwargs)

    table_type.query = query
    try:
        yield
    finally:
        table_type.query = original


def _cast(value: Any) -> Any:
    """`DynamoType.cast_value` without its dispatch for a string, which it returns as it is."""
    return value.value if value.type == "S" else value.cast_value


class _Partition:
    """A moto table whose ``all_items`` is one partition's matching items; everything else is the table's."""

    def __init__(self, table: Any, items: list[Any]) -> None:
        self._table = table
        self._items = items

    def all_items(self) -> list[Any]:
        return self._items

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)


# Results made of strings, numbers, lists, maps and binary values (which moto's serializer base64-encodes).
_PLAIN_OPERATIONS = frozenset({"Query", "GetItem", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
                               "BatchWriteItem"})


def plain_body(operation: Any, result: Any) -> str | None:
    """The body moto's JSON serializer writes for ``result``, or None where it might write another."""
    if operation.name not in _PLAIN_OPERATIONS or not isinstance(result, dict) or operation.output_shape is None:
        return None
    members = operation.output_shape.members
    try:
        return json.dumps({name: _encoded(result[name]) for name in members if result.get(name) is not None})
    except TypeError:  # anything else that is not JSON: left to the serializer
        return None


def _encoded(value: Any) -> Any:
    """``value`` with its binary attribute values base64-encoded, as moto's serializer writes blobs."""
    if isinstance(value, dict):
        if len(value) == 1 and "B" in value and isinstance(value["B"], (str, bytes)):
            return {"B": _base64(value["B"])}
        if len(value) == 1 and "BS" in value and isinstance(value["BS"], list):
            return {"BS": [_base64(v) for v in value["BS"]]}
        return {k: _encoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encoded(v) for v in value]
    return value


def _base64(value: str | bytes) -> str:
    raw = value.encode("utf-8") if isinstance(value, str) else value
    return base64.b64encode(raw).strip().decode("utf-8")


@contextmanager
def plain_json_results() -> Iterator[None]:
    """Inside the block, DynamoDB's item-bearing results skip moto's serializer (see the module)."""
    result_type: Any = importlib.import_module("moto.dynamodb.responses").DynamoResult
    original = result_type.execute_result

    def execute_result(self: Any, context: Any) -> Any:
        body = plain_body(context.operation_model, self.result)
        if body is None:
            return original(self, context)
        version = context.service_model.metadata.get("jsonVersion", "1.0")
        return 200, {"Content-Type": f"application/x-amz-json-{version}"}, body

    result_type.execute_result = execute_result
    try:
        yield
    finally:
        result_type.execute_result = original
