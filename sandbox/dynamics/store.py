"""In-memory tables behind the entity sets: rows with RecId/RecVersion, number sequences, undoable transactions.

One lock guards everything: the emulator serves requests from several threads and a ``$batch`` changeset
must see and change the tables as one unit.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.dynamics.model import EntitySet
from sandbox.dynamics.values import FieldValue

__all__ = ["FIRST_REC_ID", "INDEXED", "Row", "RowKey", "Store", "row_key"]

FIRST_REC_ID = 5637144576  # RecIds in F&O start here (reference §3.6)

RowKey = tuple[str, ...]

# Lines found by their parent document: (set, parent field) -> company + parent value -> rows.
INDEXED: dict[str, str] = {
    "SalesOrderLines": "SalesOrderNumber",
    "PurchaseOrderLinesV2": "PurchaseOrderNumber",
    "PurchaseOrderConfirmationHeaders": "PurchaseOrderNumber",
    "CustomerPaymentJournalLines": "JournalBatchNumber",
    "VendorPaymentJournalLines": "JournalBatchNumber",
}


def _key_part(value: FieldValue) -> str:
    # SQL Server collation: key strings compare case-insensitively (reference §3.3).
    return value.lower() if isinstance(value, str) else str(value)


def row_key(entity: EntitySet, values: dict[str, FieldValue]) -> RowKey:
    return tuple(_key_part(values[k]) for k in entity.keys)


@dataclass
class Row:
    values: dict[str, FieldValue]
    rec_id: int
    rec_version: int = 1
    created_by_client: bool = False

    @property
    def etag(self) -> str:
        token = base64.b64encode(f"'{self.rec_version},{self.rec_id}'".encode()).decode("ascii")
        return f'W/"{token}"'


@dataclass
class _Undo:
    entity: str
    key: RowKey
    previous: Row | None  # None: the row did not exist before


@dataclass
class Store:
    tables: dict[str, dict[RowKey, Row]] = field(default_factory=lambda: {name: {} for name in ENTITY_SETS})
    lock: threading.RLock = field(default_factory=threading.RLock)
    _next_rec_id: int = FIRST_REC_ID
    _sequences: dict[tuple[str, str], int] = field(default_factory=dict)
    _undo: list[_Undo] | None = None
    _children: dict[str, dict[tuple[str, str], dict[RowKey, Row]]] = field(
        default_factory=lambda: {name: {} for name in INDEXED}
    )

    def _index(self, entity_name: str, key: RowKey, row: Row, add: bool) -> None:
        parent_field = INDEXED.get(entity_name)
        if parent_field is None:
            return
        group = (_key_part(row.values.get("dataAreaId", "")), _key_part(row.values[parent_field]))
        bucket = self._children[entity_name].setdefault(group, {})
        if add:
            bucket[key] = row
        else:
            bucket.pop(key, None)

    def children(self, entity: EntitySet, company: str, parent: str) -> list[Row]:
        """The rows of an indexed line entity under one parent document, in insertion (RecId) order."""
        with self.lock:
            bucket = self._children[entity.name].get((company.lower(), parent.lower()), {})
            return sorted(bucket.values(), key=lambda r: r.rec_id)

    def next_rec_id(self) -> int:
        with self.lock:
            rec_id = self._next_rec_id
            self._next_rec_id += 1
            return rec_id

    def next_number(self, sequence: str, company: str) -> int:
        """Non-continuous number sequences: a rolled-back changeset leaves a gap, as in F&O."""
        with self.lock:
            n = self._sequences.get((sequence, company), 0) + 1
            self._sequences[(sequence, company)] = n
            return n

    def rows(self, entity: EntitySet) -> list[Row]:
        with self.lock:
            return list(self.tables[entity.name].values())

    def get(self, entity: EntitySet, key: RowKey) -> Row | None:
        with self.lock:
            return self.tables[entity.name].get(key)

    def insert(self, entity: EntitySet, values: dict[str, FieldValue], *, by_client: bool = False) -> Row:
        with self.lock:
            key = row_key(entity, values)
            table = self.tables[entity.name]
            if key in table:
                raise KeyError(key)
            row = Row(values, self.next_rec_id(), created_by_client=by_client)
            self._remember(entity, key, None)
            table[key] = row
            self._index(entity.name, key, row, add=True)
            return row

    def update(self, entity: EntitySet, row: Row, changes: dict[str, FieldValue]) -> Row:
        with self.lock:
            key = row_key(entity, row.values)
            previous = Row(dict(row.values), row.rec_id, row.rec_version, row.created_by_client)
            self._remember(entity, key, previous)
            self._index(entity.name, key, row, add=False)
            row.values.update(changes)
            row.rec_version += 1
            self._index(entity.name, key, row, add=True)
            return row

    def delete(self, entity: EntitySet, row: Row) -> None:
        with self.lock:
            key = row_key(entity, row.values)
            self._remember(entity, key, row)
            del self.tables[entity.name][key]
            self._index(entity.name, key, row, add=False)

    def _remember(self, entity: EntitySet, key: RowKey, previous: Row | None) -> None:
        if self._undo is not None:
            self._undo.append(_Undo(entity.name, key, previous))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: an exception inside undoes every insert, update and delete made in the block."""
        with self.lock:
            outer = self._undo
            self._undo = []
            try:
                yield
            except BaseException:
                self._rollback(self._undo)
                self._undo = outer
                raise
            done = self._undo
            self._undo = outer
            if outer is not None:
                outer.extend(done)

    def _rollback(self, undo: list[_Undo]) -> None:
        for step in reversed(undo):
            table = self.tables[step.entity]
            current = table.pop(step.key, None)
            if current is not None:
                self._index(step.entity, step.key, current, add=False)
            if step.previous is not None:
                table[step.key] = step.previous
                self._index(step.entity, step.key, step.previous, add=True)
