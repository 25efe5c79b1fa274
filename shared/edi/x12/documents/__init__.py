"""Typed views of the transaction sets the flows use, and their JSON form.

Each typed document keeps ``segments`` (everything the partner sent, in order), so nothing is dropped and the
original can be written back; the named fields are what the flows read.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from shared.edi.model import JsonValue
from shared.edi.x12.ack_reader import GroupAck, parse_group_ack
from shared.edi.x12.documents.logistics import ShipNotice, parse_856
from shared.edi.x12.documents.orders import Invoice, PurchaseOrder, parse_810, parse_850
from shared.edi.x12.documents.payments import Remittance, parse_820
from shared.edi.x12.envelope import Transaction, element
from shared.edi.x12.writer import TransactionSpec
from shared.errors import EdiError

__all__ = ["TypedDocument", "parse_document", "to_json_value", "transaction_spec", "transaction_to_json"]

TypedDocument = PurchaseOrder | Invoice | ShipNotice | Remittance | GroupAck


def parse_document(transaction: Transaction) -> TypedDocument | None:
    segments = transaction.segments
    match transaction.set_id:
        case "850":
            return parse_850(segments)
        case "810":
            return parse_810(segments)
        case "856":
            return parse_856(segments)
        case "820":
            return parse_820(segments)
        case "997" | "999":
            return parse_group_ack(segments)
    return None


def transaction_spec(document: TypedDocument, set_id: str) -> TransactionSpec:
    """What to hand ``build_interchange`` to send a typed document again (new envelope, new control numbers):
    its segments between ST and SE, exactly as held."""
    segments = document.segments
    if not segments:
        raise EdiError(f"the {set_id} document holds no segments to write")
    body = segments[1:-1] if segments[-1][0] == "SE" else segments[1:]
    return TransactionSpec(set_id, body, element(segments[0], 3))


def to_json_value(value: object) -> JsonValue:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json_value(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "segments"
        }
    if isinstance(value, tuple | list):
        return [to_json_value(v) for v in value]
    return str(value)


def transaction_to_json(transaction: Transaction) -> JsonValue:
    document = parse_document(transaction)
    return {
        "set_id": transaction.set_id,
        "control_number": transaction.control_number,
        "document": to_json_value(document) if document is not None else None,
        "segments": [list(segment) for segment in transaction.segments],
    }
