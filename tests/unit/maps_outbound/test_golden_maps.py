"""Every outbound map against its golden file: byte-stable output that the X12 engine validates, for a 004010
and a 005010 partner each; plus what the maps refuse to send and why."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

import pytest

from shared.edi.x12.validate import validate_bytes
from shared.edi.x12.writer import TransactionSpec
from shared.errors import EdiError, MappingError
from shared.maps.outbound.x12_810 import sales_invoice_810, vendor_invoice_810
from shared.maps.outbound.x12_850 import purchase_order_850
from shared.maps.outbound.x12_856 import packing_slip_856, sscc_is_valid
from shared.maps.outbound.x12_interchange import validate_x12
from shared.maps.outbound.x12_values import cents, number, terms_segment

from .scenarios import (
    GOLDEN,
    INVOICE_IDS,
    OUR_DC,
    PO_IDS,
    SLIP_IDS,
    context,
    envelope,
    packing_slip,
    purchase_order,
    sales_invoice,
    vendor_invoice,
)

pytestmark = pytest.mark.unit


def _850(code: str) -> TransactionSpec:
    header, lines = purchase_order()
    return purchase_order_850(header, lines, PO_IDS, context(code, "usmf/USMF-000123"), ship_to=OUR_DC)


def _810(code: str) -> TransactionSpec:
    header, lines, facts = sales_invoice()
    return sales_invoice_810(header, lines, facts, INVOICE_IDS, context(code, "usmf/CIV-000042"))


def _810_self_billing(code: str) -> TransactionSpec:
    header, lines = vendor_invoice()
    units = {1: "ea", 2: "ea"}
    return vendor_invoice_810(header, lines, units, {1: PO_IDS[1], 2: PO_IDS[2]}, context(code, "usmf/US-V01/VINV"))


def _856(code: str) -> TransactionSpec:
    slip, lines, containers, facts = packing_slip()
    return packing_slip_856(slip, lines, containers, facts=facts, ids=SLIP_IDS, context=context(code, "usmf/PS"))


CASES: list[tuple[str, Callable[[str], TransactionSpec], str]] = [
    ("850_004010_ACMEPACK", _850, "ACMEPACK"),
    ("850_005010_STEELWORX", _850, "STEELWORX"),
    ("810_004010_BIGBOX", _810, "BIGBOX"),
    ("810_005010_VALUEMART", _810, "VALUEMART"),
    ("810_self_billing_004010_ACMEPACK", _810_self_billing, "ACMEPACK"),
    ("856_004010_HOMEPRO", _856, "HOMEPRO"),
    ("856_005010_VALUEMART", _856, "VALUEMART"),
]


@pytest.mark.parametrize(("name", "build", "code"), CASES, ids=[c[0] for c in CASES])
def test_map_output_matches_its_golden_file_and_validates(
    name: str, build: Callable[[str], TransactionSpec], code: str
) -> None:
    data = envelope(build(code), code)
    assert data == (GOLDEN / f"{name}.x12").read_bytes()
    report = validate_bytes(data)
    assert report.valid, [issue.describe() for issue in report.issues]


def _segment(spec: TransactionSpec, tag: str) -> list[tuple[str, ...]]:
    return [s for s in spec.body if s[0] == tag]


def test_850_carries_terms_dates_parties_lines_and_counts() -> None:
    spec = _850("ACMEPACK")
    assert _segment(spec, "BEG") == [("BEG", "00", "SA", "USMF-000123", "", "20260302")]
    assert _segment(spec, "ITD") == [("ITD", "01", "3", "", "", "", "", "45")]
    assert [s[1] for s in _segment(spec, "N1")] == ["BY", "ST", "VN"]
    assert _segment(spec, "N3") == [("N3", "123 Coffee Street", "Dock 4")]
    assert _segment(spec, "N4") == [("N4", "Redmond", "WA", "98052", "US")]
    assert _segment(spec, "CTT") == [("CTT", "2", "300")]
    # A delimiter in a description is blanked, not sent to break the segment.
    assert ("PID", "F", "", "", "", "Wood screw 4x30 zinc plated") in spec.body
    # Line 2 wants a different delivery date than the header: it gets its own DTM.
    assert ("DTM", "002", "20260320") in spec.body


def test_810_total_is_lines_plus_charges_minus_allowances_plus_tax_in_cents() -> None:
    spec = _810("BIGBOX")
    assert _segment(spec, "TDS") == [("TDS", "4538")]
    assert ("SAC", "A", "C310", "", "", "100") in spec.body  # the line discount, on its line
    assert ("SAC", "C", "H850", "", "", "244") in spec.body
    assert ("TXI", "ST", "2.44") in spec.body
    assert [s[1] for s in _segment(spec, "IT1")] == ["1", "3"]  # the customer's own PO line numbers
    assert _segment(spec, "BIG") == [("BIG", "20260302", "CIV-000042", "", "BIGB4500007")]


def test_an_invoice_that_does_not_add_up_is_refused_with_both_figures() -> None:
    header, lines, facts = sales_invoice()
    wrong = dataclasses.replace(header, total_amount=Decimal("45.00"))
    with pytest.raises(MappingError) as raised:
        sales_invoice_810(wrong, lines, facts, INVOICE_IDS, context("BIGBOX", "usmf/CIV-000042"))
    assert "45.38" in str(raised.value)
    assert "45.00" in str(raised.value)
    assert "CIV-000042" in str(raised.value)


def test_an_invoice_without_the_customers_po_number_is_refused() -> None:
    header, lines, facts = sales_invoice()
    with pytest.raises(MappingError, match="CustomerRequisitionNumber"):
        sales_invoice_810(
            header, lines, dataclasses.replace(facts, po_number=""), INVOICE_IDS, context("BIGBOX", "usmf/CIV")
        )


def test_a_line_without_the_partners_item_id_is_refused() -> None:
    header, lines = purchase_order()
    with pytest.raises(MappingError, match="line 2 of purchase order USMF-000123 has no item identifier"):
        purchase_order_850(header, lines, {1: PO_IDS[1]}, context("ACMEPACK", "usmf/USMF-000123"))


def test_a_unit_with_no_x12_code_is_refused_with_the_line() -> None:
    header, lines = purchase_order()
    odd = [dataclasses.replace(lines[0], unit="roll"), lines[1]]
    with pytest.raises(MappingError, match="unit 'roll' on line 1"):
        purchase_order_850(header, odd, PO_IDS, context("ACMEPACK", "usmf/USMF-000123"))


def test_a_po_number_holding_a_delimiter_cannot_be_enveloped() -> None:
    header, lines = purchase_order()
    starred = dataclasses.replace(header, number="USMF*123")
    spec = purchase_order_850(starred, lines, PO_IDS, context("ACMEPACK", "usmf/USMF*123"))
    with pytest.raises(EdiError, match="delimiter"):
        envelope(spec, "ACMEPACK")


def test_856_is_shipment_order_pack_item_with_one_pack_per_sscc() -> None:
    spec = _856("HOMEPRO")
    assert [s[3] for s in _segment(spec, "HL")] == ["S", "O", "P", "I", "P", "I", "P", "I"]
    assert [s[2] for s in _segment(spec, "MAN")] == [
        "006141410000000364",
        "006141410000000371",
        "006141410000000388",
    ]
    assert [s[2] for s in _segment(spec, "SN1")] == ["6", "4", "4"]
    assert _segment(spec, "CTT") == [("CTT", "8")]
    assert _segment(spec, "TD1") == [("TD1", "CTN25", "3", "", "", "", "G", "7", "LB")]
    assert ("REF", "BM", "BOLUSMF00000017") in spec.body
    assert ("REF", "CN", "1ZX1") in spec.body
    assert ("PRF", "HOME4500003") in spec.body


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: [c[0], c[1]], r"line 2 \(item A01006\) of packing slip PS-USMF-000017 is in no carton"),
        (lambda c: [dataclasses.replace(c[0], sscc="006141410000000365"), c[1], c[2]], "not a valid SSCC-18"),
        (lambda c: [dataclasses.replace(c[0], quantity=Decimal(5)), c[1], c[2]], "ships 10 but its cartons hold 9"),
    ],
    ids=["line-without-carton", "bad-check-digit", "carton-quantities-short"],
)
def test_a_ship_notice_the_retailer_would_charge_back_is_refused(
    change: Callable[[list], list],  # type: ignore[type-arg]
    message: str,
) -> None:
    slip, lines, containers, facts = packing_slip()
    with pytest.raises(MappingError, match=message):
        packing_slip_856(
            slip, lines, change(containers), facts=facts, ids=SLIP_IDS, context=context("HOMEPRO", "usmf/PS")
        )


def test_the_engine_check_before_sending_names_what_is_wrong() -> None:
    spec = _810("BIGBOX")
    tampered = TransactionSpec("810", tuple(("TDS", "1") if s[0] == "TDS" else s for s in spec.body))
    with pytest.raises(EdiError) as raised:
        validate_x12(envelope(tampered, "BIGBOX"), document="sales invoice CIV-000042", partner="BIGBOX")
    assert "TDS01" in str(raised.value)
    assert "sales invoice CIV-000042" in str(raised.value)


def test_values_are_written_the_x12_way() -> None:
    assert number(Decimal("12.000000")) == "12"
    assert number(Decimal("0.60")) == "0.6"
    assert number(Decimal("1E+2")) == "100"
    assert cents(Decimal("45.375")) == "4538"
    assert terms_segment("Net30") == ("ITD", "01", "3", "", "", "", "", "30")
    assert terms_segment("2%10Net30") is None
    assert sscc_is_valid("006141410000000364")
    assert not sscc_is_valid("00614141000000036")
