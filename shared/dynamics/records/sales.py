"""Sales: orders (``SalesOrderHeadersV2`` / ``SalesOrderLines``) and posted invoices (``SalesInvoiceHeadersV2`` /
``SalesInvoiceV2Lines``).  Packing slips live in :mod:`shared.dynamics.records.shipping` (re-exported here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar, Self

from shared.dynamics.enums import SalesOrderProcessingStatus, SalesStatus
from shared.dynamics.records.shipping import PackingSlip, PackingSlipContainer, PackingSlipLine, PackingSlipTracking
from shared.dynamics.rows import ODataRow, RowReader

__all__ = [
    "PackingSlip",
    "PackingSlipContainer",
    "PackingSlipLine",
    "PackingSlipTracking",
    "SalesInvoiceHeader",
    "SalesInvoiceLine",
    "SalesOrderHeader",
    "SalesOrderLine",
]


@dataclass(frozen=True, slots=True)
class SalesOrderHeader:
    ENTITY_SET: ClassVar[str] = "SalesOrderHeadersV2"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "SalesOrderNumber")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "OrderingCustomerAccountNumber",
        "InvoiceCustomerAccountNumber",
        "CustomerRequisitionNumber",
        "CustomersOrderReference",
        "SalesOrderStatus",
        "SalesOrderProcessingStatus",
        "CurrencyCode",
        "RequestedShippingDate",
        "RequestedReceiptDate",
        "OrderCreationDateTime",
        "DeliveryAddressLocationId",
    )

    legal_entity: str
    number: str
    customer_account: str
    invoice_account: str
    customer_po_number: str  # CustomerRequisitionNumber: the partner's PO number (BEG03 / BGM)
    customer_reference: str
    status: SalesStatus | None
    processing_status: SalesOrderProcessingStatus | None
    currency: str
    requested_ship: date | None
    requested_receipt: date | None
    created_at: datetime | None
    delivery_location: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            number=r.required_text("SalesOrderNumber"),
            customer_account=r.text("OrderingCustomerAccountNumber"),
            invoice_account=r.text("InvoiceCustomerAccountNumber"),
            customer_po_number=r.text("CustomerRequisitionNumber"),
            customer_reference=r.text("CustomersOrderReference"),
            status=r.optional_enum("SalesOrderStatus", SalesStatus),
            processing_status=r.optional_enum("SalesOrderProcessingStatus", SalesOrderProcessingStatus),
            currency=r.text("CurrencyCode"),
            requested_ship=r.day("RequestedShippingDate"),
            requested_receipt=r.day("RequestedReceiptDate"),
            created_at=r.timestamp("OrderCreationDateTime"),
            delivery_location=r.text("DeliveryAddressLocationId"),
        )


@dataclass(frozen=True, slots=True)
class SalesOrderLine:
    """A sales order line; keyed by ``InventoryLotId`` (not order + line number, dynamics.md §5.8)."""

    ENTITY_SET: ClassVar[str] = "SalesOrderLines"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "InventoryLotId")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "SalesOrderNumber",
        "LineNumber",
        "ItemNumber",
        "ExternalItemNumber",
        "LineDescription",
        "OrderedSalesQuantity",
        "SalesUnitSymbol",
        "SalesPrice",
        "LineAmount",
        "CustomersLineNumber",
        "SalesOrderLineStatus",
        "RequestedReceiptDate",
    )

    legal_entity: str
    lot_id: str
    order_number: str
    line_number: Decimal
    item_number: str
    external_item_number: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    line_amount: Decimal
    customer_line_number: int
    status: SalesStatus | None
    requested_receipt: date | None

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            lot_id=r.required_text("InventoryLotId"),
            order_number=r.text("SalesOrderNumber"),
            line_number=r.decimal("LineNumber"),
            item_number=r.text("ItemNumber"),
            external_item_number=r.text("ExternalItemNumber"),
            description=r.text("LineDescription"),
            quantity=r.decimal("OrderedSalesQuantity"),
            unit=r.text("SalesUnitSymbol"),
            unit_price=r.decimal("SalesPrice"),
            line_amount=r.decimal("LineAmount"),
            customer_line_number=r.integer("CustomersLineNumber"),
            status=r.optional_enum("SalesOrderLineStatus", SalesStatus),
            requested_receipt=r.day("RequestedReceiptDate"),
        )


@dataclass(frozen=True, slots=True)
class SalesInvoiceHeader:
    """A posted sales-order invoice (read-only)."""

    ENTITY_SET: ClassVar[str] = "SalesInvoiceHeadersV2"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "InvoiceNumber", "InvoiceDate", "LedgerVoucher")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "SalesOrderNumber",
        "InvoiceCustomerAccountNumber",
        "CustomersOrderReference",
        "CurrencyCode",
        "TotalInvoiceAmount",
        "TotalTaxAmount",
        "TotalChargeAmount",
        "TotalDiscountAmount",
        "PaymentTermsName",
        "DeliveryTermsCode",
        "DeliveryModeCode",
    )

    legal_entity: str
    number: str
    invoice_date: date
    voucher: str
    sales_order: str
    customer_account: str
    customer_reference: str
    currency: str
    total_amount: Decimal
    tax_amount: Decimal
    charge_amount: Decimal
    discount_amount: Decimal
    payment_terms: str
    delivery_terms: str
    delivery_mode: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            number=r.required_text("InvoiceNumber"),
            invoice_date=r.required_day("InvoiceDate"),
            voucher=r.text("LedgerVoucher"),
            sales_order=r.text("SalesOrderNumber"),
            customer_account=r.text("InvoiceCustomerAccountNumber"),
            customer_reference=r.text("CustomersOrderReference"),
            currency=r.text("CurrencyCode"),
            total_amount=r.decimal("TotalInvoiceAmount"),
            tax_amount=r.decimal("TotalTaxAmount"),
            charge_amount=r.decimal("TotalChargeAmount"),
            discount_amount=r.decimal("TotalDiscountAmount"),
            payment_terms=r.text("PaymentTermsName"),
            delivery_terms=r.text("DeliveryTermsCode"),
            delivery_mode=r.text("DeliveryModeCode"),
        )


@dataclass(frozen=True, slots=True)
class SalesInvoiceLine:
    ENTITY_SET: ClassVar[str] = "SalesInvoiceV2Lines"
    KEY: ClassVar[tuple[str, ...]] = (
        "dataAreaId",
        "InvoiceNumber",
        "LineCreationSequenceNumber",
        "InvoiceDate",
        "LedgerVoucher",
    )
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "ProductNumber",
        "ProductName",
        "InvoicedQuantity",
        "SalesUnitSymbol",
        "SalesPrice",
        "LineAmount",
        "LineTotalTaxAmount",
        "LineTotalDiscountAmount",
        "ConfirmedShippingDate",
    )

    legal_entity: str
    invoice_number: str
    sequence: int
    invoice_date: date
    voucher: str
    product_number: str
    product_name: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    line_amount: Decimal
    tax_amount: Decimal
    discount_amount: Decimal
    confirmed_ship: date | None

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            invoice_number=r.required_text("InvoiceNumber"),
            sequence=r.integer("LineCreationSequenceNumber"),
            invoice_date=r.required_day("InvoiceDate"),
            voucher=r.text("LedgerVoucher"),
            product_number=r.text("ProductNumber"),
            product_name=r.text("ProductName"),
            quantity=r.decimal("InvoicedQuantity"),
            unit=r.text("SalesUnitSymbol"),
            unit_price=r.decimal("SalesPrice"),
            line_amount=r.decimal("LineAmount"),
            tax_amount=r.decimal("LineTotalTaxAmount"),
            discount_amount=r.decimal("LineTotalDiscountAmount"),
            confirmed_ship=r.day("ConfirmedShippingDate"),
        )
