"""Read and write capacity by DynamoDB's published rules ("DynamoDB read and write operations").

Reads are billed in 4 KB units: GetItem, BatchGetItem and TransactGetItems round each item up on its
own; Query and Scan add up the sizes of every item they read (returned or filtered out, whatever the
projection) and round the total up once. An item that does not exist, or a Query that finds
nothing, still costs one unit. Eventually consistent reads (the default; every GSI read) cost half,
transactional reads twice.

Writes are billed in 1 KB units per item, on the larger of the item before and after the write (a
delete: the item deleted), at least one unit, twice inside a transaction; a failed condition still
costs the write. A write also costs the global secondary indexes whose entry it adds, changes or
removes: one write per entry touched (two when an entry's index key changes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.itemsize import WireItem, item_size

READ_UNIT = 4096
WRITE_UNIT = 1024


@dataclass(frozen=True)
class IndexSpec:
    """A global secondary index as far as its write cost goes."""

    name: str
    keys: tuple[str, ...]
    projection: str  # KEYS_ONLY, INCLUDE or ALL
    include: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """A table's primary key and indexes."""

    keys: tuple[str, ...]
    indexes: tuple[IndexSpec, ...] = ()

    @classmethod
    def from_description(cls, table: dict[str, Any]) -> TableSpec:
        """Build from `DescribeTable`'s ``Table``."""
        indexes = tuple(
            IndexSpec(
                name=i["IndexName"],
                keys=tuple(k["AttributeName"] for k in i["KeySchema"]),
                projection=i["Projection"]["ProjectionType"],
                include=tuple(i["Projection"].get("NonKeyAttributes", ())),
            )
            for i in table.get("GlobalSecondaryIndexes", [])
        )
        return cls(keys=tuple(k["AttributeName"] for k in table["KeySchema"]), indexes=indexes)


def read_factor(*, consistent: bool, transactional: bool = False) -> float:
    """Units per 4 KB: 2 transactional, 1 strongly consistent, 0.5 eventually consistent."""
    return 2.0 if transactional else (1.0 if consistent else 0.5)


def item_read_units(sizes: Sequence[int], factor: float) -> float:
    """GetItem-style reads: every item rounded up to 4 KB on its own, a missing item costs one unit."""
    return sum(max(1, math.ceil(size / READ_UNIT)) for size in sizes) * factor


def query_read_units(sizes: Sequence[int], factor: float) -> float:
    """Query/Scan: the total size of the items read, rounded up once, at least one unit."""
    return max(1, math.ceil(sum(sizes) / READ_UNIT)) * factor


def write_units(before: WireItem | None, after: WireItem | None, *, transactional: bool) -> float:
    """Units of one item write: the larger image in 1 KB steps, at least one, doubled in a transaction."""
    size = max(item_size(before) if before else 0, item_size(after) if after else 0)
    return max(1, math.ceil(size / WRITE_UNIT)) * (2.0 if transactional else 1.0)


def index_write_units(spec: TableSpec, before: WireItem | None, after: WireItem | None) -> float:
    """Units the table's global secondary indexes cost for one item going from ``before`` to ``after``."""
    return float(sum(_index_units(spec, index, before, after) for index in spec.indexes))


def _index_units(spec: TableSpec, index: IndexSpec, before: WireItem | None, after: WireItem | None) -> int:
    old = _entry(spec, index, before)
    new = _entry(spec, index, after)
    if old is None and new is None:
        return 0
    if old is None or new is None:
        return _entry_units(old or new or {})
    if any(old[k] != new[k] for k in index.keys):
        return _entry_units(old) + _entry_units(new)  # the old entry is deleted, the new one written
    return _entry_units(new) if old != new else 0


def _entry(spec: TableSpec, index: IndexSpec, item: WireItem | None) -> dict[str, Any] | None:
    if item is None or any(k not in item for k in index.keys):
        return None
    if index.projection == "ALL":
        return dict(item)
    names = set(spec.keys) | set(index.keys) | (set(index.include) if index.projection == "INCLUDE" else set())
    return {k: v for k, v in item.items() if k in names}


def _entry_units(entry: WireItem) -> int:
    return max(1, math.ceil(item_size(entry) / WRITE_UNIT))
