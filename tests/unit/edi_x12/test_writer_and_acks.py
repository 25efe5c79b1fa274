"""Writing interchanges, golden files, refusing delimiters, acknowledgments and their parsing."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.edi.x12.ack_reader import AckStatus, parse_group_ack
from shared.edi.x12.acks import acknowledge_bytes
from shared.edi.x12.documents import parse_document
from shared.edi.x12.documents.orders import PurchaseOrder
from shared.edi.x12.envelope import Transaction
from shared.edi.x12.reader import iter_transactions, read_bytes
from shared.edi.x12.validate import validate_bytes
from shared.edi.x12.writer import (
    GroupSpec,
    InMemoryControlNumbers,
    Party,
    TransactionSpec,
    build_interchange,
    serialise_events,
)
from shared.errors import EdiError

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "edi" / "x12"
WHEN = datetime(2026, 3, 1, 9, 30)  # noqa: DTZ001 - envelope dates are local to the partner agreement
US = Party("ZZ", "MLCONNECTOR")
RETAILER = Party("08", "9251750000")


def _order(po_number: str = "PO-1001", name: str = "ACME DC 7") -> tuple[tuple[str, ...], ...]:
    return (
        ("BEG", "00", "SA", po_number, "", "20260301"),
        ("CUR", "BY", "USD"),
        ("N1", "ST", name, "UL", "0078742000992"),
        ("N3", "406 SOUTH WALTON BLVD"),
        ("N4", "BENTONVILLE", "AR", "72712", "US"),
        ("PO1", "1", "12", "EA", "4.25", "PE", "UP", "012345678905"),
        ("PID", "F", "", "", "", "BLUE WIDGET"),
        ("PO1", "2", "3", "CA", "19.99", "PE", "VN", "W-200"),
        ("CTT", "2"),
    )


def _write(version: str, body: tuple[tuple[str, ...], ...], set_id: str = "850", functional: str = "PO") -> bytes:
    gs_version = "005010" if version == "00501" else "004010"
    return build_interchange(
        US,
        RETAILER,
        [GroupSpec(functional, gs_version, (TransactionSpec(set_id, body),))],
        InMemoryControlNumbers(),
        version=version,
        when=WHEN,
    )


@pytest.mark.parametrize(
    ("version", "golden"), [("00401", "850_004010/standard-order.edi"), ("00501", "850_005010/standard-order.edi")]
)
def test_written_order_matches_golden_file_and_validates(version: str, golden: str) -> None:
    written = _write(version, _order())
    assert written == (FIXTURES / golden).read_bytes()
    report = validate_bytes(written)
    assert report.valid, [i.describe() for i in report.issues]
    assert serialise_events(read_bytes(written)) == written


def test_counts_and_control_numbers_are_filled() -> None:
    events = read_bytes(_write("00401", _order()))
    transaction = next(e for e in events if isinstance(e, Transaction))
    assert transaction.trailer == ("SE", str(len(_order()) + 2), "0001")
    isa = events[0].isa  # type: ignore[union-attr]
    assert isa[13] == "000000001"
    assert len(isa[6]) == 15


def test_typed_purchase_order_reads_named_fields() -> None:
    transaction = next(iter_transactions(io.BytesIO(_write("00401", _order()))))
    order = parse_document(transaction)
    assert isinstance(order, PurchaseOrder)
    assert order.po_number == "PO-1001"
    assert order.po_date is not None
    assert order.po_date.isoformat() == "2026-03-01"
    assert [str(line.unit_price) for line in order.lines] == ["4.25", "19.99"]
    assert order.lines[0].description == "BLUE WIDGET"
    assert order.parties[0].city == "BENTONVILLE"


def test_value_with_a_delimiter_is_refused_naming_segment_and_element() -> None:
    with pytest.raises(EdiError, match="N102"):
        _write("00401", _order(name="ACME*DC"))


_PLAIN = st.text(
    alphabet=st.characters(blacklist_characters="*>~\r\n", blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
)


@settings(max_examples=80, deadline=None)
@given(_PLAIN.filter(lambda s: s.strip() == s))
def test_random_values_round_trip(value: str) -> None:
    written = _write("00401", _order(po_number="P1", name=value))
    order = parse_document(next(iter_transactions(io.BytesIO(written))))
    assert isinstance(order, PurchaseOrder)
    assert order.parties[0].name == value
    assert serialise_events(read_bytes(written)) == written


@settings(max_examples=60, deadline=None)
@given(_PLAIN, st.sampled_from("*>~\r\n"), _PLAIN)
def test_values_with_a_delimiter_or_line_break_are_refused(before: str, char: str, after: str) -> None:
    with pytest.raises(EdiError, match="N102"):
        _write("00401", _order(name=before + char + after))


def test_ack_reports_set_errors_and_parses_back() -> None:
    broken = _write("00401", _order()).replace(b"SE*11*0001", b"SE*12*0001")
    ack = acknowledge_bytes(broken, when=WHEN)
    ack_set = next(t for t in iter_transactions(io.BytesIO(ack)))
    assert ack_set.set_id == "997"
    result = parse_group_ack(ack_set.segments)
    assert result.status is AckStatus.REJECTED
    assert result.sets[0].codes == ("4",)
    assert result.group_control_number == "1"
    assert ack_set.interchange.receiver_id.strip() == "MLCONNECTOR"


def test_ack_of_a_clean_group_accepts() -> None:
    ack = acknowledge_bytes(_write("00401", _order()), when=WHEN)
    result = parse_group_ack(next(iter_transactions(io.BytesIO(ack))).segments)
    assert result.status is AckStatus.ACCEPTED
    assert (result.included, result.received, result.accepted) == (1, 1, 1)
