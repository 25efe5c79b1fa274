"""Key segments in URLs: ``Set(dataAreaId='usmf',SalesOrderNumber='000123')``.

Only the named form with every key part is routed; a positional or partial key finds no route (404 with the
Web API body, reference §3.2).  Literals: strings quoted with ``''`` escaping, integers bare, date-times bare.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sandbox.dynamics.model import EntitySet
from sandbox.dynamics.query import split_top_level
from sandbox.dynamics.values import FieldValue, Kind, parse_datetime

__all__ = ["format_key", "parse_key"]


def parse_key(entity: EntitySet, segment: str) -> dict[str, FieldValue] | None:
    """The key values, or ``None`` when the segment is not a complete named key (the caller answers 404)."""
    values: dict[str, FieldValue] = {}
    for part in split_top_level(segment, ","):
        name, sep, literal = part.partition("=")
        name = name.strip()
        literal = literal.strip()
        if not sep or name not in entity.keys or name in values:
            return None
        prop = entity.by_name[name]
        if literal.startswith("'") and literal.endswith("'") and len(literal) >= 2:
            if prop.kind is not Kind.STR:
                return None
            values[name] = literal[1:-1].replace("''", "'")
            continue
        try:
            if prop.kind in (Kind.I32, Kind.I64):
                values[name] = int(literal)
            elif prop.kind is Kind.DEC:
                values[name] = Decimal(literal)
            elif prop.kind is Kind.DTO:
                values[name] = parse_datetime(literal, date_only_field=prop.date_only)
            else:
                return None
        except (ValueError, InvalidOperation):
            return None
    if set(values) != set(entity.keys):
        return None
    return values


def _literal(entity: EntitySet, name: str, value: FieldValue) -> str:
    prop = entity.by_name[name]
    json_value = prop.to_json(value)
    if prop.kind is Kind.STR and isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(json_value)


def format_key(entity: EntitySet, values: dict[str, FieldValue]) -> str:
    return "(" + ",".join(f"{k}={_literal(entity, k, values[k])}" for k in entity.keys) + ")"
