"""Golden files named by business scenario: writing is byte-stable, valid, and reads back as typed data."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from shared.edi.x12.ack_reader import AckStatus, GroupAck
from shared.edi.x12.documents import parse_document, transaction_spec
from shared.edi.x12.documents.logistics import ShipNotice
from shared.edi.x12.documents.orders import Invoice, PurchaseOrder
from shared.edi.x12.documents.payments import Remittance
from shared.edi.x12.reader import iter_transactions, read_bytes
from shared.edi.x12.validate import validate_bytes
from shared.edi.x12.writer import GroupSpec, InMemoryControlNumbers, build_interchange, serialise_events

from .scenarios import RETAILER, US, WHEN, golden, golden_name

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "edi" / "x12"
CASES = [(v, s) for v in ("00401", "00501") for s in ("850", "810", "856", "820", "997")]


@pytest.mark.parametrize(("version", "set_id"), CASES, ids=[golden_name(v, s) for v, s in CASES])
def test_writing_matches_golden_file(version: str, set_id: str) -> None:
    assert golden(version, set_id) == (FIXTURES / golden_name(version, set_id)).read_bytes()


@pytest.mark.parametrize(("version", "set_id"), CASES, ids=[golden_name(v, s) for v, s in CASES])
def test_golden_file_is_valid_and_round_trips(version: str, set_id: str) -> None:
    data = (FIXTURES / golden_name(version, set_id)).read_bytes()
    report = validate_bytes(data)
    assert report.valid, [i.describe() for i in report.issues]
    assert serialise_events(read_bytes(data)) == data


def _document(version: str, set_id: str) -> object:
    data = (FIXTURES / golden_name(version, set_id)).read_bytes()
    return parse_document(next(iter_transactions(io.BytesIO(data))))


@pytest.mark.parametrize("version", ["00401", "00501"])
def test_typed_documents_read_the_named_fields(version: str) -> None:
    order = _document(version, "850")
    assert isinstance(order, PurchaseOrder)
    assert (order.po_number, order.currency, order.line_count) == ("PO-1001", "USD", 2)
    invoice = _document(version, "810")
    assert isinstance(invoice, Invoice)
    assert invoice.total_cents == 13097
    assert [c.amount for c in invoice.allowances_charges] == [Decimal("20")]
    notice = _document(version, "856")
    assert isinstance(notice, ShipNotice)
    assert [level.level for level in notice.levels] == ["S", "O", "P", "I"]
    assert notice.levels[2].sscc == ("00007121610006156802",)
    assert notice.levels[1].po_number == "PO-1001"
    remittance = _document(version, "820")
    assert isinstance(remittance, Remittance)
    assert remittance.trace_number == "4311000190"
    assert remittance.amount == Decimal("4856.24")
    assert [a.amount for a in remittance.adjustments] == [Decimal("-50.00")]
    ack = _document(version, "997")
    assert isinstance(ack, GroupAck)
    assert ack.status is AckStatus.ACCEPTED
    assert ack.group_control_number == "1"


@pytest.mark.parametrize("set_id", ["850", "810", "856", "820", "997"])
def test_a_typed_document_can_be_sent_again_in_a_new_envelope(set_id: str) -> None:
    document = _document("00401", set_id)
    spec = transaction_spec(document, set_id)  # type: ignore[arg-type]
    functional = {"850": "PO", "810": "IN", "856": "SH", "820": "RA", "997": "FA"}[set_id]
    resent = build_interchange(
        US, RETAILER, [GroupSpec(functional, "004010", (spec,))], InMemoryControlNumbers(start=42), when=WHEN
    )
    assert (
        b"ISA*00*          *00*          *ZZ*MLCONNECTOR    *08*9251750000     *260301*0930*U*00401*000000042*"
        in resent
    )
    again = parse_document(next(iter_transactions(io.BytesIO(resent))))
    assert again is not None
    assert again.segments[1:-1] == document.segments[1:-1]  # type: ignore[attr-defined]
    assert validate_bytes(resent).valid
