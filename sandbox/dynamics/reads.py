"""Reads: collections with server-driven paging, single records by key, ``/$count``; the OData JSON shape."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.dynamics.errors import ODATA_HEADERS, odata_error
from sandbox.dynamics.filter import Predicate
from sandbox.dynamics.model import EntitySet
from sandbox.dynamics.query import Expand, OrderBy, QueryOptions
from sandbox.dynamics.store import Row, Store
from sandbox.dynamics.values import FieldValue
from sandbox.web import JsonValue, Request, Response

__all__ = ["MAX_PAGE_SIZE", "ReadScope", "json_response", "read_collection", "read_count", "read_single", "serialize"]

MAX_PAGE_SIZE = 10_000  # reference §3.5
JSON_CONTENT = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8"
_MAXPAGESIZE = re.compile(r"odata\.maxpagesize\s*=\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class ReadScope:
    """Who is reading: the mapped user's default company, and where ``@odata.context`` points."""

    company: str
    service_root: str  # https://<env>/data

    def visible(self, entity: EntitySet, row: Row, cross_company: bool) -> bool:
        if not entity.company_scoped or cross_company:
            return True
        value = row.values.get("dataAreaId")
        return isinstance(value, str) and value.lower() == self.company


def json_response(value: JsonValue, status: int = 200, extra: Iterable[tuple[str, str]] = ()) -> Response:
    body = json.dumps(value, separators=(",", ":")).encode("utf-8")
    return Response(status, [("Content-Type", JSON_CONTENT), *ODATA_HEADERS, *extra], body)


def _sort_value(value: FieldValue | None) -> tuple[int, object]:
    if value is None:
        return (0, "")
    if isinstance(value, str):
        return (1, value.lower())
    return (1, value)


def order_rows(entity: EntitySet, rows: list[Row], orderby: tuple[OrderBy, ...]) -> list[Row]:
    """Explicit order first, then the key, so paging is stable and returns every row exactly once."""
    clauses = [*orderby, *(OrderBy(k, False) for k in entity.keys)]
    ordered = list(rows)
    for clause in reversed(clauses):
        ordered.sort(key=lambda r, n=clause.name: _sort_value(r.values.get(n)), reverse=clause.descending)  # type: ignore[misc]
    return ordered


ExpandIndex = dict[str, dict[tuple[str, ...], list[Row]]]


def _join_value(value: FieldValue | None) -> str:
    return value.lower() if isinstance(value, str) else str(value)


def build_expand_index(store: Store, entity: EntitySet, expand: tuple[Expand, ...]) -> ExpandIndex:
    """Group each expanded target's rows by the join values once, so expanding a page costs one pass."""
    index: ExpandIndex = {}
    for item in expand:
        nav = entity.navigation(item.navigation)
        assert nav is not None
        groups: dict[tuple[str, ...], list[Row]] = {}
        for candidate in store.rows(ENTITY_SETS[nav.target]):
            if item.filter is None or item.filter(candidate.values):
                key = tuple(_join_value(candidate.values.get(dst)) for _, dst in nav.pairs)
                groups.setdefault(key, []).append(candidate)
        index[item.navigation] = groups
    return index


def serialize(
    store: Store,
    entity: EntitySet,
    row: Row,
    select: tuple[str, ...] = (),
    *,
    expand: tuple[Expand, ...] = (),
    index: ExpandIndex | None = None,
) -> dict[str, JsonValue]:
    out: dict[str, JsonValue] = {"@odata.etag": row.etag}
    names = [n for n in select if n in entity.by_name] if select else [p.name for p in entity.properties]
    for name in names:
        out[name] = entity.by_name[name].to_json(row.values[name])
    if expand:
        groups = index if index is not None else build_expand_index(store, entity, expand)
        for item in expand:
            out[item.navigation] = _expanded(store, entity, row, item, groups[item.navigation])
    return out


