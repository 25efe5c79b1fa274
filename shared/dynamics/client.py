"""The Dynamics 365 F&O OData client: typed reads with lazy paging, single-record reads, creates, $batch.

Reads follow ``@odata.nextLink`` one page at a time (a generator: memory is bounded by one page, whatever the
row count).  The next link is the server's; it is followed only when it points at the same environment, so a
tampered response cannot redirect the bearer token.  Company-specific reads always name their companies
(``dataAreaId`` filter plus ``cross-company=true``), whether one legal entity is configured or several.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar
from urllib.parse import parse_qsl, urljoin, urlsplit

import requests

from shared.dynamics.batch import (
    BatchFormatError,
    ChangeOperation,
    PartResult,
    build_changeset,
    encode_json,
    parse_batch_response,
)
from shared.dynamics.config import DynamicsSettings
from shared.dynamics.errors import (
    DynamicsNotFoundError,
    error_for_status,
    error_from_response,
    odata_error_message,
)
from shared.dynamics.odata import Filter, Literal, Query, entity_key
from shared.dynamics.records import EntityRecord
from shared.dynamics.rows import ODataRow, ODataValue
from shared.dynamics.signin import DynamicsCredentials
from shared.errors import RemoteRejectedError, RemoteUnavailableError
from shared.http.retry import RetryPolicy
from shared.http.transport import Credentials, HttpTransport, Timeouts
from shared.secrets import SecretProvider

__all__ = ["DynamicsClient"]

log = logging.getLogger(__name__)

R = TypeVar("R", bound=EntityRecord)

_HEADERS = {"Accept": "application/json", "OData-Version": "4.0", "OData-MaxVersion": "4.0"}


class DynamicsClient:
    def __init__(
        self,
        settings: DynamicsSettings,
        *,
        secrets: SecretProvider | None = None,
        credentials: Credentials | None = None,
        policy: RetryPolicy | None = None,
        transport: HttpTransport | None = None,
    ) -> None:
        self.settings = settings
        self._transport = transport or HttpTransport(
            system="dynamics",
            credentials=credentials or DynamicsCredentials(settings, secrets),
            timeouts=Timeouts(settings.connect_timeout, settings.read_timeout),
            verify=settings.ca_bundle or True,
            policy=policy or RetryPolicy(),
            default_headers=_HEADERS,
        )
        origin = urlsplit(settings.env_url)
        self._origin = (origin.scheme, origin.netloc.lower())

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> DynamicsClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- reads ---------------------------------------------------------------------------------------------

    def query(
        self,
        record: type[R],
        where: Filter | None = None,
        *,
        legal_entity: str | None = None,
        order_by: Sequence[str] = (),
        top: int | None = None,
    ) -> Iterator[R]:
        """Every ``record`` row matching ``where``, lazily, page by page.

        Company-specific entities are limited to ``legal_entity`` (or to the configured legal entities).
        """
        query = self.query_for(record, where, legal_entity=legal_entity, order_by=order_by, top=top)
        for row in self.rows(query):
            yield record.from_odata(row)

    def query_for(
        self,
        record: type[R],
        where: Filter | None = None,
        *,
        legal_entity: str | None = None,
        order_by: Sequence[str] = (),
        top: int | None = None,
    ) -> Query:
        """The query ``query`` runs.  Company-specific entities always name their companies: a ``dataAreaId``
        filter (``legal_entity``, or every configured one) with ``cross-company=true``, so the result never
        depends on which company happens to be the app user's default (dynamics.md §3.10)."""
        query = Query(record.ENTITY_SET).select(*record.FIELDS)
        if "dataAreaId" in record.KEY:
            companies = (legal_entity.lower(),) if legal_entity is not None else self.settings.legal_entities
            query = query.where(Filter.any_of("dataAreaId", companies)).all_companies()
        if where is not None:
            query = query.where(where)
        if order_by:
            query = query.order_by(*order_by)
        if top is not None:
            query = query.limit(top)
        return query

    def first(self, record: type[R], where: Filter, *, legal_entity: str | None = None) -> R | None:
        """The first row matching ``where`` (used by the check-before-create guards), or None."""
        for found in self.query(record, where, legal_entity=legal_entity, top=1):
            return found
        return None

    def first_equal(self, record: type[R], field: str, value: str, *, legal_entity: str | None = None) -> R | None:
        """The first row whose text ``field`` equals ``value`` exactly, even when ``value`` holds ``*``.

        F&O reads ``*`` in an ``eq`` literal as a wildcard (dynamics.md §3.3) and offers no escape, so such a
        value is asked for as a pattern (a superset) and the rows are compared exactly here.  The check-before-
        create guards use this with partner data (PO numbers, trace numbers), which may contain ``*``.
        """
        if "*" not in value:
            return self.first(record, Filter.eq(field, value), legal_entity=legal_entity)
        query = self.query_for(record, Filter.matches(field, value), legal_entity=legal_entity)
        for row in self.rows(query):
            if row.get(field) == value:
                return record.from_odata(row)
        return None

    def get(self, record: type[R], key: Mapping[str, Literal]) -> R | None:
        """One record by its full key (every key field, dataAreaId included), or None when it does not exist."""
        missing = [name for name in record.KEY if name not in key]
        if missing:
            raise ValueError(f"{record.ENTITY_SET} key needs {', '.join(missing)}")
        address = entity_key(record.ENTITY_SET, {name: key[name] for name in record.KEY})
        # A read by key outside the app user's default company needs cross-company (dynamics.md §3.2).
        query = Query(record.ENTITY_SET).select(*record.FIELDS).all_companies("dataAreaId" in key)
        url = f"{self.settings.data_url}/{address}?{query.query_string()}"
        try:
            row = self._get_json(url, entity_set=record.ENTITY_SET, key=address)
        except DynamicsNotFoundError:
            return None
        return record.from_odata(row)

    def rows(self, query: Query) -> Iterator[ODataRow]:
        """Raw rows of ``query`` following ``@odata.nextLink`` until the last page."""
        url: str | None = query.to_url(self.settings.data_url)
        page_number = 0
        while url is not None:
            page_number += 1
            page = self._get_json(url, entity_set=query.entity_set, page=page_number)
            value = page.get("value")
            if not isinstance(value, list):
                raise RemoteRejectedError(
                    f"Dynamics answered a read of {query.entity_set} without a 'value' list",
                    context={"system": "dynamics", "entity_set": query.entity_set, "page": str(page_number)},
                )
            next_link = page.get("@odata.nextLink")
            del page
            for row in value:
                if not isinstance(row, dict):
                    raise RemoteRejectedError(
                        f"Dynamics returned a {query.entity_set} row that is not an object",
                        context={"system": "dynamics", "entity_set": query.entity_set},
                    )
                yield row
            del value
            url = self._next_url(next_link, query) if next_link is not None else None

    def probe(self, entity_set: str, legal_entity: str | None = None) -> int:
        """Rows seen (0 or 1) reading ``$top=1`` of ``entity_set`` (ping's checks), in one company if given."""
        query = Query(entity_set).limit(1).all_companies()
        if legal_entity is not None:
            query = query.where(Filter.eq("dataAreaId", legal_entity.lower()))
        page = self._get_json(query.to_url(self.settings.data_url), entity_set=entity_set)
        value = page.get("value")
        return len(value) if isinstance(value, list) else 0

    # -- writes --------------------------------------------------------------------------------------------

    def create(self, entity_set: str, body: Mapping[str, ODataValue]) -> ODataRow:
        """POST one record; the created record as Dynamics returns it (with generated numbers).

        Never resent on an unknown outcome: a TransientError goes to the caller, which re-checks first.
        """
        response = self._transport.send(
            "POST",
            f"{self.settings.data_url}/{Query(entity_set).entity_set}",
            data=encode_json(body).encode("utf-8"),
            headers={"Content-Type": "application/json; odata.metadata=minimal"},
            context={"entity_set": entity_set},
        )
        if response.status_code not in (200, 201):
            raise error_from_response(response, operation="create", entity_set=entity_set)
        return _json_object(response, entity_set)

    def execute_changeset(self, operations: Sequence[ChangeOperation]) -> list[PartResult]:
        """Run ``operations`` as one atomic changeset; every part's result, or the error of the first failure."""
        content_type, body = build_changeset(self.settings.data_url, operations)
        sets = ",".join(sorted({op.target.split("(")[0].split("/")[-1] for op in operations}))
        response = self._transport.send(
            "POST",
            f"{self.settings.data_url}/$batch",
            data=body,
            headers={"Content-Type": content_type},
            context={"entity_set": sets},
        )
        if response.status_code != 200:
            raise error_from_response(response, operation="batch", entity_set=sets)
        try:
            results = parse_batch_response(response.headers.get("Content-Type", ""), response.content)
        except BatchFormatError as exc:
            raise RemoteUnavailableError(
                f"Dynamics answered a $batch of {sets} in a form that could not be read: {exc}",
                context={"system": "dynamics", "entity_set": sets},
                hint="the changeset may or may not have been applied; it is checked before being tried again",
            ) from None
        for part in results:
            if not part.ok:
                index = int(part.content_id) - 1 if part.content_id.isdigit() else 0
                operation = operations[min(max(index, 0), len(operations) - 1)]
                raise _part_error(part, operation)
        if len(results) != len(operations):
            raise RemoteUnavailableError(
                f"Dynamics answered {len(results)} of the {len(operations)} operations in a $batch of {sets}",
                context={"system": "dynamics", "entity_set": sets},
                hint="the changeset may or may not have been applied; it is checked before being tried again",
            )
        return results

    # -- plumbing ------------------------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        return {"Prefer": f"odata.maxpagesize={self.settings.page_size}"}

    def _get_json(
        self, url: str, *, entity_set: str, key: str | None = None, page: int | None = None
    ) -> dict[str, ODataValue]:
        extra = {"page": str(page)} if page is not None else None
        response = self._transport.send("GET", url, headers=self._headers(), context={"entity_set": entity_set})
        if response.status_code != 200:
            raise error_from_response(response, operation="read", entity_set=entity_set, key=key, extra_context=extra)
        return _json_object(response, entity_set)

    def _next_url(self, next_link: ODataValue, query: Query) -> str:
        if not isinstance(next_link, str) or not next_link:
            raise RemoteRejectedError(
                f"Dynamics sent an unusable @odata.nextLink while reading {query.entity_set}",
                context={"system": "dynamics", "entity_set": query.entity_set},
            )
        absolute = urljoin(self.settings.data_url + "/", next_link)
        parts = urlsplit(absolute)
        if (parts.scheme, parts.netloc.lower()) != self._origin or not parts.path.startswith("/data/"):
            raise RemoteRejectedError(
                f"Dynamics sent an @odata.nextLink to another address while reading {query.entity_set}; "
                "it was not followed so the token stays with the environment",
                context={"system": "dynamics", "entity_set": query.entity_set, "next_host": parts.netloc},
                hint="check for a proxy rewriting responses between the connector and Dynamics",
            )
        if query.cross_company and "cross-company" not in dict(parse_qsl(parts.query)):
            absolute += ("&" if parts.query else "?") + "cross-company=true"
        return absolute


