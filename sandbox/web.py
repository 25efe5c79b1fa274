"""The small HTTP vocabulary every emulator speaks: a request, a response, an app, a router.

Emulators are plain objects with ``handle(Request) -> Response``; ``sandbox.server`` serves them over real
sockets (HTTP or HTTPS), so the product's real clients (requests, azure-identity, azure-keyvault-secrets)
talk to them unchanged.  Keeping the apps free of sockets lets their own tests call ``handle`` directly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qsl

__all__ = ["App", "Headers", "JsonValue", "Request", "Response", "Route", "Router"]

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


class Headers(Mapping[str, str]):
    """Case-insensitive, read-only header mapping (last value wins for repeats)."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items: dict[str, tuple[str, str]] = {}
        for name, value in items:
            self._items[name.lower()] = (name, value)

    def __getitem__(self, key: str) -> str:
        return self._items[key.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (original for original, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._items


@dataclass(frozen=True)
class Request:
    """One HTTP request as an emulator sees it."""

    method: str
    path: str
    raw_query: str = ""
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    scheme: str = "http"
    host: str = "127.0.0.1"

    @property
    def query(self) -> list[tuple[str, str]]:
        """Decoded query pairs in their order (OData options such as ``$filter`` keep their ``$``)."""
        return parse_qsl(self.raw_query, keep_blank_values=True)

    def query_value(self, name: str) -> str | None:
        for key, value in self.query:
            if key == name:
                return value
        return None

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}"

    def json(self) -> JsonValue:
        """The body parsed as JSON (raises ``ValueError`` when it is not JSON)."""
        parsed: JsonValue = json.loads(self.body.decode("utf-8")) if self.body else None
        return parsed


@dataclass
class Response:
    """One HTTP response, plus the misbehaviours a fault can ask the server to act out."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    # Faults: sleep before answering; or drop the connection without answering (after doing the work).
    delay_seconds: float = 0.0
    reset_connection: bool = False

    @classmethod
    def json(cls, value: JsonValue, status: int = 200, headers: Iterable[tuple[str, str]] = ()) -> Response:
        body = json.dumps(value, separators=(",", ":")).encode("utf-8")
        return cls(status, [("Content-Type", "application/json; charset=utf-8"), *headers], body)

    @classmethod
    def text(cls, value: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> Response:
        return cls(status, [("Content-Type", content_type)], value.encode("utf-8"))

    @classmethod
    def empty(cls, status: int = 204, headers: Iterable[tuple[str, str]] = ()) -> Response:
        return cls(status, list(headers), b"")

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


class App(Protocol):
    """Anything that answers requests; what ``sandbox.server`` serves."""

    def handle(self, request: Request) -> Response: ...


Handler = Callable[[Request, dict[str, str]], Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler


class Router:
    """Method + path-regex dispatch; named groups become the handler's ``params``.

    Unknown paths answer 404 and known paths with another method 405, each through a caller-supplied error
    function so every emulator can answer in its own system's error format.
    """

    def __init__(self, error: Callable[[int, str], Response]) -> None:
        self._routes: list[Route] = []
        self._error = error

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        self._routes.append(Route(method.upper(), re.compile(f"^{pattern}$"), handler))

    def dispatch(self, request: Request) -> Response:
        path_matched = False
        for route in self._routes:
            match = route.pattern.match(request.path)
            if match is None:
                continue
            path_matched = True
            if route.method == request.method.upper():
                return route.handler(request, {k: v for k, v in match.groupdict().items() if v is not None})
        if path_matched:
            return self._error(405, f"method {request.method} is not allowed on {request.path}")
        return self._error(404, f"no resource at {request.path}")
