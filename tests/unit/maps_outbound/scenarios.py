"""Typed Dynamics records for the map tests: a confirmed PO, a posted sales invoice with charges, allowances and
tax, a posted vendor invoice and a packing slip in SSCC cartons, for partners of the sandbox partner file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from shared.dynamics.enums import PurchStatus, VersioningDocumentState
from shared.dynamics.records.purchasing import (
    PostedVendorInvoice,
    PostedVendorInvoiceLine,
    PurchaseOrderHeader,
    PurchaseOrderLine,
)
from shared.dynamics.records.sales import (
    PackingSlip,
    PackingSlipContainer,
    PackingSlipLine,
    SalesInvoiceHeader,
    SalesInvoiceLine,
)
from shared.edi.edifact.writer import OutboundMessage
from shared.edi.model import Standard
from shared.edi.x12.writer import InMemoryControlNumbers, TransactionSpec
from shared.maps.outbound.context import LineIds, OutboundContext, PostalAddress
from shared.maps.outbound.edifact_interchange import envelope_edifact
from shared.maps.outbound.x12_810 import InvoiceOrderFacts
from shared.maps.outbound.x12_856 import ShipmentFacts
from shared.maps.outbound.x12_interchange import envelope_x12
from shared.partners import DocumentType, PartnerDirectory, PartnerProfile, ProductId

REPO = Path(__file__).resolve().parents[3]
GOLDEN = REPO / "tests" / "fixtures" / "maps" / "outbound"
WHEN = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
DIRECTORY = PartnerDirectory.from_file(REPO / "config" / "partners.sandbox.toml")


def partner(code: str) -> PartnerProfile:
    return DIRECTORY.by_code(code)


def context(code: str, key: str) -> OutboundContext:
    profile = partner(code)
    return OutboundContext(
        partner=profile,
        our_id=profile.our_identity.id,
        our_name="CONTOSO USMF",
        translated_at=WHEN,
        document_key=key,
        reserved=profile.x12.delimiters.characters,
    )


def envelope(spec: TransactionSpec, code: str) -> bytes:
    profile = partner(code)
    our = profile.our_identity
    return envelope_x12(
        spec,
        profile,
        our_identity=(our.qualifier, our.id, our.group_id),
        version=profile.version_for(_document(spec)),
        allocator=InMemoryControlNumbers(start=101),
        when=WHEN,
    ).data


OUR_DC = PostalAddress("Contoso Receiving DC 24", "123 Coffee Street\nDock 4", "Redmond", "WA", "98052", "USA")
CUSTOMER_DC = PostalAddress("BigBox DC 6094", "601 Commerce Way", "Bentonville", "AR", "72712", "USA")


def _document(spec: TransactionSpec) -> DocumentType:
    found = DocumentType.from_code(Standard.X12, spec.set_id)
    assert found is not None
    return found


def purchase_order() -> tuple[PurchaseOrderHeader, list[PurchaseOrderLine]]:
    header = PurchaseOrderHeader(
        legal_entity="usmf",
        number="USMF-000123",
        vendor_account="US-V01",
        invoice_vendor_account="US-V01",
        name="Acme Packaging Co.",
        status=PurchStatus.Backorder,
        approval_status=VersioningDocumentState.Confirmed,
        vendor_reference="ACME-Q-5521",
        currency="USD",
        requested_delivery=date(2026, 3, 16),
        confirmed_delivery=date(2026, 3, 16),
        accounting_date=date(2026, 3, 2),
        delivery_location="USMF-DC1",
        delivery_mode="TRUCK",
        delivery_terms="FOB",
        payment_terms="Net45",
        receiving_warehouse="24",
        receiving_site="2",
    )

    def line(number: int, item: str, description: str, qty: str, price: str) -> PurchaseOrderLine:
        return PurchaseOrderLine(
            legal_entity="usmf",
            order_number=header.number,
            line_number=number,
            item_number=item,
            external_item_number="",
            description=description,
            quantity=Decimal(qty),
            unit="ea",
            unit_price=Decimal(price),
            price_quantity=Decimal(1),
            discount_amount=Decimal(0),
            line_amount=Decimal(qty) * Decimal(price),
            requested_delivery=date(2026, 3, 16) if number == 1 else date(2026, 3, 20),
            confirmed_delivery=None,
            status=PurchStatus.Backorder,
        )

    return header, [
        line(1, "A01000", "Hex bolt M8x40", "240", "0.60"),
        line(2, "A01001", "Wood screw 4x30 * zinc~plated", "60", "1.42"),
    ]


PO_IDS: LineIds = {
    1: (ProductId("VN", "ACM001000V"), ProductId("IN", "A01000")),
    2: (ProductId("VN", "ACM001001V"), ProductId("IN", "A01001")),
}


def sales_invoice() -> tuple[SalesInvoiceHeader, list[SalesInvoiceLine], InvoiceOrderFacts]:
    lines = [
        SalesInvoiceLine(
            legal_entity="usmf",
            invoice_number="CIV-000042",
            sequence=1,
            invoice_date=date(2026, 3, 2),
            voucher="USMF-ARV000042",
            product_number="A01000",
            product_name="Hex bolt M8x40",
            quantity=Decimal(12),
            unit="ea",
            unit_price=Decimal("1.00"),
            line_amount=Decimal("12.00"),
            tax_amount=Decimal("0.96"),
            discount_amount=Decimal(0),
            confirmed_ship=date(2026, 2, 27),
        ),
        SalesInvoiceLine(
            legal_entity="usmf",
            invoice_number="CIV-000042",
            sequence=2,
            invoice_date=date(2026, 3, 2),
            voucher="USMF-ARV000042",
            product_number="A01004",
            product_name="Cabinet knob chrome",
            quantity=Decimal(3),
            unit="ea",
            unit_price=Decimal("6.48"),
            line_amount=Decimal("18.44"),
            tax_amount=Decimal("1.48"),
            discount_amount=Decimal("1.00"),
            confirmed_ship=date(2026, 2, 28),
        ),
    ]
    # 12.00 + 19.44 - 1.00 (line discount) + 15.00 charges - 2.50 discount + 2.44 tax
    header = SalesInvoiceHeader(
        legal_entity="usmf",
        number="CIV-000042",
        invoice_date=date(2026, 3, 2),
        voucher="USMF-ARV000042",
        sales_order="000017",
        customer_account="US-101",
        customer_reference="",
        currency="USD",
        total_amount=Decimal("45.38"),
        tax_amount=Decimal("2.44"),
        charge_amount=Decimal("15.00"),
        discount_amount=Decimal("2.50"),
        payment_terms="Net30",
        delivery_terms="FOB",
        delivery_mode="UPS",
    )
    facts = InvoiceOrderFacts("BIGB4500007", "US-101-DC1", {1: "1", 2: "3"}, CUSTOMER_DC)
    return header, lines, facts


INVOICE_IDS: LineIds = {
    1: (ProductId("UP", "614141100002"), ProductId("VN", "A01000")),
    2: (ProductId("UP", "614141100040"), ProductId("VN", "A01004")),
}


def _vendor_line(invoice: str, line: int, item: str, qty: str, price: str) -> PostedVendorInvoiceLine:
    amount = Decimal(qty) * Decimal(price)
    return PostedVendorInvoiceLine(
        "usmf", line, invoice, "USMF-000123", item, "", Decimal(qty), Decimal(price), amount, line
    )


def vendor_invoice() -> tuple[PostedVendorInvoice, list[PostedVendorInvoiceLine]]:
    header = PostedVendorInvoice(
        legal_entity="usmf",
        source_key=5637150001,
        invoice_number="VINV-USMF-000123",
        invoice_date=date(2026, 3, 22),
        due_date=date(2026, 5, 6),
        invoice_account="US-V01",
        order_account="US-V01",
        purchase_order="USMF-000123",
        amount=Decimal("229.20"),
        tax_amount=Decimal("0"),
        currency="USD",
        voucher="APINV000001",
        internal_invoice_id="USMF-VI000001",
    )
    lines = [
        PostedVendorInvoiceLine(
            "usmf",
            1,
            header.invoice_number,
            "USMF-000123",
            "A01000",
            "",
            Decimal(240),
            Decimal("0.60"),
            Decimal("144.00"),
            1,
        ),
        PostedVendorInvoiceLine(
            "usmf",
            2,
            header.invoice_number,
            "USMF-000123",
            "A01001",
            "",
            Decimal(60),
            Decimal("1.42"),
            Decimal("85.20"),
            2,
        ),
    ]
    return header, lines


def packing_slip() -> tuple[PackingSlip, list[PackingSlipLine], list[PackingSlipContainer], ShipmentFacts]:
    slip = PackingSlip(
        legal_entity="usmf",
        source_key=5637160001,
        packing_slip_id="PS-USMF-000017",
        sales_order="000017",
        customer_account="US-102",
        invoice_account="US-102",
        delivery_date=date(2026, 3, 2),
        document_date=date(2026, 3, 2),
        customer_reference="",
        customer_po_number="HOME4500003",
        quantity=Decimal(14),
        weight=Decimal("7.0"),
        volume=Decimal(0),
        delivery_mode="UPS",
        delivery_terms="FOB",
        carrier="UPSN",
        bill_of_lading="BOLUSMF00000017",
    )

    def line(number: int, item: str, name: str, qty: int, lot: str) -> PackingSlipLine:
        return PackingSlipLine(
            "usmf",
            9000 + number,
            slip.packing_slip_id,
            "000017",
            Decimal(number),
            item,
            "",
            name,
            Decimal(qty),
            Decimal(qty),
            Decimal(0),
            "ea",
            date(2026, 3, 2),
            lot,
        )

    lines = [line(1, "A01005", "Drawer slide 450mm", 10, "LOT-1"), line(2, "A01006", "Shelf bracket 200mm", 4, "LOT-2")]
    containers = [
        PackingSlipContainer(
            "usmf", slip.packing_slip_id, "006141410000000364", "000017", "1ZX1", "A01005", Decimal(6), "LOT-1"
        ),
        PackingSlipContainer(
            "usmf", slip.packing_slip_id, "006141410000000371", "000017", "1ZX1", "A01005", Decimal(4), "LOT-1"
        ),
        PackingSlipContainer(
            "usmf", slip.packing_slip_id, "006141410000000388", "000017", "1ZX1", "A01006", Decimal(4), "LOT-2"
        ),
    ]
    facts = ShipmentFacts(("1ZX1",), "US-102-DC1", ((1, "1"), (2, "2")), CUSTOMER_DC)
    return slip, lines, containers, facts


SLIP_IDS: LineIds = {
    1: (ProductId("BP", "HOM-07035"), ProductId("VN", "A01005")),
    2: (ProductId("BP", "HOM-07042"), ProductId("VN", "A01006")),
}


def edifact_context(profile: PartnerProfile, key: str) -> OutboundContext:
    return OutboundContext(
        partner=profile,
        our_id=profile.our_identity.id,
        our_name="Contoso Fertigung Deutschland",
        translated_at=WHEN,
        document_key=key,
        reserved=(),
    )


def edifact_envelope(message: OutboundMessage, profile: PartnerProfile) -> bytes:
    our = profile.our_identity
    return envelope_edifact(
        message,
        profile,
        our_identity=(our.id, our.qualifier),
        allocator=InMemoryControlNumbers(start=501),
        when=WHEN,
    ).data


# The ids ItemResolver gives each kind of EDIFACT partner: a GTIN-13 buyer, a buyer-part buyer, a vendor.
EDIFACT_GTIN_IDS: LineIds = {
    1: (ProductId("EN", "0614141100002"), ProductId("SA", "A01000")),
    2: (ProductId("EN", "0614141100040"), ProductId("SA", "A01004")),
}
EDIFACT_BUYER_IDS: LineIds = {
    1: (ProductId("IN", "HAN-07000"), ProductId("SA", "A01000")),
    2: (ProductId("IN", "HAN-07028"), ProductId("SA", "A01004")),
}
EDIFACT_VENDOR_IDS: LineIds = {
    1: (ProductId("SA", "RHE001000V"), ProductId("IN", "A01000")),
    2: (ProductId("SA", "RHE001001V"), ProductId("IN", "A01001")),
}
