"""Shipping: posted sales packing slips (``CustPackingSlipJourBiEntities`` / ``CustPackingSlipTransBiEntities``),
their tracking numbers (``PackingSlipTrackingInformation``) and shipping containers (SSCC-18)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar, Self

from shared.dynamics.rows import ODataRow, RowReader

__all__ = ["PackingSlip", "PackingSlipContainer", "PackingSlipLine", "PackingSlipTracking"]


@dataclass(frozen=True, slots=True)
class PackingSlip:
    """A posted sales packing slip (read-only BI entity)."""

    ENTITY_SET: ClassVar[str] = "CustPackingSlipJourBiEntities"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "SourceDocumentHeader")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "PackingSlipId",
        "SalesId",
        "OrderAccount",
        "InvoiceAccount",
        "DeliveryDate",
        "DocumentDate",
        "CustomerRef",
        "PurchaseOrder",
        "Qty",
        "Weight",
        "Volume",
        "DlvMode",
        "DlvTerm",
        "ShipCarrierId",
        "BillOfLadingId",
    )

    legal_entity: str
    source_key: int
    packing_slip_id: str
    sales_order: str
    customer_account: str
    invoice_account: str
    delivery_date: date | None
    document_date: date | None
    customer_reference: str
    customer_po_number: str
    quantity: Decimal
    weight: Decimal
    volume: Decimal
    delivery_mode: str
    delivery_terms: str
    carrier: str
    bill_of_lading: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            source_key=r.integer("SourceDocumentHeader"),
            packing_slip_id=r.required_text("PackingSlipId"),
            sales_order=r.text("SalesId"),
            customer_account=r.text("OrderAccount"),
            invoice_account=r.text("InvoiceAccount"),
            delivery_date=r.day("DeliveryDate"),
            document_date=r.day("DocumentDate"),
            customer_reference=r.text("CustomerRef"),
            customer_po_number=r.text("PurchaseOrder"),
            quantity=r.decimal("Qty"),
            weight=r.decimal("Weight"),
            volume=r.decimal("Volume"),
            delivery_mode=r.text("DlvMode"),
            delivery_terms=r.text("DlvTerm"),
            carrier=r.text("ShipCarrierId"),
            bill_of_lading=r.text("BillOfLadingId"),
        )


@dataclass(frozen=True, slots=True)
class PackingSlipLine:
    ENTITY_SET: ClassVar[str] = "CustPackingSlipTransBiEntities"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "SourceDocumentLine")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "PackingSlipId",
        "SalesId",
        "LineNum",
        "ItemId",
        "ExternalItemId",
        "Name",
        "Qty",
        "Ordered",
        "Remain",
        "SalesUnit",
        "DeliveryDate",
        "InventTransId",
    )

    legal_entity: str
    source_key: int
    packing_slip_id: str
    sales_order: str
    line_number: Decimal
    item_number: str
    external_item_number: str
    description: str
    quantity: Decimal
    ordered: Decimal
    remaining: Decimal
    unit: str
    delivery_date: date | None
    lot_id: str  # joins SalesOrderLines.InventoryLotId

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            source_key=r.integer("SourceDocumentLine"),
            packing_slip_id=r.required_text("PackingSlipId"),
            sales_order=r.text("SalesId"),
            line_number=r.decimal("LineNum"),
            item_number=r.text("ItemId"),
            external_item_number=r.text("ExternalItemId"),
            description=r.text("Name"),
            quantity=r.decimal("Qty"),
            ordered=r.decimal("Ordered"),
            remaining=r.decimal("Remain"),
            unit=r.text("SalesUnit"),
            delivery_date=r.day("DeliveryDate"),
            lot_id=r.text("InventTransId"),
        )


@dataclass(frozen=True, slots=True)
class PackingSlipTracking:
    ENTITY_SET: ClassVar[str] = "PackingSlipTrackingInformation"
    KEY: ClassVar[tuple[str, ...]] = (
        "dataAreaId",
        "SalesOrderNumber",
        "PackingSlipNumber",
        "DeliveryDate",
        "TrackingNumber",
    )
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, "TrackingURL")

    legal_entity: str
    sales_order: str
    packing_slip_id: str
    delivery_date: date | None
    tracking_number: str
    tracking_url: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            sales_order=r.text("SalesOrderNumber"),
            packing_slip_id=r.required_text("PackingSlipNumber"),
            delivery_date=r.day("DeliveryDate"),
            tracking_number=r.required_text("TrackingNumber"),
            tracking_url=r.text("TrackingURL"),
        )


@dataclass(frozen=True, slots=True)
class PackingSlipContainer:
    """A shipping container (SSCC-18) of a posted packing slip.

    No standard public entity carries SSCCs (dynamics.md §5.11); ``MlcPackingSlipContainers`` is the extension
    entity a customer adds for the 856 (the sandbox models it).  See docs/adr/0403-dynamics-entities-read.md.
    """

    ENTITY_SET: ClassVar[str] = "MlcPackingSlipContainers"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "PackingSlipId", "SSCC")
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, "SalesId", "TrackingNumber", "ItemId", "Qty", "InventTransId")

    legal_entity: str
    packing_slip_id: str
    sscc: str
    sales_order: str
    tracking_number: str
    item_number: str
    quantity: Decimal
    lot_id: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            packing_slip_id=r.required_text("PackingSlipId"),
            sscc=r.required_text("SSCC"),
            sales_order=r.text("SalesId"),
            tracking_number=r.text("TrackingNumber"),
            item_number=r.text("ItemId"),
            quantity=r.decimal("Qty"),
            lot_id=r.text("InventTransId"),
        )
