"""Counts every DynamoDB request of a boto3 client through botocore's event hooks, and prices it.

`DynamoMeter.attach` registers on ``before-call.dynamodb`` and ``after-call.dynamodb`` of a client's
(or a session's) event system, so it sees each API call whoever makes it, with the request and
response bodies as they go over the wire. Capacity is priced from item sizes (`bench.capacity`), not
from ``ConsumedCapacity``, which moto fills with a constant. Where the wire does not show the whole
item a rule needs (the item before a write, the full item behind a projection or a filter), the
meter reads it through a second, unhooked client: those look-ups are measurement and are not counted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bench import capacity
from bench.capacity import TableSpec
from bench.itemsize import WireItem, item_size

_NARROWING = ("FilterExpression", "ProjectionExpression", "AttributesToGet", "Select", "QueryFilter", "ScanFilter")
_PLACEHOLDER = re.compile(r"[#:][A-Za-z0-9_]+")


@dataclass
class Call:
    """One DynamoDB API call and what it cost."""

    operation: str
    phase: str
    status: int
    sent_bytes: int
    received_bytes: int
    read_bytes: int = 0
    written_bytes: int = 0
    rcu: float = 0.0
    wcu: float = 0.0
    index_wcu: float = 0.0


@dataclass(frozen=True)
class _Write:
    table: str
    key: WireItem
    kind: str  # put, update, delete or check
    item: WireItem | None = None
    transactional: bool = False


@dataclass
class _Pending:
    body: dict[str, Any]
    sent: int
    writes: list[_Write] = field(default_factory=list)
    before: list[WireItem | None] = field(default_factory=list)


class DynamoMeter:
    """Records a `Call` for every DynamoDB request, tagged with the phase it happened in."""

    def __init__(self, shadow: Any) -> None:
        self._shadow = shadow
        self._tables: dict[str, TableSpec] = {}
        self.phase = "setup"
        self.calls: list[Call] = []
        self._drained = 0

    def attach(self, events: Any) -> None:
        """Hook into a botocore event system (``client.meta.events`` or a session's ``events``)."""
        events.register("before-call.dynamodb", self._before)
        events.register("after-call.dynamodb", self._after)

    @contextmanager
    def phase_of(self, name: str) -> Iterator[None]:
        """Tag the calls made inside the block with ``name``."""
        previous, self.phase = self.phase, name
        try:
            yield
        finally:
            self.phase = previous

    def drain(self) -> list[Call]:
        """The calls recorded since the last drain."""
        fresh = self.calls[self._drained :]
        self._drained = len(self.calls)
        return fresh

    # -- hooks ---------------------------------------------------------------------------------

    def _before(self, params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        raw = params.get("body") or b""
        raw = raw.encode() if isinstance(raw, str) else raw
        pending = _Pending(json.loads(raw) if raw else {}, len(raw))
        pending.writes = _writes(model.name, pending.body, self._spec)
        pending.before = [self._fetch(w.table, w.key) for w in pending.writes]
        context["bench_meter"] = pending

    def _after(self, http_response: Any, model: Any, context: dict[str, Any], **_: Any) -> None:
        pending: _Pending | None = context.pop("bench_meter", None)
        if pending is None:
            return
        raw = http_response.content or b""
        call = Call(model.name, self.phase, http_response.status_code, pending.sent, len(raw))
        ok = http_response.status_code == 200
        response = json.loads(raw) if raw and ok else {}
        if pending.writes:
            self._price_writes(call, pending, ok)
        elif ok:
            self._price_read(call, model.name, pending.body, response)
        self.calls.append(call)

    # -- pricing -------------------------------------------------------------------------------

    def _price_writes(self, call: Call, pending: _Pending, ok: bool) -> None:
        for write, before in zip(pending.writes, pending.before, strict=True):
            after = self._after_image(write) if ok else before
            sized_after = after if ok else (write.item or before)
            call.wcu += capacity.write_units(before, sized_after, transactional=write.transactional)
            if ok and write.kind != "check":
                call.index_wcu += capacity.index_write_units(self._spec(write.table), before, after)
                call.written_bytes += item_size(after) if after else 0

    def _price_read(self, call: Call, operation: str, body: dict[str, Any], response: dict[str, Any]) -> None:
        if operation == "GetItem":
            item = self._fetch(body["TableName"], body["Key"]) if _narrowed(body) else response.get("Item")
            sizes = [item_size(item) if item else 0]
            call.rcu = capacity.item_read_units(sizes, capacity.read_factor(consistent=_consistent(body)))
        elif operation in ("Query", "Scan"):
            items = self._evaluated(operation, body) if _narrowed(body) else response.get("Items", [])
            sizes = [item_size(i) for i in items]
            call.rcu = capacity.query_read_units(sizes, capacity.read_factor(consistent=_consistent(body)))
        elif operation == "BatchGetItem":
            sizes, call.rcu = self._batch_get(body)
        elif operation == "TransactGetItems":
            gets = [g["Get"] for g in body["TransactItems"]]
            sizes = [self._size_of(g["TableName"], g["Key"]) for g in gets]
            call.rcu = capacity.item_read_units(sizes, capacity.read_factor(consistent=True, transactional=True))
        else:
            return
        call.read_bytes = sum(sizes)

    def _batch_get(self, body: dict[str, Any]) -> tuple[list[int], float]:
        sizes: list[int] = []
        units = 0.0
        for table, request in body["RequestItems"].items():
            found = [self._size_of(table, key) for key in request["Keys"]]
            units += capacity.item_read_units(found, capacity.read_factor(consistent=_consistent(request)))
            sizes.extend(found)
        return sizes, units

    def _evaluated(self, operation: str, body: dict[str, Any]) -> list[WireItem]:
        """Every item a narrowed Query/Scan read, by running it again without the narrowing."""
        kwargs = {k: v for k, v in body.items() if k not in _NARROWING and k != "ReturnConsumedCapacity"}
        used = set(_PLACEHOLDER.findall(kwargs.get("KeyConditionExpression", "")))
        for name in ("ExpressionAttributeNames", "ExpressionAttributeValues"):
            kept = {k: v for k, v in kwargs.pop(name, {}).items() if k in used}
            if kept:
                kwargs[name] = kept
        page = self._shadow.query(**kwargs) if operation == "Query" else self._shadow.scan(**kwargs)
        return list(page.get("Items", []))

    # -- look-ups through the unhooked client ----------------------------------------------------

    def _fetch(self, table: str, key: WireItem) -> WireItem | None:
        found = self._shadow.get_item(TableName=table, Key=dict(key), ConsistentRead=True)
        item: WireItem | None = found.get("Item")
        return item

    def _after_image(self, write: _Write) -> WireItem | None:
        """A put leaves exactly the item it sent; anything else is read back."""
        if write.kind == "put":
            return write.item
        return None if write.kind in ("delete", "check") else self._fetch(write.table, write.key)

    def _size_of(self, table: str, key: WireItem) -> int:
        item = self._fetch(table, key)
        return item_size(item) if item else 0

    def _spec(self, table: str) -> TableSpec:
        if table not in self._tables:
            self._tables[table] = TableSpec.from_description(self._shadow.describe_table(TableName=table)["Table"])
        return self._tables[table]


def _writes(operation: str, body: dict[str, Any], spec: Any) -> list[_Write]:
    """The item writes one request asks for, with the key of each item."""
    if operation == "PutItem":
        return [_put(body, spec, transactional=False)]
    if operation in ("UpdateItem", "DeleteItem"):
        kind = "update" if operation == "UpdateItem" else "delete"
        return [_Write(body["TableName"], body["Key"], kind)]
    if operation == "BatchWriteItem":
        return [_batch_write(table, request, spec) for table, requests in body["RequestItems"].items()
                for request in requests]
    if operation == "TransactWriteItems":
        return [_transact_write(action, spec) for action in body["TransactItems"]]
    return []


def _put(put: dict[str, Any], spec: Any, *, transactional: bool) -> _Write:
    table = put["TableName"]
    key = {k: put["Item"][k] for k in spec(table).keys}
    return _Write(table, key, "put", put["Item"], transactional)


def _batch_write(table: str, request: dict[str, Any], spec: Any) -> _Write:
    if "PutRequest" in request:
        return _put({"TableName": table, **request["PutRequest"]}, spec, transactional=False)
    return _Write(table, request["DeleteRequest"]["Key"], "delete")


def _transact_write(action: dict[str, Any], spec: Any) -> _Write:
    ((verb, detail),) = action.items()
    if verb == "Put":
        return _put(detail, spec, transactional=True)
    kind = {"Update": "update", "Delete": "delete", "ConditionCheck": "check"}[verb]
    return _Write(detail["TableName"], detail["Key"], kind, None, True)


def _narrowed(body: dict[str, Any]) -> bool:
    return any(k in body for k in _NARROWING) and body.get("Select") != "ALL_ATTRIBUTES"


def _consistent(body: dict[str, Any]) -> bool:
    return bool(body.get("ConsistentRead")) and "IndexName" not in body