def _expanded(
    store: Store, entity: EntitySet, row: Row, item: Expand, groups: dict[tuple[str, ...], list[Row]]
) -> JsonValue:
    nav = entity.navigation(item.navigation)
    assert nav is not None
    target = ENTITY_SETS[nav.target]
    matches = groups.get(tuple(_join_value(row.values.get(src)) for src, _ in nav.pairs), [])
    matches = order_rows(target, matches, item.orderby)
    if item.top is not None:
        matches = matches[: item.top]
    serialized: list[JsonValue] = [serialize(store, target, r, item.select) for r in matches]
    if nav.many:
        return serialized
    return serialized[0] if serialized else None


def _context(scope: ReadScope, entity: EntitySet, options: QueryOptions, suffix: str = "") -> str:
    projection = ""
    if options.select or options.expand:
        parts = list(options.select) or []
        parts += [f"{e.navigation}({','.join(e.select)})" if e.select else f"{e.navigation}()" for e in options.expand]
        projection = "(" + ",".join(parts) + ")"
    return f"{scope.service_root}/$metadata#{entity.name}{projection}{suffix}"


def _matching(store: Store, entity: EntitySet, scope: ReadScope, options: QueryOptions) -> list[Row]:
    predicate: Predicate | None = options.filter
    return [
        row
        for row in store.rows(entity)
        if scope.visible(entity, row, options.cross_company) and (predicate is None or predicate(row.values))
    ]


def _page_size(request: Request) -> tuple[int, str | None]:
    prefer = request.headers.get("Prefer", "")
    match = _MAXPAGESIZE.search(prefer)
    if match is None:
        return MAX_PAGE_SIZE, None
    size = max(1, min(int(match.group(1)), MAX_PAGE_SIZE))
    return size, f"odata.maxpagesize={size}"


def _next_link(scope: ReadScope, entity: EntitySet, request: Request, skip: int, top: int | None) -> str:
    pairs = [(k, v) for k, v in request.query if k not in ("$skip", "$top")]
    if top is not None:
        pairs.append(("$top", str(top)))
    pairs.append(("$skip", str(skip)))
    return f"{scope.service_root}/{entity.name}?" + urlencode(pairs, quote_via=quote, safe="$'(),*:=/")


def read_collection(
    store: Store, entity: EntitySet, scope: ReadScope, options: QueryOptions, request: Request
) -> Response:
    with store.lock:
        rows = _matching(store, entity, scope, options)
        total = len(rows)
        rows = order_rows(entity, rows, options.orderby)
        window = rows[options.skip :]
        if options.top is not None:
            window = window[: options.top]
        page_size, applied = _page_size(request)
        page = window[:page_size]
        body: dict[str, JsonValue] = {"@odata.context": _context(scope, entity, options)}
        if options.count:
            body["@odata.count"] = total
        index = build_expand_index(store, entity, options.expand) if options.expand else None
        body["value"] = [serialize(store, entity, r, options.select, expand=options.expand, index=index) for r in page]
    if len(window) > len(page):
        remaining_top = None if options.top is None else options.top - len(page)
        body["@odata.nextLink"] = _next_link(scope, entity, request, options.skip + len(page), remaining_top)
    headers = [("Preference-Applied", applied)] if applied else []
    return json_response(body, extra=headers)


def read_count(store: Store, entity: EntitySet, scope: ReadScope, options: QueryOptions) -> Response:
    with store.lock:
        total = len(_matching(store, entity, scope, options))
    return Response(200, [("Content-Type", "text/plain; charset=utf-8"), *ODATA_HEADERS], str(total).encode())


def not_found_entity(entity: EntitySet) -> Response:
    return odata_error(
        404,
        "An error has occurred.",
        f"Resource not found for the segment '{entity.name}'.",
        "Microsoft.OData.ODataException",
    )


def read_single(store: Store, entity: EntitySet, scope: ReadScope, options: QueryOptions, row: Row | None) -> Response:
    if row is None or not scope.visible(entity, row, options.cross_company):
        return not_found_entity(entity)
    with store.lock:
        body: dict[str, JsonValue] = {"@odata.context": _context(scope, entity, options, "/$entity")}
        body.update(serialize(store, entity, row, options.select, expand=options.expand))
    return json_response(body, extra=[("ETag", row.etag)])
