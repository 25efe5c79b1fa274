"""Control numbers on Table Storage: read, add one, write back with If-Match; on a lost race, re-read and retry.

Threads of one process take turns per (partner, kind) behind a local lock, so only other processes or instances
can make an allocation lose; a short random back-off after each lost race keeps instances from retrying in lock
step. The ETag and number this process last wrote are remembered, so an uncontended allocation is one request.
"""

from __future__ import annotations

import random
import threading
import time

from azure.core import MatchConditions
from azure.core.exceptions import ResourceExistsError, ResourceModifiedError, ResourceNotFoundError
from azure.data.tables import TableClient, UpdateMode

from shared.edi.model import ControlKind
from shared.errors import ConcurrencyConflictError
from shared.state.azure.storage_errors import storage_errors
from shared.state.control_range import LAST_CONTROL_NUMBER, exhausted
from shared.state.keys import encode_key

__all__ = ["TableControlNumbers"]

_MAX_TRIES = 200
_MAX_BACKOFF_SECONDS = 0.05


class TableControlNumbers:
    def __init__(self, table: TableClient) -> None:
        self._table = table
        self._lock = threading.Lock()
        self._turns: dict[tuple[str, str], threading.Lock] = {}
        self._known: dict[tuple[str, str], tuple[str, int]] = {}  # (scope, kind) -> (etag, last), under its turn

    def _read(self, scope: str, kind: ControlKind) -> tuple[str, int] | None:
        try:
            entity = self._table.get_entity(encode_key(scope), kind)
        except ResourceNotFoundError:
            return None
        return str(entity.metadata["etag"]), int(entity["Last"])

    def _try_once(self, scope: str, kind: ControlKind, known: tuple[str, int] | None) -> tuple[str, int] | None:
        """The new (etag, number) if this attempt won, None if another writer got there first."""
        keys = {"PartitionKey": encode_key(scope), "RowKey": kind}
        if known is None:
            try:
                metadata = self._table.create_entity({**keys, "Scope": scope, "Last": 1})
            except ResourceExistsError:
                return None
            return str(metadata["etag"]), 1
        etag, last = known
        number = last + 1
        if number > LAST_CONTROL_NUMBER:
            raise exhausted(scope, kind)
        try:
            metadata = self._table.update_entity(
                {**keys, "Last": number},
                mode=UpdateMode.MERGE,
                etag=etag,
                match_condition=MatchConditions.IfNotModified,
            )
        except (ResourceModifiedError, ResourceNotFoundError):
            return None
        return str(metadata["etag"]), number

    def _turn(self, key: tuple[str, str]) -> threading.Lock:
        with self._lock:
            return self._turns.setdefault(key, threading.Lock())

    def allocate(self, scope: str, kind: ControlKind) -> int:
        context = {"partner": scope, "kind": kind}
        key = (scope, kind)
        with self._turn(key), storage_errors("allocate a control number", context):
            known = self._known.pop(key, None)
            for attempt in range(_MAX_TRIES):
                if known is None:
                    known = self._read(scope, kind)
                won = self._try_once(scope, kind, known)
                if won is not None:
                    self._known[key] = won
                    return won[1]
                known = None
                # Jitter only spreads retries out; it is not a secret.
                time.sleep(random.uniform(0, min(_MAX_BACKOFF_SECONDS, 0.001 * 2**attempt)))  # noqa: S311
        raise ConcurrencyConflictError(
            f"lost {_MAX_TRIES} races in a row for the next {kind} control number",
            context=context,
            hint="many instances are enveloping for this partner at once; the operation will be retried",
        )

    def last_allocated(self, scope: str, kind: ControlKind) -> int:
        with storage_errors("read a control number", {"partner": scope, "kind": kind}):
            found = self._read(scope, kind)
        return found[1] if found else 0
