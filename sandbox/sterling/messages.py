"""``mailboxmessages``: messages that reference a stored document, with B2Bi's extractability rules."""

from __future__ import annotations

import base64
from datetime import datetime

from sandbox.sterling.api import (
    ROWS_AFFECTED,
    Call,
    ExtractResponse,
    item_metadata,
    optional_bool,
    optional_int,
    optional_str,
    required_str,
)
from sandbox.sterling.records import Extractability, MailboxMessage
from sandbox.sterling.wire import ApiCode, ApiError, JsonObject, coded, like, render_date
from sandbox.web import Response

__all__ = ["create", "delete", "extract", "move", "read_list", "read_one", "update"]

RESOURCE = "mailboxmessages"
# B2Bi's own limit outside DB2 on z/OS (Mailbox Add service).
MAX_NAME_LENGTH = 255


def view(call: Call, message: MailboxMessage) -> JsonObject:
    zone = call.behaviour.zone
    mailbox = call.store.mailbox(message.mailbox_id)
    item = item_metadata(call, RESOURCE, message.id, "MailboxMessage")
    item.update(
        {
            "mailboxPath": mailbox.path,
            "mailboxId": mailbox.id,
            "name": message.name,
            "id": message.id,
            "creationDate": render_date(message.created, zone),
            "size": message.size,
            "documentId": message.document_id,
        }
    )
    extract = message.extractability
    if extract.always is not None:
        item["extractableAlways"] = coded(extract.always)
    if extract.count is not None:
        item["extractableCount"] = extract.count
    if extract.until is not None:
        item["extractableUntil"] = render_date(extract.until, zone)
    return item


def _parse_until(raw: str | None, call: Call) -> datetime | None:
    """Swagger says date-time and, in the same breath, ``yyyyMMddThhmm``; both are accepted."""
    if raw is None:
        return None
    zone = call.behaviour.zone
    for pattern in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(raw, pattern)  # noqa: DTZ007 - the pattern carries %z
        except ValueError:
            continue
    # Without an offset the server reads the time in its own zone.
    for pattern in ("%Y%m%dT%H%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(raw, pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    raise ApiError(
        400, ApiCode.INVALID_INPUT, f"'extractableUntil' must be yyyyMMddTHHmm or an ISO date-time, got '{raw}'"
    )


def _extractability(call: Call, body: JsonObject, current: Extractability | None) -> Extractability:
    """The three settings are alternatives (B2Bi's UI offers one of them): a write naming any replaces them all."""
    always = optional_bool(body, "extractableAlways")
    count = optional_int(body, "extractableCount")
    until = _parse_until(optional_str(body, "extractableUntil"), call)
    if always is None and count is None and until is None:
        # The Mailbox Add service defaults to "extractable: Yes"; REST is assumed to do the same (ADR 0240).
        return Extractability(always=True) if current is None else current
    return Extractability(always, count, until)


def create(call: Call) -> Response:
    body = call.body()
    document_id = required_str(body, "documentId")
    mailbox_path = required_str(body, "mailboxPath")
    name = required_str(body, "name")
    if len(name) > MAX_NAME_LENGTH:
        raise ApiError(400, ApiCode.INVALID_INPUT, f"'name' is longer than {MAX_NAME_LENGTH} characters")
    extractability = _extractability(call, body, None)
    with call.store.locked():
        call.require_access(call.store.mailbox_at(mailbox_path))
        message = call.store.add_message(mailbox_path, name, document_id, extractability)
    return call.created(RESOURCE, message.id)


def _message_id(call: Call) -> int:
    raw = call.params["id"]
    if not raw.isdigit():
        raise ApiError(400, ApiCode.INVALID_INPUT, f"Mailbox message id must be numeric, got '{raw}'")
    return int(raw)


def _accessible(call: Call) -> MailboxMessage:
    message = call.store.message(_message_id(call))
    call.require_access(call.store.mailbox(message.mailbox_id))
    return message


def read_list(call: Call) -> Response:
    name = call.query("name")
    search = call.query("searchFor")
    found: list[MailboxMessage] = []
    for message in call.store.messages():
        if not call.user.may_access(call.store.mailbox(message.mailbox_id)):
            continue
        if name is not None and not like(message.name, name):
            continue
        if search and not like(message.name, search, substring=True):
            continue
        found.append(message)
    return call.list_answer(found, lambda message: view(call, message), "mailbox messages")


def read_one(call: Call) -> Response:
    return Response.json(view(call, _accessible(call)))


def update(call: Call) -> Response:
    body = call.body()
    optional_bool(body, "resubmitMessage")  # validated; there is no routing in the sandbox to resubmit to
    with call.store.locked():
        message = _accessible(call)
        call.store.set_extractability(message.id, _extractability(call, body, message.extractability))
    return Response.json(ROWS_AFFECTED)


def delete(call: Call) -> Response:
    with call.store.locked():
        call.store.delete_message(_accessible(call).id)
    return Response.json(ROWS_AFFECTED)


def extract(call: Call) -> Response:
    call.body()
    with call.store.locked():
        message = call.store.extract(_accessible(call).id)
    mode = call.behaviour.extract_response
    if mode is ExtractResponse.EMPTY:
        text = ""
    elif mode is ExtractResponse.PAYLOAD:
        text = base64.b64encode(call.store.document(message.document_id).content).decode("ascii")
    else:
        text = f"Mailbox message {message.id} extracted"
    return Response.json({"response": text})


def move(call: Call) -> Response:
    target_path = required_str(call.body(), "path")
    with call.store.locked():
        message = _accessible(call)
        call.require_access(call.store.mailbox_at(target_path))
        moved = call.store.move_message(message.id, target_path)
    return Response.json({"response": f"Mailbox message {moved.id} moved to {target_path}"})
