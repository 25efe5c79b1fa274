"""``POST /data/$batch``: multipart/mixed with changesets (reference §3.8).

Each changeset is atomic: when one of its requests fails, every change the others made is rolled back and
the changeset answers with the failing request's response alone (as the captured F&O response shows).  The
outer response is 200 whatever happens inside.  ``$<Content-ID>`` at the start of a URL inside a changeset
refers to the entity an earlier request of the same changeset created.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urlsplit

from sandbox.dynamics.errors import ODataFault, odata_error
from sandbox.dynamics.store import Store
from sandbox.web import Headers, Request, Response

__all__ = ["MAX_OPERATIONS", "handle_batch"]

MAX_OPERATIONS = 5000  # reference §3.8 / §4.2
_BOUNDARY = re.compile(r'boundary\s*=\s*"?([^";]+)"?', re.IGNORECASE)


@dataclass(frozen=True)
class _Operation:
    content_id: str
    request: Request


@dataclass(frozen=True)
class _ChangeSet:
    operations: tuple[_Operation, ...]


class _ChangesetFailed(Exception):  # noqa: N818 - control flow: unwind the changeset's transaction
    def __init__(self, content_id: str, response: Response) -> None:
        super().__init__(response.status)
        self.content_id = content_id
        self.response = response


def _boundary(content_type: str) -> str:
    match = _BOUNDARY.search(content_type)
    if match is None or not content_type.lower().startswith("multipart/mixed"):
        raise ODataFault(
            odata_error(400, "The batch request must have a 'multipart/mixed' Content-Type with a boundary.")
        )
    return match.group(1)


def _split_parts(text: str, boundary: str) -> list[str]:
    delimiter = f"--{boundary}"
    end = text.find(f"{delimiter}--")
    if end < 0:
        raise ODataFault(odata_error(400, f"The batch body does not end with the closing delimiter of '{boundary}'."))
    chunks = text[:end].split(delimiter)[1:]
    return [chunk.removeprefix("\r\n").removeprefix("\n") for chunk in chunks]


def _head_and_body(part: str) -> tuple[list[str], str]:
    normalized = part.replace("\r\n", "\n")
    head, _, body = normalized.partition("\n\n")
    return [line for line in head.split("\n") if line.strip()], body


def _headers(lines: list[str]) -> Headers:
    pairs = []
    for line in lines:
        name, _, value = line.partition(":")
        pairs.append((name.strip(), value.strip()))
    return Headers(pairs)


def _operation(part: str, base: Request) -> _Operation:
    head, rest = _head_and_body(part)
    part_headers = _headers(head)
    http_lines, body = _head_and_body(rest)
    if not http_lines:
        raise ODataFault(odata_error(400, "A batch part holds no HTTP request line."))
    method, _, target = http_lines[0].partition(" ")
    target = target.rsplit(" HTTP/", 1)[0].strip()
    return _Operation(
        part_headers.get("Content-ID", ""),
        Request(
            method=method.upper(),
            path=target,  # resolved when it runs: it may reference an earlier Content-ID
            headers=_headers(http_lines[1:]),
            body=body.rstrip("\r\n").encode("utf-8"),
            scheme=base.scheme,
            host=base.host,
        ),
    )


def _resolve(op: _Operation, locations: dict[str, str]) -> Request:
    target = op.request.path
    if target.startswith("$"):
        ref, sep, remainder = target[1:].partition("/")
        if ref not in locations:
            raise _ChangesetFailed(
                op.content_id, odata_error(400, f"The Content-ID '${ref}' does not refer to an earlier request.")
            )
        target = locations[ref] + (sep + remainder if sep else "")
    parts = urlsplit(target)
    path = parts.path if parts.scheme or target.startswith("/") else "/data/" + parts.path
    r = op.request
    return Request(r.method, path, parts.query, r.headers, r.body, r.scheme, r.host)


def _render(response: Response, content_id: str) -> str:
    reason = HTTPStatus(response.status).phrase if response.status in HTTPStatus._value2member_map_ else ""
    lines = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"]
    if content_id:
        lines.append(f"Content-ID: {content_id}")
    lines += ["", f"HTTP/1.1 {response.status} {reason}"]
    lines += [f"{name}: {value}" for name, value in response.headers if name.lower() != "content-length"]
    lines += ["", response.body.decode("utf-8")]
    return "\r\n".join(lines)


def _multipart(boundary: str, parts: list[str]) -> str:
    return "".join(f"--{boundary}\r\n{part}\r\n" for part in parts) + f"--{boundary}--"


def handle_batch(
    request: Request, store: Store, execute: Callable[[Request], Response], fault: Callable[[Request], bool]
) -> Response:
    """Run every part; ``execute`` answers one inner request, ``fault`` says whether to fail it as a 500 would."""
    boundary = _boundary(request.headers.get("Content-Type", ""))
    text = request.body.decode("utf-8")
    items: list[_Operation | _ChangeSet] = []
    for part in _split_parts(text, boundary):
        head, rest = _head_and_body(part)
        content_type = _headers(head).get("Content-Type", "")
        if content_type.lower().startswith("multipart/mixed"):
            inner = _split_parts(rest, _boundary(content_type))
            items.append(_ChangeSet(tuple(_operation(p, request) for p in inner)))
        else:
            items.append(_operation(part, request))
    count = sum(len(i.operations) if isinstance(i, _ChangeSet) else 1 for i in items)
    if count > MAX_OPERATIONS:
        raise ODataFault(odata_error(400, f"The batch holds {count} operations; at most {MAX_OPERATIONS} are allowed."))

    def run(op: _Operation, locations: dict[str, str]) -> Response:
        inner = _resolve(op, locations)
        if fault(inner):
            return odata_error(
                500,
                "An error has occurred.",
                "Transaction was aborted by the database server (simulated part failure).",
                "System.Data.SqlClient.SqlException",
            )
        return execute(inner)

    rendered: list[str] = []
    for item in items:
        if isinstance(item, _Operation):
            try:
                rendered.append(_render(run(item, {}), item.content_id))
            except _ChangesetFailed as failed:
                rendered.append(_render(failed.response, failed.content_id))
            continue
        changeset_boundary = f"changesetresponse_{uuid.uuid4()}"
        answers: list[str] = []
        try:
            with store.transaction():
                locations: dict[str, str] = {}
                for op in item.operations:
                    response = run(op, locations)
                    if response.status >= 400:
                        raise _ChangesetFailed(op.content_id, response)
                    location = response.header("Location")
                    if op.content_id and location:
                        locations[op.content_id] = location
                    answers.append(_render(response, op.content_id))
        except _ChangesetFailed as failed:
            answers = [_render(failed.response, failed.content_id)]
        rendered.append(
            f"Content-Type: multipart/mixed; boundary={changeset_boundary}\r\n\r\n"
            + _multipart(changeset_boundary, answers)
        )
    outer = f"batchresponse_{uuid.uuid4()}"
    return Response(
        200,
        [("Content-Type", f"multipart/mixed; boundary={outer}"), ("OData-Version", "4.0")],
        _multipart(outer, rendered).encode("utf-8"),
    )
