"""The query options of a ``/data`` read: parsed, checked against the entity type, ready to apply."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.dynamics.errors import ODataFault, query_invalid
from sandbox.dynamics.filter import Predicate, compile_filter
from sandbox.dynamics.model import EntitySet

__all__ = ["Expand", "OrderBy", "QueryOptions", "parse_query", "split_top_level"]

_KNOWN = {"$filter", "$select", "$expand", "$orderby", "$top", "$skip", "$count", "$format", "cross-company"}


@dataclass(frozen=True)
class OrderBy:
    name: str
    descending: bool


@dataclass(frozen=True)
class Expand:
    navigation: str
    target: EntitySet
    select: tuple[str, ...]
    filter: Predicate | None
    orderby: tuple[OrderBy, ...]
    top: int | None


@dataclass(frozen=True)
class QueryOptions:
    filter: Predicate | None = None
    select: tuple[str, ...] = ()
    expand: tuple[Expand, ...] = ()
    orderby: tuple[OrderBy, ...] = ()
    top: int | None = None
    skip: int = 0
    count: bool = False
    cross_company: bool = False


def split_top_level(text: str, separator: str) -> list[str]:
    """Split on ``separator`` outside parentheses and string literals."""
    parts: list[str] = []
    depth = 0
    in_string = False
    current: list[str] = []
    for char in text:
        if char == "'":
            in_string = not in_string
        elif not in_string and char == "(":
            depth += 1
        elif not in_string and char == ")":
            depth -= 1
        if char == separator and depth == 0 and not in_string:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _int_option(name: str, value: str) -> int:
    if not value.isdigit():
        raise ODataFault(query_invalid(f"Invalid value '{value}' for {name} query option found."))
    return int(value)


def _select(entity: EntitySet, value: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    for name in names:
        if name != "*" and name not in entity.by_name and entity.navigation(name) is None:
            raise ODataFault(
                query_invalid(f"Could not find a property named '{name}' on type '{entity.qualified_type}'.")
            )
    return () if "*" in names else names


def _orderby(entity: EntitySet, value: str) -> tuple[OrderBy, ...]:
    result: list[OrderBy] = []
    for clause in split_top_level(value, ","):
        words = clause.split()
        name = words[0]
        direction = words[1].lower() if len(words) > 1 else "asc"
        if name not in entity.by_name:
            raise ODataFault(
                query_invalid(f"Could not find a property named '{name}' on type '{entity.qualified_type}'.")
            )
        if direction not in ("asc", "desc") or len(words) > 2:
            raise ODataFault(query_invalid(f"Syntax error in $orderby '{value}'."))
        result.append(OrderBy(name, direction == "desc"))
    return tuple(result)


def _expand(entity: EntitySet, value: str) -> tuple[Expand, ...]:
    items: list[Expand] = []
    for clause in split_top_level(value, ","):
        name, _, rest = clause.partition("(")
        name = name.strip()
        nav = entity.navigation(name)
        if nav is None:
            raise ODataFault(
                query_invalid(f"Could not find a property named '{name}' on type '{entity.qualified_type}'.")
            )
        target = ENTITY_SETS[nav.target]
        options: dict[str, str] = {}
        if rest:
            for option in split_top_level(rest.rstrip()[:-1], ";"):
                key, _, option_value = option.partition("=")
                options[key.strip()] = option_value
        if "$expand" in options:
            raise ODataFault(
                query_invalid("The request includes a $expand path which is too deep. The maximum depth allowed is 1.")
            )
        items.append(
            Expand(
                name,
                target,
                _select(target, options["$select"]) if "$select" in options else (),
                compile_filter(options["$filter"], target) if "$filter" in options else None,
                _orderby(target, options["$orderby"]) if "$orderby" in options else (),
                _int_option("$top", options["$top"]) if "$top" in options else None,
            )
        )
    return tuple(items)


def parse_query(entity: EntitySet, pairs: list[tuple[str, str]]) -> QueryOptions:
    values: dict[str, str] = {}
    for key, value in pairs:
        if key.startswith("$") and key not in _KNOWN and key != "$skiptoken":
            raise ODataFault(query_invalid(f"The query parameter '{key}' is not supported."))
        values[key] = value
    count = values.get("$count", "false").lower()
    if count not in ("true", "false"):
        raise ODataFault(query_invalid(f"'{values['$count']}' is not a valid count option."))
    return QueryOptions(
        filter=compile_filter(values["$filter"], entity) if values.get("$filter") else None,
        select=_select(entity, values["$select"]) if values.get("$select") else (),
        expand=_expand(entity, values["$expand"]) if values.get("$expand") else (),
        orderby=_orderby(entity, values["$orderby"]) if values.get("$orderby") else (),
        top=_int_option("$top", values["$top"]) if "$top" in values else None,
        skip=_int_option("$skip", values["$skip"]) if "$skip" in values else 0,
        count=count == "true",
        cross_company=values.get("cross-company", "false").lower() == "true",
    )
