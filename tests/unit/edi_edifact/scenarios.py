"""Business scenarios behind the writing golden files in tests/fixtures/edi/edifact/<TYPE>_<DIR>/<scenario>.edi.

Each scenario builds its interchange the way a flow would: typed documents through the builders (ORDERS, INVOIC,
DESADV), segments for the messages the connector only reads (REMADV), and ``build_contrl`` for acknowledgments.
After a deliberate change of the writer, regenerate with ``python -m tests.unit.edi_edifact.scenarios`` from
the repository root and review the diff like code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from shared.edi.edifact.builders import despatch_message, invoice_message, order_message
from shared.edi.edifact.contrl import build_contrl
from shared.edi.edifact.documents import Amount, DatePeriod, Despatch, Invoice, Line, Order, Package, Party
from shared.edi.edifact.numbers import InMemoryControlNumbers
from shared.edi.edifact.reader import read
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.syntax import SyntaxLevel
from shared.edi.edifact.validate import validate_interchange
from shared.edi.edifact.writer import EnvelopeOptions, OutboundMessage
from shared.edi.edifact.writer import Party as Address

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "edi" / "edifact"
PREPARED = datetime(2026, 11, 27, 9, 30)  # noqa: DTZ001 - UNB carries no zone

SUPPLIER = Party("SU", "4012345500004", "9", "NORDIC TOOLS AB")
BUYER = Party("BY", "5412345000013", "9", "ACME STORES")
DELIVERY = Party("DP", "5412345000020", "9", "ACME DC NORTH")
INVOICEE = Party("IV", "5412345000037", "9", "ACME ACCOUNTS PAYABLE")


def _envelope(level: SyntaxLevel = SyntaxLevel.UNOA, version: str = "3", *, una: bool = True) -> EnvelopeOptions:
    return EnvelopeOptions(
        Address("4012345500004", "14"),
        Address("5412345000013", "14"),
        PREPARED,
        level=level,
        syntax_version=version,
        una=una,
        newline="\n",
        acknowledgement_request=True,
    )


def _write(messages: list[OutboundMessage], options: EnvelopeOptions, start: int) -> bytes:
    from shared.edi.edifact.writer import write_interchange

    return write_interchange(messages, options, InMemoryControlNumbers(start=start), "ACME")


def _day(qualifier: str, day: date) -> DatePeriod:
    return DatePeriod(qualifier, day.strftime("%Y%m%d"), "102", day)


def standard_order() -> Order:
    return Order(
        message_type="ORDERS",
        directory="D96A",
        document_name="220",
        number="PO-4711",
        function="9",
        dates=(_day("137", date(2026, 11, 27)), _day("2", date(2026, 12, 4))),
        parties=(BUYER, SUPPLIER, DELIVERY),
        references=(("CT", "FRAME-2026-07"),),
        currency="EUR",
        lines=(
            Line(
                "1",
                "4000862141404",
                "EN",
                buyer_part="BP-100",
                supplier_part="NT-100",
                quantities=(("21", Decimal(48)),),
                prices=(Amount("AAA", Decimal("14.58")),),
            ),
            Line(
                "2", "4000862141411", "EN", quantities=(("21", Decimal(12)),), prices=(Amount("AAA", Decimal("3.20")),)
            ),
        ),
    )


def replacement_order() -> Order:
    """A buyer replaces an order (BGM 1225 = 5) under UNOC: Latin-1 names and a part number holding ``+``."""
    return Order(
        message_type="ORDERS",
        directory="D01B",
        document_name="220",
        number="PO-4712",
        function="5",
        dates=(_day("137", date(2026, 11, 27)), _day("2", date(2026, 12, 11))),
        parties=(Party("BY", "5412345000013", "9", "Müller Großhandel"), SUPPLIER),
        references=(),
        currency="EUR",
        lines=(
            Line(
                "1",
                "4000862141428",
                "EN",
                supplier_part="NT-200+KIT",
                quantities=(("21", Decimal(6)),),
                prices=(Amount("AAA", Decimal("129.90")),),
            ),
        ),
    )


def _invoice_lines() -> tuple[Line, ...]:
    return (
        Line(
            "1",
            "4000862141404",
            "EN",
            quantities=(("47", Decimal(48)),),
            amounts=(Amount("203", Decimal("699.84")),),
            prices=(Amount("AAA", Decimal("14.58")),),
        ),
        Line(
            "2",
            "4000862141411",
            "EN",
            quantities=(("47", Decimal(12)),),
            amounts=(Amount("203", Decimal("38.40")),),
            prices=(Amount("AAA", Decimal("3.20")),),
        ),
    )


def invoice_with_allowance() -> Invoice:
    return Invoice(
        message_type="INVOIC",
        directory="D96A",
        document_name="380",
        number="INV-2026-001",
        function="9",
        dates=(_day("137", date(2026, 11, 28)), _day("35", date(2026, 12, 4))),
        parties=(SUPPLIER, BUYER, INVOICEE),
        references=(("ON", "PO-4711"),),
        currency="EUR",
        taxes=(("VAT", "19"),),
        allowances=(("A", "DI"),),
        lines=_invoice_lines(),
        totals=(
            Amount("79", Decimal("738.24")),
            Amount("125", Decimal("738.24")),
            Amount("176", Decimal("140.27")),
            Amount("77", Decimal("878.51")),
        ),
    )


def standard_invoice() -> Invoice:
    """D01B under syntax 4 without UNA (the repetition separator defaults to ``*``)."""
    return Invoice(
        message_type="INVOIC",
        directory="D01B",
        document_name="380",
        number="INV-2026-002",
        function="9",
        dates=(_day("137", date(2026, 11, 28)),),
        parties=(SUPPLIER, BUYER),
        references=(("ON", "PO-4711"), ("DQ", "DN-88001")),
        currency="EUR",
        taxes=(("VAT", "19"),),
        lines=_invoice_lines(),
        totals=(Amount("79", Decimal("738.24")), Amount("77", Decimal("878.51"))),
    )


def _carton(level: str, sscc: str, line: str, gtin: str, quantity: int) -> Package:
    content = Line(line, gtin, "EN", quantities=(("12", Decimal(quantity)),), references=(("ON", "PO-4711"),))
    return Package(level, "1", Decimal(1), "CT", (sscc,), (content,))


def pallet_with_two_cartons() -> Despatch:
    return Despatch(
        message_type="DESADV",
        directory="D96A",
        document_name="351",
        number="DN-88001",
        function="9",
        dates=(_day("137", date(2026, 12, 1)), _day("11", date(2026, 12, 1)), _day("2", date(2026, 12, 4))),
        parties=(SUPPLIER, BUYER, DELIVERY),
        references=(("ON", "PO-4711"),),
        packages=(
            Package("1", "", Decimal(1), "PX", ("354123450000000018",), ()),
            _carton("2", "354123450000000025", "1", "4000862141404", 48),
            _carton("3", "354123450000000032", "2", "4000862141411", 12),
        ),
    )


def single_carton() -> Despatch:
    return Despatch(
        message_type="DESADV",
        directory="D01B",
        document_name="351",
        number="DN-88002",
        function="9",
        dates=(_day("137", date(2026, 12, 9)), _day("11", date(2026, 12, 9))),
        parties=(SUPPLIER, BUYER),
        references=(("ON", "PO-4712"),),
        packages=(
            Package(
                "1",
                "",
                Decimal(1),
                "CT",
                ("354123450000000049",),
                (Line("1", "4000862141428", "EN", quantities=(("12", Decimal(6)),)),),
            ),
        ),
    )


def payment_with_deduction() -> OutboundMessage:
    """A retailer pays an invoice short: 878.51 due, a 25.00 promotion deduction (AJT), 853.51 remitted."""
    return OutboundMessage(
        "REMADV",
        (
            Segment.of("BGM", "481", "RA-2026-3301", "9"),
            Segment.of("DTM", ("137", "20261215", "102")),
            Segment.of("RFF", ("PQ", "ACH-774411")),
            Segment.of("FII", "PE", ("58398257466", "NORDIC TOOLS AB")),
            Segment.of("NAD", "PR", ("5412345000013", "", "9")),
            Segment.of("NAD", "PE", ("4012345500004", "", "9")),
            Segment.of("CUX", ("2", "EUR", "11")),
            Segment.of("DOC", ("380",), ("INV-2026-001",)),
            Segment.of("MOA", ("9", "878.51")),
            Segment.of("DTM", ("171", "20261128", "102")),
            Segment.of("AJT", "41"),
            Segment.of("MOA", ("52", "25.00")),
            Segment.of("UNS", "S"),
            Segment.of("MOA", ("12", "853.51")),
        ),
    )


def two_invoices_paid() -> OutboundMessage:
    return OutboundMessage(
        "REMADV",
        (
            Segment.of("BGM", "481", "RA-2026-3302", "9"),
            Segment.of("DTM", ("137", "20261220", "102")),
            Segment.of("NAD", "PR", ("5412345000013", "", "9")),
            Segment.of("NAD", "PE", ("4012345500004", "", "9")),
            Segment.of("DOC", ("380",), ("INV-2026-002",)),
            Segment.of("MOA", ("9", "878.51")),
            Segment.of("DOC", ("381",), ("CN-2026-014",)),
            Segment.of("MOA", ("9", "-40.00")),
            Segment.of("UNS", "S"),
            Segment.of("MOA", ("12", "838.51")),
        ),
        release="01B",
    )


def _contrl(data: bytes) -> bytes:
    interchange = read(data).interchanges[0]
    issues = validate_interchange(interchange)
    ack = build_contrl(interchange, issues, InMemoryControlNumbers(start=9001), "ACME", prepared=PREPARED)
    assert ack is not None
    return ack


def _broken_count(data: bytes) -> bytes:
    """The D01B invoice as a partner might send it: UNT counts one segment too few."""
    text = data.decode("latin-1")
    head, tail = text.rsplit("UNT+", 1)
    count, rest = tail.split("+", 1)
    return (head + f"UNT+{int(count) - 1}+" + rest).encode("latin-1")


SCENARIOS: dict[str, Callable[[], bytes]] = {
    "ORDERS_D96A/standard-order.edi": lambda: _write([order_message(standard_order())], _envelope(), 101),
    "ORDERS_D01B/replacement-order.edi": lambda: _write(
        [order_message(replacement_order())], _envelope(SyntaxLevel.UNOC), 102
    ),
    "INVOIC_D96A/invoice-with-allowance.edi": lambda: _write(
        [invoice_message(invoice_with_allowance())], _envelope(), 201
    ),
    "INVOIC_D01B/standard-invoice.edi": lambda: _write(
        [invoice_message(standard_invoice())], _envelope(SyntaxLevel.UNOC, "4", una=False), 202
    ),
    "DESADV_D96A/pallet-with-two-cartons.edi": lambda: _write(
        [despatch_message(pallet_with_two_cartons())], _envelope(), 301
    ),
    "DESADV_D01B/single-carton.edi": lambda: _write([despatch_message(single_carton())], _envelope(), 302),
    "REMADV_D96A/payment-with-deduction.edi": lambda: _write([payment_with_deduction()], _envelope(), 401),
    "REMADV_D01B/two-invoices-paid.edi": lambda: _write([two_invoices_paid()], _envelope(), 402),
    "CONTRL_D96A/acknowledges-standard-order.edi": lambda: _contrl(SCENARIOS["ORDERS_D96A/standard-order.edi"]()),
    "CONTRL_D01B/rejects-invoice-with-wrong-count.edi": lambda: _contrl(
        _broken_count(SCENARIOS["INVOIC_D01B/standard-invoice.edi"]())
    ),
}


def write_goldens() -> None:
    for name, build in SCENARIOS.items():
        path = FIXTURES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build())
        print(f"wrote {path}")


if __name__ == "__main__":
    write_goldens()