def _json_object(response: requests.Response, entity_set: str) -> dict[str, ODataValue]:
    try:
        parsed: ODataValue = json.loads(response.content, parse_float=Decimal)
    except ValueError:
        raise RemoteRejectedError(
            f"Dynamics answered a request on {entity_set} with something that is not JSON",
            context={"system": "dynamics", "entity_set": entity_set, "status": str(response.status_code)},
            hint="check DYNAMICS_ENV_URL points at the F&O environment, not a sign-in or proxy page",
        ) from None
    if not isinstance(parsed, dict):
        raise RemoteRejectedError(
            f"Dynamics answered a request on {entity_set} with JSON that is not an object",
            context={"system": "dynamics", "entity_set": entity_set},
        )
    return parsed


def _part_error(part: PartResult, operation: ChangeOperation) -> Exception:
    entity_set = operation.target.split("(")[0].split("/")[-1]
    error = error_for_status(
        part.status,
        part.headers,
        part.body,
        operation="batch",
        entity_set=entity_set,
        extra_context={"content_id": part.content_id or "?", "method": operation.method},
    )
    if isinstance(error, RemoteUnavailableError):
        # The changeset is atomic: a failed part means nothing of it was applied, so a retry is safe.
        error.hint = "nothing in the changeset was applied; it is retried later"
    log.info("Dynamics $batch part %s failed: %s", part.content_id, odata_error_message(part.body))
    return error
