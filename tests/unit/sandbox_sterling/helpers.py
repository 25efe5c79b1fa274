"""Shared by the Sterling emulator tests: a settable clock, a client that calls ``handle``, a Swagger checker."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from sandbox.sterling import SterlingEmulator
from sandbox.web import Headers, Request, Response

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "reference"
API = "/B2BAPIs/svc"
USER, PASSWORD = "connector", "s3cret-connector"
ADMIN_PASSWORD = "admin-pw"


@dataclass
class FakeClock:
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 14, 17, 19, 20, 250000, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def make_emulator(clock: FakeClock | None = None, **kwargs: Any) -> SterlingEmulator:
    emulator = SterlingEmulator(issuer_url="http://127.0.0.1:5074", clock=clock or FakeClock(), **kwargs)
    emulator.seed_partners(USER, PASSWORD, ADMIN_PASSWORD)
    return emulator


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@dataclass
class Client:
    emulator: SterlingEmulator
    authorization: str | None = field(default_factory=lambda: basic(USER, PASSWORD))

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        all_headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if self.authorization:
            all_headers["Authorization"] = self.authorization
        all_headers.update(headers or {})
        raw = b"" if body is None else json.dumps(body).encode()
        full = path if path.startswith("/sandbox") or path.startswith("/realms") else API + path
        return self.emulator.handle(
            Request(method, full, urlencode(query or {}), Headers(all_headers.items()), raw, "http", "127.0.0.1:5074")
        )

    def upload(self, payload: bytes, **extra: Any) -> str:
        response = self.call("POST", "/documents/", {"payload": base64.b64encode(payload).decode(), **extra})
        assert response.status == 201, response.body
        return str(body_of(response)["Location"]).rsplit("/", 1)[1]

    def post_message(self, mailbox: str, name: str, payload: bytes = b"ISA*...~", **extra: Any) -> int:
        from urllib.parse import unquote

        document_id = unquote(self.upload(payload))
        response = self.call(
            "POST", "/mailboxmessages/", {"documentId": document_id, "mailboxPath": mailbox, "name": name, **extra}
        )
        assert response.status == 201, response.body
        return int(str(body_of(response)["Location"]).rsplit("/", 1)[1])

    def mailbox_id(self, path: str) -> int:
        found = body_of(self.call("GET", "/mailboxes/", query={"path": path}))
        return int(found[0]["_id"])


def body_of(response: Response) -> Any:
    return json.loads(response.body)


def encoded(document_id: str) -> str:
    return quote(document_id, safe="")


# -- a small validator over the Swagger definitions ---------------------------------------------------------


@cache
def swagger() -> dict[str, Any]:
    return json.loads((REFERENCE / "sterling-b2bi-swagger.json").read_text())


def response_schema(path: str, method: str, status: int) -> dict[str, Any]:
    responses = swagger()["paths"][path][method.lower()]["responses"]
    return (responses.get(str(status)) and responses[str(status)]["schema"]) or responses["default"]["schema"]


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def schema_errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Type, required-field and enum violations of ``value`` against a Swagger 2.0 schema."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/definitions/")
        return schema_errors(value, swagger()["definitions"][name], where)
    errors: list[str] = []
    kind = schema.get("type") or ("object" if "properties" in schema else None)
    if kind is not None:
        allowed = _TYPES[kind]
        if not isinstance(value, allowed) or (kind in ("integer", "number") and isinstance(value, bool)):
            return [f"{where}: expected {kind}, got {type(value).__name__} {value!r}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in {schema['enum']}")
    if kind == "array":
        for index, item in enumerate(value):
            errors.extend(schema_errors(item, schema.get("items", {}), f"{where}[{index}]"))
    if kind == "object":
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{where}: required field '{name}' is missing")
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                errors.extend(schema_errors(value[name], sub, f"{where}.{name}"))
    return errors


def assert_valid(response: Response, path: str, method: str) -> Any:
    body = body_of(response)
    errors = schema_errors(body, response_schema(path, method, response.status))
    assert not errors, errors
    return body
