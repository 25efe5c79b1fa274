"""Reading one OData row into typed values, with errors that name the entity, the record and the field.

Value rules (dynamics.md §3.6): strings are ``""`` rather than null; decimals are JSON numbers (parsed as
:class:`~decimal.Decimal`, never float); enums are member names; every date is an ``Edm.DateTimeOffset``:
date-only fields sit at noon UTC and their empty value is ``1900-01-01T12:00:00Z``, date-times carry real UTC
times with ``1900-01-01T00:00:00Z`` as empty.  Both empties read as ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from shared.dynamics.errors import DynamicsRecordError

__all__ = ["ODataRow", "ODataValue", "RowReader"]

ODataValue = None | bool | int | float | Decimal | str | list["ODataValue"] | dict[str, "ODataValue"]
ODataRow = Mapping[str, ODataValue]

E = TypeVar("E", bound=Enum)

_EMPTY_YEAR = 1900


class RowReader:
    """Typed access to one row of ``entity_set``; ``key_fields`` name the record in errors."""

    def __init__(self, entity_set: str, row: ODataRow, key_fields: tuple[str, ...]) -> None:
        self._entity_set = entity_set
        self._row = row
        self._key_fields = key_fields

    def _key_text(self) -> str:
        parts = []
        for name in self._key_fields:
            value = self._row.get(name)
            parts.append(f"{name}={value if isinstance(value, str | int | Decimal) else '?'}")
        return ",".join(parts)

    def _fail(self, name: str, problem: str) -> DynamicsRecordError:
        return DynamicsRecordError(
            f"a {self._entity_set} row from Dynamics is malformed: field {name} {problem}",
            context={"system": "dynamics", "entity_set": self._entity_set, "key": self._key_text(), "field": name},
            hint="check the entity's fields in this environment's $metadata (a customisation may have changed it)",
        )

    def _raw(self, name: str) -> ODataValue:
        if name not in self._row:
            raise self._fail(name, "is missing")
        return self._row[name]

    def text(self, name: str) -> str:
        value = self._raw(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self._fail(name, f"should be text, got {type(value).__name__}")
        return value

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if not value:
            raise self._fail(name, "is empty")
        return value

    def decimal(self, name: str) -> Decimal:
        value = self._raw(name)
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
            raise self._fail(name, f"should be a number, got {type(value).__name__}")
        try:
            number = Decimal(str(value)) if not isinstance(value, Decimal) else value
        except ArithmeticError:
            raise self._fail(name, f"should be a number, got {value!r}") from None
        if not number.is_finite():
            raise self._fail(name, f"should be a finite number, got {value!r}")
        return number

    def integer(self, name: str) -> int:
        value = self._raw(name)
        if isinstance(value, bool):
            raise self._fail(name, "should be a whole number, got a boolean")
        if isinstance(value, int):
            return value
        if isinstance(value, Decimal | float) and value == int(value):
            return int(value)
        if isinstance(value, str) and value.lstrip("-").isdigit():
            return int(value)
        raise self._fail(name, f"should be a whole number, got {value!r}")

    def enum(self, name: str, kind: type[E]) -> E:
        value = self.optional_enum(name, kind)
        if value is None:
            raise self._fail(name, "is empty")
        return value

    def optional_enum(self, name: str, kind: type[E]) -> E | None:
        value = self._raw(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self._fail(name, f"should be a {kind.__name__} member name, got {type(value).__name__}")
        try:
            return kind(value)
        except ValueError:
            raise self._fail(name, f"has {value!r}, not a {kind.__name__} member") from None

    def timestamp(self, name: str) -> datetime | None:
        value = self._raw(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._fail(name, f"should be a date-time, got {type(value).__name__}")
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        # F&O sends up to 7 fractional digits; Python reads at most 6.
        head, dot, rest = text.partition(".")
        if dot:
            digits = "".join(ch for ch in rest if ch.isdigit())
            text = head + "." + digits[:6] + rest[len(digits) :]
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            if len(text) == 10:  # a date-only value, as some writes echo back
                try:
                    parsed = datetime.fromisoformat(text + "T12:00:00+00:00")
                except ValueError:
                    raise self._fail(name, f"is not a date-time: {value!r}") from None
            else:
                raise self._fail(name, f"is not a date-time: {value!r}") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        parsed = parsed.astimezone(UTC)
        return None if parsed.year <= _EMPTY_YEAR else parsed

    def day(self, name: str) -> date | None:
        """A date-only field: the calendar day of its noon-UTC instant."""
        moment = self.timestamp(name)
        return moment.date() if moment is not None else None

    def required_day(self, name: str) -> date:
        value = self.day(name)
        if value is None:
            raise self._fail(name, "is empty")
        return value

    def etag(self) -> str | None:
        value = self._row.get("@odata.etag")
        return value if isinstance(value, str) else None
