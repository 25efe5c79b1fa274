"""Cursors on Table Storage: create-if-absent for the first write, then update with If-Match on the ETag."""

from __future__ import annotations

from azure.core import MatchConditions
from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError
from azure.data.tables import TableClient, UpdateMode

from shared.errors import ConcurrencyConflictError
from shared.state.azure.storage_errors import storage_errors
from shared.state.cursor_rules import ensure_forward
from shared.state.keys import encode_key
from shared.state.records import Cursor, CursorPosition
from shared.state.serial import ids_from_json, ids_to_json, time_from_text, time_to_text

__all__ = ["TableCursors"]

_PARTITION = "cursor"


class TableCursors:
    def __init__(self, table: TableClient) -> None:
        self._table = table

    def read(self, name: str) -> Cursor:
        with storage_errors("read a cursor", {"cursor": name}):
            try:
                entity = self._table.get_entity(_PARTITION, encode_key(name))
            except ResourceNotFoundError:
                return Cursor(name, None, None)
        position = CursorPosition(time_from_text(str(entity["Mark"])), ids_from_json(entity.get("Seen")))
        return Cursor(name, position, str(entity.metadata["etag"]))

    def advance(self, cursor: Cursor, position: CursorPosition) -> Cursor:
        ensure_forward(cursor, position)
        entity = {
            "PartitionKey": _PARTITION,
            "RowKey": encode_key(cursor.name),
            "Name": cursor.name,
            "Mark": time_to_text(position.mark),
            "Seen": ids_to_json(position.seen_at_mark),
        }
        context = {"cursor": cursor.name}
        with storage_errors("advance a cursor that moved since it was read", context):
            try:
                if cursor.version is None:
                    metadata = self._table.create_entity(entity)
                else:
                    metadata = self._table.update_entity(
                        entity,
                        mode=UpdateMode.REPLACE,
                        etag=cursor.version,
                        match_condition=MatchConditions.IfNotModified,
                    )
            except (ResourceExistsError, ResourceNotFoundError) as exc:
                raise ConcurrencyConflictError(
                    f"cursor {cursor.name!r} was created or removed by someone else since it was read",
                    context=context,
                    hint="another instance is polling the same source; re-read the cursor before going on",
                ) from exc
        return Cursor(cursor.name, position, str(metadata["etag"]))
