"""OData v4 URLs for F&O, built from typed values: every literal is escaped, every name is checked.

Nothing here formats user data into a URL by hand.  Literals (dynamics.md §3.2-§3.3):

* strings in single quotes with ``'`` doubled, then percent-encoded;
* enums in the full form ``Microsoft.Dynamics.DataEntities.<Type>'<Member>'`` (bare strings are not reliably
  accepted, §3.3);
* date-times as unquoted ISO-8601 UTC (``2024-01-15T12:00:00Z``); date-only X++ fields are stored at noon UTC,
  so :func:`dynamics_date` gives the value to compare them with;
* GUIDs unquoted; whole numbers and decimals as plain digits (never an exponent).

F&O treats ``*`` inside a string compared with ``eq`` as a wildcard (its "contains" idiom).  An exact match on
user data containing ``*`` would silently match other records, so :meth:`Filter.eq` refuses it; a deliberate
pattern uses :meth:`Filter.matches`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from urllib.parse import quote
from uuid import UUID

__all__ = [
    "ENUM_NAMESPACE",
    "EnumLiteral",
    "Filter",
    "Literal",
    "Query",
    "dynamics_date",
    "entity_key",
    "enum_literal",
    "format_literal",
]

ENUM_NAMESPACE = "Microsoft.Dynamics.DataEntities"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class EnumLiteral:
    """An enum value, e.g. ``EnumLiteral("VersioningDocumentState", "Confirmed")``."""

    type_name: str
    member: str

    def __post_init__(self) -> None:
        _check_identifier(self.type_name, "enum type")
        _check_identifier(self.member, "enum member")


def enum_literal(value: Enum) -> EnumLiteral:
    """The literal of a record enum (its class name is the CSDL enum type, its value the member name)."""
    return EnumLiteral(type(value).__name__, str(value.value))


Literal = str | bool | int | Decimal | float | datetime | UUID | EnumLiteral | Enum


def dynamics_date(day: date) -> datetime:
    """The instant F&O stores for a date-only field: noon UTC of that day (dynamics.md §3.6)."""
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def format_literal(value: Literal) -> str:
    """The OData literal for ``value`` (not yet percent-encoded)."""
    # bool before int: bool is an int subclass.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, EnumLiteral):
        return f"{ENUM_NAMESPACE}.{value.type_name}'{value.member}'"
    if isinstance(value, Enum):
        return format_literal(enum_literal(value))
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} cannot be sent to Dynamics")
        return format(value, "f")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be sent to Dynamics")
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a date-time sent to Dynamics must carry a time zone (F&O stores UTC)")
        utc = value.astimezone(UTC)
        text = utc.strftime("%Y-%m-%dT%H:%M:%S")
        if utc.microsecond:
            text += f".{utc.microsecond:06d}".rstrip("0")
        return text + "Z"
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"no OData literal for {type(value).__name__}")


def _encode(text: str) -> str:
    # Unreserved characters plus the OData punctuation that is safe in a query value or key segment.
    return quote(text, safe="-._~'(),:=$")


def _check_identifier(name: str, what: str = "property") -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"{name!r} is not a valid OData {what} name")
    return name


def entity_key(entity_set: str, key: Mapping[str, Literal]) -> str:
    """``Set(dataAreaId='usmf',SalesOrderNumber='000123')``: named key parts only (positional keys fail, §3.2)."""
    _check_identifier(entity_set, "entity set")
    if not key:
        raise ValueError(f"a key for {entity_set} needs every key field")
    parts = ",".join(f"{_check_identifier(name)}={_encode(format_literal(value))}" for name, value in key.items())
    return f"{entity_set}({parts})"


@dataclass(frozen=True)
class Filter:
    """A ``$filter`` expression; compose with ``&``, ``|`` and ``~``."""

    text: str

    @staticmethod
    def _compare(name: str, operator: str, value: Literal) -> Filter:
        return Filter(f"{_check_identifier(name)} {operator} {format_literal(value)}")

    @classmethod
    def eq(cls, name: str, value: Literal) -> Filter:
        if isinstance(value, str) and "*" in value:
            raise ValueError(
                f"{name} eq {value!r}: F&O reads '*' in a string as a wildcard, so this would not be an exact "
                "match; use Filter.matches for a pattern, or filter the rows after reading them"
            )
        return cls._compare(name, "eq", value)

    @classmethod
    def ne(cls, name: str, value: Literal) -> Filter:
        return cls._compare(name, "ne", value)

    @classmethod
    def gt(cls, name: str, value: Literal) -> Filter:
        return cls._compare(name, "gt", value)

    @classmethod
    def ge(cls, name: str, value: Literal) -> Filter:
        return cls._compare(name, "ge", value)

    @classmethod
    def lt(cls, name: str, value: Literal) -> Filter:
        return cls._compare(name, "lt", value)

    @classmethod
    def le(cls, name: str, value: Literal) -> Filter:
        return cls._compare(name, "le", value)

    @classmethod
    def matches(cls, name: str, pattern: str) -> Filter:
        """F&O's wildcard match (``'*retail*'`` = contains); the only way to say "contains" on /data (§3.3)."""
        return Filter(f"{_check_identifier(name)} eq {format_literal(pattern)}")

    @classmethod
    def any_of(cls, name: str, values: Iterable[Literal]) -> Filter:
        """``name`` equals one of ``values`` (F&O has no ``in`` operator, §3.3: an ``or`` chain)."""
        options = [cls.eq(name, value) for value in values]
        if not options:
            raise ValueError(f"any_of({name}) needs at least one value")
        result = options[0]
        for option in options[1:]:
            result = result | option
        return result

    def __and__(self, other: Filter) -> Filter:
        return Filter(f"({self.text}) and ({other.text})")

    def __or__(self, other: Filter) -> Filter:
        return Filter(f"({self.text}) or ({other.text})")

    def __invert__(self) -> Filter:
        return Filter(f"not ({self.text})")


