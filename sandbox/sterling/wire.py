"""How B2Bi's REST framework writes things on the wire: dates, coded values, errors, list options.

Everything here is shared by the resource modules so that every resource answers in one voice: the same date
format, the same ``{code, display}`` objects, the same error body and the same ``_range``/``_include`` rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import Enum
from functools import lru_cache
from typing import TypeVar

from sandbox.web import JsonValue, Response

__all__ = [
    "ApiCode",
    "ApiError",
    "JsonObject",
    "ListOptions",
    "coded",
    "error_response",
    "liberty_forbidden",
    "liberty_unauthorized",
    "like",
    "render_date",
    "select_fields",
]

JsonObject = dict[str, JsonValue]
T = TypeVar("T")


def render_date(moment: datetime, zone: tzinfo) -> str:
    """``2020-03-14T17:19:20.000+0000``: millis and an offset without a colon, in the server's own zone."""
    local = moment.astimezone(zone)
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}" + local.strftime("%z")


def coded(value: bool | str | int, display: str | None = None) -> JsonObject:
    """A read-side enumeration or boolean: ``{"code": true, "display": "Yes"}``."""
    if isinstance(value, bool):
        return {"code": value, "display": display or ("Yes" if value else "No")}
    return {"code": value, "display": display or str(value)}


class ApiCode(Enum):
    """The ``API000nnn`` message ids the emulator puts in ``errorDescription``.

    Only API000464 (object not found) is evidenced by real clients; the others are the emulator's own numbers,
    so clients must key on the HTTP status and treat the id as text (see ADR 0240).
    """

    NOT_FOUND = "API000464"
    INVALID_INPUT = "API000331"
    ALREADY_EXISTS = "API000341"
    NOT_EXTRACTABLE = "API000352"
    NO_PERMISSION = "API000452"
    NOT_EMPTY = "API000363"


class ApiError(Exception):
    """A request B2Bi would refuse; rendered as ``{"errorCode", "errorDescription"}``."""

    def __init__(self, status: int, code: ApiCode, text: str) -> None:
        super().__init__(f"{code.value}: {text}")
        self.status = status
        self.code = code
        self.text = text


def error_response(status: int, description: str) -> Response:
    # IBM's Swagger spells the field "errorDiscription" while servers and clients use "errorDescription";
    # sending both satisfies the published model and every client seen in the wild.
    body: JsonObject = {"errorCode": status, "errorDescription": description, "errorDiscription": description}
    return Response.json(body, status)


def liberty_unauthorized() -> Response:
    """Liberty rejects bad credentials before the API runs: HTML body, Basic challenge, no JSON."""
    response = Response.text(
        "Error 401: SRVE0295E: Error reported: 401\n", status=401, content_type="text/html;charset=ISO-8859-1"
    )
    response.headers.append(("WWW-Authenticate", 'Basic realm="B2BAPIs"'))
    return response


def liberty_forbidden() -> Response:
    """An authenticated user outside the API's security role: Liberty's own 403 page."""
    return Response.text("Error 403: AuthorizationFailed\n", status=403, content_type="text/html;charset=ISO-8859-1")


@lru_cache(maxsize=256)
def _like_pattern(pattern: str, substring: bool) -> re.Pattern[str]:
    body = ".*".join(re.escape(part) for part in pattern.split("%"))
    if substring and "%" not in pattern:
        body = f".*{body}.*"
    return re.compile(f"^{body}$", re.DOTALL)


def like(value: str, pattern: str, *, substring: bool = False) -> bool:
    """SQL-LIKE matching with ``%``; with ``substring`` a pattern without ``%`` matches anywhere (``searchFor``)."""
    return _like_pattern(pattern, substring).match(value) is not None


_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


@dataclass(frozen=True)
class ListOptions:
    """The framework's list parameters: ``_range=a-b`` (zero-based, inclusive), ``_include``, ``_exclude``."""

    start: int
    end: int
    include: frozenset[str]
    exclude: frozenset[str]

    @classmethod
    def parse(cls, query: Mapping[str, str], *, default_size: int, max_size: int) -> ListOptions:
        raw = query.get("_range")
        if raw is None:
            start, end = 0, default_size - 1
        else:
            match = _RANGE.match(raw)
            if match is None or int(match.group(2)) < int(match.group(1)):
                raise ApiError(400, ApiCode.INVALID_INPUT, f"_range '{raw}' is not of the form start-end")
            start, end = int(match.group(1)), int(match.group(2))
            end = min(end, start + max_size - 1)
        return cls(start, end, _field_set(query.get("_include")), _field_set(query.get("_exclude")))

    def page(self, items: Sequence[T], render: Callable[[T], JsonObject]) -> list[JsonObject]:
        """The requested slice, rendered (only the slice: a page of a big mailbox costs one page of work)."""
        return [select_fields(render(item), self.include, self.exclude) for item in items[self.start : self.end + 1]]


def _field_set(raw: str | None) -> frozenset[str]:
    if not raw:
        return frozenset()
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


# Framework metadata survives _include, so a client can always follow an item's href.
_ALWAYS = frozenset({"_id", "_title", "href", "$ref"})


def select_fields(item: JsonObject, include: frozenset[str], exclude: frozenset[str]) -> JsonObject:
    if include:
        item = {key: value for key, value in item.items() if key in include or key in _ALWAYS}
    if exclude:
        item = {key: value for key, value in item.items() if key not in exclude}
    return item
