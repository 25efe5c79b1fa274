"""OData ``$batch`` with one changeset: build the multipart/mixed request, read every part's answer.

A changeset is atomic in F&O (all its operations happen or none, dynamics.md §3.8), and the outer response is
200 even when an operation failed, so every part's own status is checked.  Operations may address the entity
created by an earlier one with ``$<Content-ID>`` (``$1/SalesOrderLines``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from shared.dynamics.rows import ODataRow, ODataValue

__all__ = [
    "BatchFormatError",
    "ChangeOperation",
    "PartResult",
    "build_changeset",
    "encode_json",
    "parse_batch_response",
]

CRLF = "\r\n"


class BatchFormatError(ValueError):
    """The $batch response could not be read."""


@dataclass(frozen=True)
class ChangeOperation:
    """One write inside a changeset; ``target`` is an entity set, a key path, or ``$n/<navigation>``."""

    method: str
    target: str
    body: Mapping[str, ODataValue] | None = None

    def __post_init__(self) -> None:
        if self.method not in {"POST", "PATCH", "DELETE"}:
            raise ValueError(f"a changeset holds writes only, not {self.method}")
        if any(ch in self.target for ch in " \r\n"):
            raise ValueError(f"invalid changeset target {self.target!r}")


@dataclass(frozen=True)
class PartResult:
    content_id: str
    status: int
    body: bytes
    headers: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> ODataRow:
        if not self.body.strip():
            return {}
        parsed: ODataValue = json.loads(self.body, parse_float=Decimal)
        if not isinstance(parsed, dict):
            raise BatchFormatError("a $batch part's body is not a JSON object")
        return parsed


def _default(value: object) -> object:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        # JSON numbers go out through float; refuse a value float would change (beyond money precision).
        if Decimal(repr(as_float)) != value.normalize():
            raise ValueError(f"{value} cannot be sent exactly as a JSON number")
        return as_float
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def encode_json(body: Mapping[str, ODataValue]) -> str:
    return json.dumps(body, default=_default, separators=(",", ":"), ensure_ascii=False)


def build_changeset(data_url: str, operations: Sequence[ChangeOperation]) -> tuple[str, bytes]:
    """(Content-Type header value, body) of a $batch request holding ``operations`` as one changeset."""
    if not operations:
        raise ValueError("a changeset needs at least one operation")
    batch = f"batch_{uuid.uuid4()}"
    changeset = f"changeset_{uuid.uuid4()}"
    lines = [f"--{batch}", f"Content-Type: multipart/mixed; boundary={changeset}", ""]
    for index, operation in enumerate(operations, start=1):
        target = operation.target if operation.target.startswith("$") else f"{data_url}/{operation.target}"
        lines += [
            f"--{changeset}",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            f"Content-ID: {index}",
            "",
            f"{operation.method} {target} HTTP/1.1",
            "OData-Version: 4.0",
            "OData-MaxVersion: 4.0",
            "Accept: application/json",
        ]
        if operation.body is not None:
            lines += ["Content-Type: application/json; odata.metadata=minimal", "", encode_json(operation.body)]
        else:
            lines += [""]
    lines += [f"--{changeset}--", f"--{batch}--", ""]
    return f"multipart/mixed; boundary={batch}", CRLF.join(lines).encode("utf-8")


_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)


def _boundary(content_type: str) -> str:
    match = _BOUNDARY.search(content_type)
    if match is None:
        raise BatchFormatError(f"no multipart boundary in {content_type!r}")
    return match.group(1).strip()


def _split_headers(block: bytes) -> tuple[dict[str, str], bytes]:
    normalised = block.replace(b"\r\n", b"\n")
    head, _, rest = normalised.partition(b"\n\n")
    headers: dict[str, str] = {}
    for line in head.decode("utf-8", errors="replace").split("\n"):
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return headers, rest


def _parts(body: bytes, boundary: str) -> Iterator[bytes]:
    delimiter = b"--" + boundary.encode("ascii")
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            return
        yield chunk.strip(b"\r\n")


def parse_batch_response(content_type: str, body: bytes) -> list[PartResult]:
    """Every operation's answer, in order, from a $batch response (changesets flattened)."""
    results: list[PartResult] = []
    for part in _parts(body, _boundary(content_type)):
        headers, payload = _split_headers(part)
        part_type = headers.get("content-type", "")
        if part_type.lower().startswith("multipart/mixed"):
            results.extend(parse_batch_response(part_type, payload))
            continue
        results.append(_http_part(headers, payload))
    return results


def _http_part(part_headers: Mapping[str, str], payload: bytes) -> PartResult:
    status_line, _, rest = payload.replace(b"\r\n", b"\n").partition(b"\n")
    fields = status_line.decode("ascii", errors="replace").split(" ", 2)
    if len(fields) < 2 or not fields[0].startswith("HTTP/") or not fields[1].isdigit():
        raise BatchFormatError(f"a $batch part has no HTTP status line: {status_line[:80]!r}")
    headers, body = _split_headers(rest)
    return PartResult(
        content_id=part_headers.get("content-id", ""),
        status=int(fields[1]),
        body=body.strip(b"\n"),
        headers=headers,
    )
