"""The five entry points the connector and the CLI use for X12 (the EDIFACT facade has the same five)."""

from __future__ import annotations

import io

from shared.edi.model import JsonValue, ValidationReport
from shared.edi.x12.ack_reader import parse_ta1
from shared.edi.x12.acks import acknowledge_bytes
from shared.edi.x12.documents import to_json_value, transaction_to_json
from shared.edi.x12.envelope import GroupHeader, InterchangeHeader, TechnicalAck, Transaction
from shared.edi.x12.reader import read_events
from shared.edi.x12.render import render_bytes
from shared.edi.x12.validate import validate_bytes

__all__ = ["acknowledge", "detect", "render", "to_json", "validate"]

_LEADING = b" \t\r\n\x00"


def detect(data: bytes) -> bool:
    """True when ``data`` starts (after a BOM and whitespace) with an ISA and a plausible element separator."""
    head = data[:512].removeprefix(b"\xef\xbb\xbf").lstrip(_LEADING)
    return head.startswith(b"ISA") and len(head) > 3 and not chr(head[3]).isalnum() and head[3:4] not in b" \r\n"


def validate(data: bytes) -> ValidationReport:
    return validate_bytes(data)


def acknowledge(data: bytes) -> bytes:
    return acknowledge_bytes(data)


def render(data: bytes) -> str:
    return render_bytes(data)


def to_json(data: bytes) -> JsonValue:
    interchanges: list[JsonValue] = []
    groups: list[JsonValue] = []
    transactions: list[JsonValue] = []
    for event in read_events(io.BytesIO(data)):
        if isinstance(event, InterchangeHeader):
            groups = []
            interchanges.append(
                {
                    "control_number": event.control_number,
                    "sender": f"{event.sender_qualifier}:{event.sender_id.strip()}",
                    "receiver": f"{event.receiver_qualifier}:{event.receiver_id.strip()}",
                    "version": event.version,
                    "usage": event.usage,
                    "groups": groups,
                }
            )
        elif isinstance(event, GroupHeader):
            transactions = []
            groups.append(
                {
                    "functional_id": event.functional_id,
                    "control_number": event.control_number,
                    "version": event.version,
                    "transactions": transactions,
                }
            )
        elif isinstance(event, Transaction):
            transactions.append(transaction_to_json(event))
        elif isinstance(event, TechnicalAck):
            groups.append({"ta1": to_json_value(parse_ta1(event.segment))})
    return {"standard": "X12", "interchanges": interchanges}
