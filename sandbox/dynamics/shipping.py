"""Posting a sales packing slip: the delivery side of an order, with tracking number and SSCC-18 containers.

Posting changes the order and its lines to Delivered and writes the packing slip journal (the BI entities the
connector reads for the 856 / DESADV), the tracking row and one SSCC-18 per carton.  F&O has no standard
"packing slip posted" business event (reference §6.5), so posting one raises none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.dynamics.posting import ControlError, insert_row, money, noon
from sandbox.dynamics.store import Row, Store, row_key
from sandbox.dynamics.values import FieldValue
from sandbox.seed.catalog import gs1_check_digit
from sandbox.web import JsonValue

__all__ = ["Shipping", "sscc18"]


def sscc18(company_prefix: str, serial: int, extension: int = 0) -> str:
    """A GS1 SSCC-18: extension digit, company prefix, serial reference, mod-10 check digit."""
    body = f"{extension}{company_prefix}{serial:0{16 - len(company_prefix)}d}"
    return body + gs1_check_digit(body)


@dataclass
class Shipping:
    store: Store
    clock: Callable[[], datetime]

    def _get(self, set_name: str, **key: str) -> Row:
        entity = ENTITY_SETS[set_name]
        row = self.store.get(entity, row_key(entity, dict(key)))
        if row is None:
            shown = ", ".join(f"{k}={v}" for k, v in key.items())
            raise ControlError(404, f"{set_name} has no record with {shown}")
        return row

    def _children(self, set_name: str, company: str, parent: str) -> list[Row]:
        return self.store.children(ENTITY_SETS[set_name], company, parent)

    def _set(self, set_name: str, row: Row, **changes: FieldValue) -> None:
        self.store.update(ENTITY_SETS[set_name], row, changes)

    def post_packing_slip(
        self,
        company: str,
        sales_order: str,
        *,
        tracking_number: str = "",
        cartons_per_line: int = 1,
        when: datetime | None = None,
    ) -> dict[str, JsonValue]:
        moment = when or self.clock()
        with self.store.transaction():
            header = self._get("SalesOrderHeadersV2", dataAreaId=company, SalesOrderNumber=sales_order)
            h = header.values
            lines = [
                line
                for line in self._children("SalesOrderLines", company, sales_order)
                if line.values["SalesOrderLineStatus"] == "Backorder"
            ]
            if not lines:
                raise ControlError(409, f"sales order {sales_order} has no open lines to deliver")
            n = self.store.next_number("CustPackingSlipJour", company)
            slip = f"PS-{company.upper()}-{n:06d}"
            date = noon(moment)
            tracking = tracking_number or f"1Z{company.upper()}{n:010d}"
            journal_rec = self.store.next_rec_id()
            total_qty = Decimal(0)
            containers: list[str] = []
            for line in lines:
                v = line.values
                total_qty += money(v["OrderedSalesQuantity"])
                insert_row(
                    self.store,
                    "CustPackingSlipTransBiEntities",
                    dataAreaId=company,
                    SourceDocumentLine=self.store.next_rec_id(),
                    PackingSlipId=slip,
                    SalesId=sales_order,
                    LineNum=v["LineNumber"],
                    ItemId=v["ItemNumber"],
                    ExternalItemId=v["ExternalItemNumber"],
                    Name=v["LineDescription"],
                    Qty=v["OrderedSalesQuantity"],
                    Ordered=v["OrderedSalesQuantity"],
                    Remain=Decimal(0),
                    SalesUnit=v["SalesUnitSymbol"],
                    DeliveryDate=date,
                    InventTransId=v["InventoryLotId"],
                    CurrencyCode=v["CurrencyCode"],
                    AmountCur=v["LineAmount"],
                    SourceKey=journal_rec,
                    CreatedOn=moment.replace(microsecond=0),
                )
                for _ in range(max(1, cartons_per_line)):
                    serial = self.store.next_number("SSCC", company)
                    code = sscc18("0614141", serial)
                    containers.append(code)
                    insert_row(
                        self.store,
                        "MlcPackingSlipContainers",
                        dataAreaId=company,
                        PackingSlipId=slip,
                        SSCC=code,
                        SalesId=sales_order,
                        TrackingNumber=tracking,
                        ItemId=v["ItemNumber"],
                        Qty=money(v["OrderedSalesQuantity"]) / max(1, cartons_per_line),
                        InventTransId=v["InventoryLotId"],
                    )
                self._set("SalesOrderLines", line, SalesOrderLineStatus="Delivered", ConfirmedShippingDate=date)
            insert_row(
                self.store,
                "CustPackingSlipJourBiEntities",
                dataAreaId=company,
                SourceDocumentHeader=journal_rec,
                PackingSlipId=slip,
                SalesId=sales_order,
                OrderAccount=h["OrderingCustomerAccountNumber"],
                InvoiceAccount=h["InvoiceCustomerAccountNumber"],
                DeliveryDate=date,
                DocumentDate=date,
                CustomerRef=h["CustomersOrderReference"],
                PurchaseOrder=h["CustomerRequisitionNumber"],
                Qty=total_qty,
                Weight=total_qty * Decimal("0.5"),
                DlvMode=h["DeliveryModeCode"],
                DlvTerm=h["DeliveryTermsCode"],
                ShipCarrierId="UPS",
                BillOfLadingId=f"BOL{company.upper()}{n:08d}",
                DeliveryName=h["DeliveryAddressName"],
                inventLocationId=h["DefaultShippingWarehouseId"],
                SourceKey=journal_rec,
                CreatedOn=moment.replace(microsecond=0),
            )
            insert_row(
                self.store,
                "PackingSlipTrackingInformation",
                dataAreaId=company,
                SalesOrderNumber=sales_order,
                PackingSlipNumber=slip,
                DeliveryDate=date,
                TrackingNumber=tracking,
                TrackingURL=f"https://www.ups.com/track?tracknum={tracking}",
            )
            self._set(
                "SalesOrderHeadersV2", header, SalesOrderStatus="Delivered", SalesOrderProcessingStatus="Delivered"
            )
        return {
            "dataAreaId": company,
            "SourceDocumentHeader": journal_rec,
            "PackingSlipId": slip,
            "TrackingNumber": tracking,
            "SSCC": list(containers),
        }
