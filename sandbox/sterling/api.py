"""What every resource handler receives and the helpers they share: the call, body parsing, list answers."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from enum import Enum
from urllib.parse import quote

from sandbox.sterling.auth import SterlingUser, UserStore
from sandbox.sterling.records import Mailbox
from sandbox.sterling.store import SterlingStore
from sandbox.sterling.wire import ApiCode, ApiError, JsonObject, ListOptions, T
from sandbox.web import JsonValue, Request, Response

__all__ = [
    "API_BASE",
    "ROWS_AFFECTED",
    "Behaviour",
    "Call",
    "ExtractResponse",
    "Handler",
    "Services",
    "item_metadata",
    "optional_bool",
    "optional_int",
    "optional_str",
    "required_str",
]

API_BASE = "/B2BAPIs/svc"


class ExtractResponse(Enum):
    """What ``extractmailboxmessage`` puts in ``response``: IBM does not say, so it is switchable."""

    STATUS = "status"
    EMPTY = "empty"
    PAYLOAD = "payload"


@dataclass(frozen=True)
class Behaviour:
    """The emulator's switchable choices where the reference is unsure (each recorded in ADR 0240)."""

    zone: tzinfo = UTC
    empty_list_status: int = 404
    default_page_size: int = 100
    max_page_size: int = 1000
    extract_response: ExtractResponse = ExtractResponse.STATUS
    location_header: bool = False


@dataclass
class Services:
    """The emulator's parts a handler may use; ``behaviour`` can be swapped at run time by the control API."""

    store: SterlingStore
    users: UserStore
    behaviour: Behaviour


@dataclass(frozen=True)
class Call:
    request: Request
    params: dict[str, str]
    user: SterlingUser
    services: Services

    @property
    def store(self) -> SterlingStore:
        return self.services.store

    @property
    def behaviour(self) -> Behaviour:
        return self.services.behaviour

    @property
    def base(self) -> str:
        return self.request.base_url + API_BASE

    def url(self, resource: str, item: str | int) -> str:
        # Real Locations carry documentIds with bare colons (sterling.md §3.1); clients encode them in paths.
        return f"{self.base}/{resource}/{quote(str(item), safe=':')}"

    def query(self, name: str) -> str | None:
        return self.request.query_value(name)

    def query_map(self) -> dict[str, str]:
        return dict(self.request.query)

    def body(self) -> JsonObject:
        try:
            parsed = self.request.json()
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(400, ApiCode.INVALID_INPUT, "The request body is not valid JSON") from exc
        if parsed is None:
            return {}
        if not isinstance(parsed, dict):
            raise ApiError(400, ApiCode.INVALID_INPUT, "The request body must be a JSON object")
        return parsed

    def require_access(self, mailbox: Mailbox) -> None:
        if not self.user.may_access(mailbox):
            raise ApiError(
                403,
                ApiCode.NO_PERMISSION,
                f"User '{self.user.user_id}' lacks the permission '{mailbox.permission}'; "
                "grant it to the user or use an account that holds it",
            )

    def require_super_user(self, what: str) -> None:
        if not self.user.super_user:
            raise ApiError(403, ApiCode.NO_PERMISSION, f"User '{self.user.user_id}' may not {what}")

    def created(self, resource: str, item: str | int) -> Response:
        location = self.url(resource, item)
        headers = [("Location", location)] if self.behaviour.location_header else []
        return Response.json({"Location": location}, 201, headers)

    def list_answer(self, items: Sequence[T], render: Callable[[T], JsonObject], what: str) -> Response:
        options = ListOptions.parse(
            self.query_map(), default_size=self.behaviour.default_page_size, max_size=self.behaviour.max_page_size
        )
        page = options.page(items, render)
        if not page and self.behaviour.empty_list_status == 404:
            raise ApiError(404, ApiCode.NOT_FOUND, f"No {what} found for the given criteria")
        return Response.json(list[JsonValue](page))

    def now(self) -> datetime:
        return self.store.now()


Handler = Callable[[Call], Response]

ROWS_AFFECTED: JsonObject = {"rowsAffected": "1"}


def optional_str(body: JsonObject, key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(400, ApiCode.INVALID_INPUT, f"'{key}' must be a string, got {json.dumps(value)}")
    return value


def required_str(body: JsonObject, key: str) -> str:
    value = optional_str(body, key)
    if value is None or not value.strip():
        raise ApiError(400, ApiCode.INVALID_INPUT, f"'{key}' is required")
    return value


def optional_bool(body: JsonObject, key: str) -> bool | None:
    """Writes take plain values (``true`` or the constrained codes 0/1), never the read-side ``{code, display}``."""
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ApiError(400, ApiCode.INVALID_INPUT, f"'{key}' must be true or false, got {json.dumps(value)}")


def optional_int(body: JsonObject, key: str, *, minimum: int = 0) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ApiError(400, ApiCode.INVALID_INPUT, f"'{key}' must be an integer >= {minimum}, got {json.dumps(value)}")
    return value


def item_metadata(call: Call, resource: str, item: str | int, tag: str) -> JsonObject:
    url = call.url(resource, item)
    return {
        "_id": str(item),
        "_title": f"{tag}({item})",
        "$ref": url,
        "href": url,
        "actions": {"href": f"{url}/actions", "$ref": f"{url}/actions"},
    }
