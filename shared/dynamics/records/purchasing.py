"""Purchasing: purchase orders (``PurchaseOrderHeadersV2`` / ``PurchaseOrderLinesV2``) and posted vendor
invoices (``VendInvoiceJourBiEntities`` / ``VendInvoiceTransBiEntities``, read-only, dynamics.md §5.9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar, Self

from shared.dynamics.enums import PurchStatus, VersioningDocumentState
from shared.dynamics.rows import ODataRow, RowReader

__all__ = ["PostedVendorInvoice", "PostedVendorInvoiceLine", "PurchaseOrderHeader", "PurchaseOrderLine"]


@dataclass(frozen=True, slots=True)
class PurchaseOrderHeader:
    ENTITY_SET: ClassVar[str] = "PurchaseOrderHeadersV2"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "PurchaseOrderNumber")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "OrderVendorAccountNumber",
        "InvoiceVendorAccountNumber",
        "PurchaseOrderName",
        "PurchaseOrderStatus",
        "DocumentApprovalStatus",
        "VendorOrderReference",
        "CurrencyCode",
        "RequestedDeliveryDate",
        "ConfirmedDeliveryDate",
        "AccountingDate",
        "DeliveryAddressLocationId",
        "DeliveryModeId",
        "DeliveryTermsId",
        "PaymentTermsName",
        "DefaultReceivingWarehouseId",
        "DefaultReceivingSiteId",
    )

    legal_entity: str
    number: str
    vendor_account: str
    invoice_vendor_account: str
    name: str
    status: PurchStatus | None
    approval_status: VersioningDocumentState | None
    vendor_reference: str
    currency: str
    requested_delivery: date | None
    confirmed_delivery: date | None
    accounting_date: date | None
    delivery_location: str
    delivery_mode: str
    delivery_terms: str
    payment_terms: str
    receiving_warehouse: str
    receiving_site: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            number=r.required_text("PurchaseOrderNumber"),
            vendor_account=r.text("OrderVendorAccountNumber"),
            invoice_vendor_account=r.text("InvoiceVendorAccountNumber"),
            name=r.text("PurchaseOrderName"),
            status=r.optional_enum("PurchaseOrderStatus", PurchStatus),
            approval_status=r.optional_enum("DocumentApprovalStatus", VersioningDocumentState),
            vendor_reference=r.text("VendorOrderReference"),
            currency=r.text("CurrencyCode"),
            requested_delivery=r.day("RequestedDeliveryDate"),
            confirmed_delivery=r.day("ConfirmedDeliveryDate"),
            accounting_date=r.day("AccountingDate"),
            delivery_location=r.text("DeliveryAddressLocationId"),
            delivery_mode=r.text("DeliveryModeId"),
            delivery_terms=r.text("DeliveryTermsId"),
            payment_terms=r.text("PaymentTermsName"),
            receiving_warehouse=r.text("DefaultReceivingWarehouseId"),
            receiving_site=r.text("DefaultReceivingSiteId"),
        )


@dataclass(frozen=True, slots=True)
class PurchaseOrderLine:
    ENTITY_SET: ClassVar[str] = "PurchaseOrderLinesV2"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "PurchaseOrderNumber", "LineNumber")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "ItemNumber",
        "ExternalItemNumber",
        "LineDescription",
        "OrderedPurchaseQuantity",
        "PurchaseUnitSymbol",
        "PurchasePrice",
        "PurchasePriceQuantity",
        "LineDiscountAmount",
        "LineAmount",
        "RequestedDeliveryDate",
        "ConfirmedDeliveryDate",
        "PurchaseOrderLineStatus",
    )

    legal_entity: str
    order_number: str
    line_number: int
    item_number: str
    external_item_number: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    price_quantity: Decimal
    discount_amount: Decimal
    line_amount: Decimal
    requested_delivery: date | None
    confirmed_delivery: date | None
    status: PurchStatus | None

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            order_number=r.required_text("PurchaseOrderNumber"),
            line_number=r.integer("LineNumber"),
            item_number=r.text("ItemNumber"),
            external_item_number=r.text("ExternalItemNumber"),
            description=r.text("LineDescription"),
            quantity=r.decimal("OrderedPurchaseQuantity"),
            unit=r.text("PurchaseUnitSymbol"),
            unit_price=r.decimal("PurchasePrice"),
            price_quantity=r.decimal("PurchasePriceQuantity"),
            discount_amount=r.decimal("LineDiscountAmount"),
            line_amount=r.decimal("LineAmount"),
            requested_delivery=r.day("RequestedDeliveryDate"),
            confirmed_delivery=r.day("ConfirmedDeliveryDate"),
            status=r.optional_enum("PurchaseOrderLineStatus", PurchStatus),
        )


@dataclass(frozen=True, slots=True)
class PostedVendorInvoice:
    ENTITY_SET: ClassVar[str] = "VendInvoiceJourBiEntities"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "SourceKey")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "InvoiceId",
        "InvoiceDate",
        "DueDate",
        "InvoiceAccount",
        "OrderAccount",
        "PurchId",
        "InvoiceAmount",
        "SumTax",
        "CurrencyCode",
        "LedgerVoucher",
        "InternalInvoiceId",
    )

    legal_entity: str
    source_key: int
    invoice_number: str
    invoice_date: date
    due_date: date | None
    invoice_account: str
    order_account: str
    purchase_order: str
    amount: Decimal
    tax_amount: Decimal
    currency: str
    voucher: str
    internal_invoice_id: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            source_key=r.integer("SourceKey"),
            invoice_number=r.required_text("InvoiceId"),
            invoice_date=r.required_day("InvoiceDate"),
            due_date=r.day("DueDate"),
            invoice_account=r.text("InvoiceAccount"),
            order_account=r.text("OrderAccount"),
            purchase_order=r.text("PurchId"),
            amount=r.decimal("InvoiceAmount"),
            tax_amount=r.decimal("SumTax"),
            currency=r.text("CurrencyCode"),
            voucher=r.text("LedgerVoucher"),
            internal_invoice_id=r.text("InternalInvoiceId"),
        )


@dataclass(frozen=True, slots=True)
class PostedVendorInvoiceLine:
    ENTITY_SET: ClassVar[str] = "VendInvoiceTransBiEntities"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "SourceKey")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "InvoiceId",
        "PurchID",
        "ItemId",
        "ExternalItemId",
        "Qty",
        "PurchPrice",
        "LineAmount",
        "PurchaseLineLineNumber",
    )

    legal_entity: str
    source_key: int
    invoice_number: str
    purchase_order: str
    item_number: str
    external_item_number: str
    quantity: Decimal
    unit_price: Decimal
    line_amount: Decimal
    purchase_line_number: int

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            source_key=r.integer("SourceKey"),
            invoice_number=r.required_text("InvoiceId"),
            purchase_order=r.text("PurchID"),
            item_number=r.text("ItemId"),
            external_item_number=r.text("ExternalItemId"),
            quantity=r.decimal("Qty"),
            unit_price=r.decimal("PurchPrice"),
            line_amount=r.decimal("LineAmount"),
            purchase_line_number=r.integer("PurchaseLineLineNumber"),
        )
