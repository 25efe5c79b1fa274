"""Typed, frozen records for the F&O entities the flows read, parsed from OData JSON.

Every record class names its entity set, its key and the fields it reads (``FIELDS`` doubles as the
``$select`` list, so Dynamics sends exactly what the record parses and nothing more).  ``from_odata`` raises
:class:`~shared.dynamics.errors.DynamicsRecordError` naming the entity, the record's key and the field when a row
is malformed.
"""

from __future__ import annotations

from typing import ClassVar, Protocol, Self

from shared.dynamics.rows import ODataRow

__all__ = ["EntityRecord"]


class EntityRecord(Protocol):
    ENTITY_SET: ClassVar[str]
    KEY: ClassVar[tuple[str, ...]]
    FIELDS: ClassVar[tuple[str, ...]]

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self: ...
