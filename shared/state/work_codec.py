"""Work items on the wire: base64 of UTF-8 JSON, the encoding the Functions queue trigger expects by default.

The size guard applies to the JSON before base64: a Storage queue message holds 64 KiB *encoded*, which is
48 KiB (49,152 bytes) of content. Work items carry references, so hitting the limit means a caller put a
document where a reference belongs; it is refused here, by name, rather than as a 413 from the service.
"""

from __future__ import annotations

import base64
import binascii
import json

from shared.state.errors import WorkItemTooLargeError
from shared.state.records import PayloadRef, WorkItem

__all__ = ["MAX_MESSAGE_BYTES", "WorkItemDecodeError", "decode_work_item", "work_item_json", "work_item_wire"]

MAX_MESSAGE_BYTES = 48 * 1024
_FORMAT = 1


class WorkItemDecodeError(ValueError):
    """A queue message that is not a work item this connector wrote (moved to the poison queue as is)."""


def work_item_json(item: WorkItem) -> str:
    """The JSON text of ``item``, refused if its UTF-8 form exceeds :data:`MAX_MESSAGE_BYTES`."""
    document = {
        "v": _FORMAT,
        "kind": item.kind,
        "flow": item.flow,
        "natural_key": item.natural_key,
        "partner": item.partner,
        "correlation_id": item.correlation_id,
        "payload": item.payload.text if item.payload else None,
        "attempt": item.attempt,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    size = len(text.encode("utf-8"))
    if size > MAX_MESSAGE_BYTES:
        raise WorkItemTooLargeError(
            f"work item is {size} bytes, over the {MAX_MESSAGE_BYTES}-byte queue message limit",
            context={"flow": item.flow, "natural_key": item.natural_key[:80], "partner": item.partner},
            hint="archive the document with the payload archive and enqueue its reference instead",
        )
    return text


def work_item_wire(item: WorkItem) -> str:
    """The message text as it sits in the queue (base64 of the JSON)."""
    return base64.b64encode(work_item_json(item).encode("utf-8")).decode("ascii")


def _text(document: dict[str, object], name: str) -> str:
    value = document.get(name)
    if not isinstance(value, str):
        raise WorkItemDecodeError(f"work item field {name!r} is missing or not text")
    return value


def decode_work_item(wire: str) -> WorkItem:
    """The work item in a queue message as it sits in the queue (base64 of UTF-8 JSON)."""
    try:
        document = json.loads(base64.b64decode(wire.encode("ascii"), validate=True).decode("utf-8"))
    except (UnicodeError, binascii.Error, ValueError) as exc:
        raise WorkItemDecodeError(f"queue message is not base64 of UTF-8 JSON: {exc}") from exc
    if not isinstance(document, dict) or document.get("v") != _FORMAT:
        raise WorkItemDecodeError("queue message is not a version-1 work item")
    attempt = document.get("attempt")
    payload = document.get("payload")
    if not isinstance(attempt, int) or isinstance(attempt, bool):
        raise WorkItemDecodeError("work item field 'attempt' is not a whole number")
    if payload is not None and not isinstance(payload, str):
        raise WorkItemDecodeError("work item field 'payload' is not a reference")
    try:
        return WorkItem(
            kind=_text(document, "kind"),
            flow=_text(document, "flow"),
            natural_key=_text(document, "natural_key"),
            partner=_text(document, "partner"),
            correlation_id=_text(document, "correlation_id"),
            payload=PayloadRef.parse(payload) if payload else None,
            attempt=attempt,
        )
    except ValueError as exc:
        raise WorkItemDecodeError(str(exc)) from exc
