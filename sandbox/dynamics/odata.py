"""The ``/data`` routes: service document, ``$metadata``, ``$batch``, entity sets, keys, ``$count``, navigation."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

from sandbox.dynamics.batch import handle_batch
from sandbox.dynamics.entities import ENTITY_SETS, entity_set
from sandbox.dynamics.errors import ODataFault, not_found_route, odata_error
from sandbox.dynamics.keys import format_key, parse_key
from sandbox.dynamics.metadata import csdl, service_document
from sandbox.dynamics.model import EntitySet
from sandbox.dynamics.query import QueryOptions, parse_query
from sandbox.dynamics.reads import ReadScope, json_response, read_collection, read_count, read_single, serialize
from sandbox.dynamics.store import Row, Store, row_key
from sandbox.dynamics.values import FieldValue
from sandbox.dynamics.writes import Writer
from sandbox.web import JsonValue, Request, Response

__all__ = ["ODataService"]

_PATH = re.compile(r"^/data/(?P<set>[A-Za-z_][A-Za-z0-9_]*)(?:\((?P<key>.*)\))?(?:/(?P<tail>[A-Za-z0-9_$]+))?/?$")


@dataclass
class ODataService:
    """Answers authenticated ``/data`` requests for one calling app (its default company decides the scope)."""

    store: Store
    service_root: str
    writer_for: Callable[[str], Writer]
    part_fault: Callable[[Request], bool]
    calls: Counter[tuple[str, str]] = field(default_factory=Counter)
    calls_lock: threading.Lock = field(default_factory=threading.Lock)

    def count_call(self, entity_name: str, method: str) -> None:
        with self.calls_lock:
            self.calls[(entity_name, method.upper())] += 1

    def call_counts(self) -> dict[str, dict[str, int]]:
        with self.calls_lock:
            result: dict[str, dict[str, int]] = {}
            for (name, method), count in sorted(self.calls.items()):
                result.setdefault(name, {})[method] = count
            return result

    def reset_calls(self) -> None:
        with self.calls_lock:
            self.calls.clear()

    def handle(self, request: Request, company: str) -> Response:
        try:
            return self._dispatch(request, company)
        except ODataFault as fault:
            return fault.response

    def _dispatch(self, request: Request, company: str) -> Response:
        path = unquote(request.path)
        if path in ("/data", "/data/"):
            return json_response(service_document(self.service_root))
        if path == "/data/$metadata":
            return Response.text(csdl(), content_type="application/xml; charset=utf-8")
        if path == "/data/$batch":
            if request.method != "POST":
                return odata_error(405, "The HTTP method is not allowed on $batch; use POST.")
            return handle_batch(request, self.store, lambda inner: self.handle(inner, company), self.part_fault)
        match = _PATH.match(path)
        entity = entity_set(match.group("set")) if match else None
        if match is None or entity is None:
            return not_found_route(self._uri(request))
        self.count_call(entity.name, request.method)
        key_text, tail = match.group("key"), match.group("tail")
        if key_text is None:
            if tail == "$count" and request.method == "GET":
                return read_count(self.store, entity, self._scope(company), self._options(entity, request))
            if tail is not None:
                return not_found_route(self._uri(request))
            return self._collection(entity, request, company)
        key = parse_key(entity, key_text)
        if key is None:
            return not_found_route(self._uri(request))
        if tail is not None:
            return self._navigation(entity, key, tail, request, company)
        return self._single(entity, key, request, company)

    def _uri(self, request: Request) -> str:
        return f"{self.service_root.rsplit('/data', 1)[0]}{request.path}"

    def _scope(self, company: str) -> ReadScope:
        return ReadScope(company, self.service_root)

    @staticmethod
    def _options(entity: EntitySet, request: Request) -> QueryOptions:
        return parse_query(entity, request.query)

    def _body(self, request: Request) -> JsonValue:
        try:
            return request.json()
        except ValueError as exc:
            raise ODataFault(odata_error(400, "The request body is not valid JSON.")) from exc

    def _collection(self, entity: EntitySet, request: Request, company: str) -> Response:
        if request.method == "GET":
            return read_collection(self.store, entity, self._scope(company), self._options(entity, request), request)
        if request.method == "POST":
            return self._create(entity, request, company, None)
        return odata_error(405, f"The HTTP method '{request.method}' is not allowed on the entity set {entity.name}.")

    def _created(self, entity: EntitySet, row: Row, request: Request) -> Response:
        location = f"{self.service_root}/{entity.name}{format_key(entity, row.values)}"
        headers = [("Location", location), ("OData-EntityId", location), ("ETag", row.etag)]
        if "return=minimal" in request.headers.get("Prefer", ""):
            return Response(204, [("OData-Version", "4.0"), *headers], b"")
        body: dict[str, JsonValue] = {"@odata.context": f"{self.service_root}/$metadata#{entity.name}/$entity"}
        body.update(serialize(self.store, entity, row))
        return json_response(body, 201, headers)

    def _create(
        self, entity: EntitySet, request: Request, company: str, bound: dict[str, FieldValue] | None
    ) -> Response:
        writer = self.writer_for(company)
        with self.store.transaction():
            row = writer.create(entity, self._body(request), bound=bound)
        return self._created(entity, row, request)

    def _single(self, entity: EntitySet, key: dict[str, FieldValue], request: Request, company: str) -> Response:
        options = self._options(entity, request)
        method = request.method.upper()
        if method == "GET":
            row = self.store.get(entity, row_key(entity, key))
            return read_single(self.store, entity, self._scope(company), options, row)
        writer = self.writer_for(company)
        if_match = request.headers.get("If-Match")
        if method in ("PATCH", "PUT", "MERGE"):
            with self.store.transaction():
                row = writer.update(entity, key, self._body(request), if_match)
            return Response(204, [("OData-Version", "4.0"), ("ETag", row.etag)], b"")
        if method == "DELETE":
            writer.delete(entity, key, if_match)
            return Response(204, [("OData-Version", "4.0")], b"")
        return odata_error(405, f"The HTTP method '{method}' is not allowed on a single {entity.type_name}.")

    def _navigation(
        self, entity: EntitySet, key: dict[str, FieldValue], name: str, request: Request, company: str
    ) -> Response:
        nav = entity.navigation(name)
        if nav is None:
            return not_found_route(self._uri(request))
        parent = self.store.get(entity, row_key(entity, key))
        options = self._options(entity, request)
        if parent is None or not self._scope(company).visible(entity, parent, options.cross_company):
            return odata_error(404, "An error has occurred.", f"Resource not found for the segment '{entity.name}'.")
        target = ENTITY_SETS[nav.target]
        bound = {dst: parent.values[src] for src, dst in nav.pairs}
        if request.method == "POST" and nav.many:
            self.count_call(target.name, "POST")
            return self._create(target, request, str(parent.values.get("dataAreaId", company)), bound)
        if request.method != "GET":
            return odata_error(405, f"The HTTP method '{request.method}' is not allowed on {name}.")
        if not nav.many:
            single = self.store.get(target, row_key(target, bound)) if set(bound) == set(target.keys) else None
            return read_single(
                self.store, target, self._scope(company), parse_query(target, [("cross-company", "true")]), single
            )
        filter_text = " and ".join(
            f"{dst} eq '{str(value).replace(chr(39), chr(39) * 2)}'" if isinstance(value, str) else f"{dst} eq {value}"
            for dst, value in bound.items()
            if not hasattr(value, "tzinfo")
        )
        query = [(k, v) for k, v in request.query if k != "$filter"]
        extra = dict(request.query).get("$filter")
        query.append(("$filter", f"({filter_text}) and ({extra})" if extra else filter_text))
        query.append(("cross-company", "true"))
        inner = Request("GET", f"/data/{target.name}", "", request.headers, b"", request.scheme, request.host)
        target_options = parse_query(target, query)
        return read_collection(self.store, target, self._scope(company), target_options, inner)