@dataclass(frozen=True)
class Query:
    """A collection read: ``Query("CustomersV3").where(...).select(...).to_url(data_url)``."""

    entity_set: str
    filter: Filter | None = None
    fields: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    top: int | None = None
    skip: int | None = None
    expand: tuple[str, ...] = ()
    count: bool = False
    cross_company: bool = False
    extra: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        _check_identifier(self.entity_set, "entity set")
        for name in self.fields:
            _check_identifier(name)
        for entry in self.order:
            name, _, direction = entry.partition(" ")
            _check_identifier(name)
            if direction not in {"", "asc", "desc"}:
                raise ValueError(f"order {entry!r}: direction must be asc or desc")

    def where(self, condition: Filter) -> Query:
        combined = condition if self.filter is None else self.filter & condition
        return replace(self, filter=combined)

    def select(self, *names: str) -> Query:
        return replace(self, fields=tuple(names))

    def order_by(self, *entries: str) -> Query:
        return replace(self, order=tuple(entries))

    def limit(self, top: int) -> Query:
        if top < 0:
            raise ValueError("$top must not be negative")
        return replace(self, top=top)

    def all_companies(self, on: bool = True) -> Query:
        return replace(self, cross_company=on)

    def expanding(self, navigation: str, fields: Sequence[str] = ()) -> Query:
        _check_identifier(navigation, "navigation property")
        for name in fields:
            _check_identifier(name)
        clause = navigation + (f"($select={','.join(fields)})" if fields else "")
        return replace(self, expand=(*self.expand, clause))

    def query_string(self) -> str:
        pairs: list[tuple[str, str]] = []
        if self.cross_company:
            pairs.append(("cross-company", "true"))
        if self.filter is not None:
            pairs.append(("$filter", self.filter.text))
        if self.fields:
            pairs.append(("$select", ",".join(self.fields)))
        if self.expand:
            pairs.append(("$expand", ",".join(self.expand)))
        if self.order:
            pairs.append(("$orderby", ",".join(self.order)))
        if self.top is not None:
            pairs.append(("$top", str(self.top)))
        if self.skip is not None:
            pairs.append(("$skip", str(self.skip)))
        if self.count:
            pairs.append(("$count", "true"))
        pairs.extend(self.extra)
        return "&".join(f"{quote(name, safe='$-')}={_encode(value)}" for name, value in pairs)

    def to_url(self, data_url: str) -> str:
        query = self.query_string()
        return f"{data_url}/{self.entity_set}" + (f"?{query}" if query else "")
