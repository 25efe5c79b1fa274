"""What users do inside F&O that OData cannot: confirm a purchase order, post invoices and packing slips.

Each operation changes the data the way posting does (statuses, posted journal rows, document numbers) in
one transaction, then raises the business event the posting commits (reference §5.6, §5.10, §5.11, §6.5).
Packing slips live in ``shipping``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.dynamics.events import (
    FREE_TEXT_INVOICE_POSTED,
    PO_CONFIRMED,
    SALES_INVOICE_POSTED,
    BusinessEvent,
    wcf_date,
)
from sandbox.dynamics.store import Row, Store, row_key
from sandbox.dynamics.values import FieldValue
from sandbox.web import JsonValue

__all__ = ["ControlError", "FreeTextLine", "Poster", "insert_row", "money", "noon"]


class ControlError(Exception):
    """A control-API request that cannot be carried out; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class FreeTextLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    main_account: str = "401100"


def insert_row(store: Store, set_name: str, **values: FieldValue) -> Row:
    """Insert a row with every undeclared property at its F&O default (posted rows bypass entity validation)."""
    entity = ENTITY_SETS[set_name]
    full: dict[str, FieldValue] = {p.name: p.default() for p in entity.properties}
    full.update(values)
    return store.insert(entity, full)


def money(value: FieldValue) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def noon(moment: datetime) -> datetime:
    return moment.replace(hour=12, minute=0, second=0, microsecond=0)


@dataclass
class Poster:
    store: Store
    clock: Callable[[], datetime]
    publish: Callable[[BusinessEvent], int]

    def _get(self, set_name: str, **key: FieldValue) -> Row:
        entity = ENTITY_SETS[set_name]
        row = self.store.get(entity, row_key(entity, key))
        if row is None:
            shown = ", ".join(f"{k}={v}" for k, v in key.items())
            raise ControlError(404, f"{set_name} has no record with {shown}")
        return row

    def _children(self, set_name: str, company: str, parent: str) -> list[Row]:
        return self.store.children(ENTITY_SETS[set_name], company, parent)

    def _set(self, set_name: str, row: Row, **changes: FieldValue) -> None:
        self.store.update(ENTITY_SETS[set_name], row, changes)

    # --- purchase orders -------------------------------------------------------------------------------------

    def confirm_purchase_order(
        self, company: str, number: str, *, when: datetime | None = None, notify: bool = True
    ) -> dict[str, str]:
        moment = when or self.clock()
        with self.store.transaction():
            header = self._get("PurchaseOrderHeadersV2", dataAreaId=company, PurchaseOrderNumber=number)
            h = header.values
            if h["DocumentApprovalStatus"] not in ("Approved", "Confirmed"):
                raise ControlError(409, f"purchase order {number} is {h['DocumentApprovalStatus']}; approve it first")
            lines = self._children("PurchaseOrderLinesV2", company, number)
            if not lines:
                raise ControlError(409, f"purchase order {number} has no lines to confirm")
            previous = self._children("PurchaseOrderConfirmationHeaders", company, number)
            confirmation = f"{h['PurchaseOrderNumber']}-{len(previous) + 1}"
            date = noon(moment)
            delivery = h["RequestedDeliveryDate"]
            self._set(
                "PurchaseOrderHeadersV2", header, DocumentApprovalStatus="Confirmed", ConfirmedDeliveryDate=delivery
            )
            total = Decimal(0)
            for line in lines:
                self._set("PurchaseOrderLinesV2", line, ConfirmedDeliveryDate=delivery)
                total += money(line.values["LineAmount"])
                insert_row(
                    self.store,
                    "PurchaseOrderConfirmationLines",
                    dataAreaId=company,
                    PurchaseOrderNumber=h["PurchaseOrderNumber"],
                    LineNumber=line.values["LineNumber"],
                    ConfirmationNumber=confirmation,
                    ConfirmationDate=date,
                    ItemNumber=line.values["ItemNumber"],
                    ExternalItemNumber=line.values["ExternalItemNumber"],
                    OrderedPurchaseQuantity=line.values["OrderedPurchaseQuantity"],
                    PurchasePrice=line.values["PurchasePrice"],
                    LineAmount=line.values["LineAmount"],
                    ConfirmedDeliveryDate=delivery,
                    PurchaseOrderLineStatus=line.values["PurchaseOrderLineStatus"],
                    PurchaseUnitSymbol=line.values["PurchaseUnitSymbol"],
                )
            insert_row(
                self.store,
                "PurchaseOrderConfirmationHeaders",
                dataAreaId=company,
                PurchaseOrderNumber=h["PurchaseOrderNumber"],
                ConfirmationNumber=confirmation,
                ConfirmationDate=date,
                OrderVendorAccountNumber=h["OrderVendorAccountNumber"],
                PurchaseOrderStatus=h["PurchaseOrderStatus"],
                DocumentApprovalStatus="Confirmed",
                VendorOrderReference=h["VendorOrderReference"],
                TotalConfirmedAmount=total,
                SubTotalAmount=total,
                CurrencyCode=h["CurrencyCode"],
                RequestedDeliveryDate=delivery,
                ConfirmationVoucherNumber=confirmation,
                PurchaseOrderDocumentReference=confirmation,
            )
        if notify:
            self.publish(
                BusinessEvent(
                    PO_CONFIRMED,
                    company,
                    {
                        "LegalEntity": company,
                        "PurchaseJournal": confirmation,
                        "PurchaseOrderDate": wcf_date(
                            h["AccountingDate"] if isinstance(h["AccountingDate"], datetime) else date
                        ),
                        "PurchaseOrderNumber": str(h["PurchaseOrderNumber"]),
                        "PurchaseType": "Purch",
                        "TransactionCurrencyAmount": float(total),
                        "TransactionCurrencyCode": str(h["CurrencyCode"]),
                        "VendorAccount": str(h["OrderVendorAccountNumber"]),
                    },
                )
            )
        return {
            "dataAreaId": company,
            "PurchaseOrderNumber": str(h["PurchaseOrderNumber"]),
            "ConfirmationNumber": confirmation,
        }

    # --- sales invoices ------------------------------------------------------------------------------------

    def _invoice_numbers(self, company: str) -> tuple[str, str]:
        n = self.store.next_number("CustInvoiceJour", company)
        return f"CIV-{n:06d}", f"{company.upper()}-ARV{n:06d}"

    def post_sales_invoice(
        self, company: str, sales_order: str, *, when: datetime | None = None, notify: bool = True
    ) -> dict[str, str]:
        moment = when or self.clock()
        with self.store.transaction():
            header = self._get("SalesOrderHeadersV2", dataAreaId=company, SalesOrderNumber=sales_order)
            h = header.values
            if h["SalesOrderStatus"] in ("Invoiced", "Canceled"):
                raise ControlError(409, f"sales order {sales_order} is already {h['SalesOrderStatus']}")
            lines = [
                line
                for line in self._children("SalesOrderLines", company, sales_order)
                if line.values["SalesOrderLineStatus"] not in ("Invoiced", "Canceled")
            ]
            if not lines:
                raise ControlError(409, f"sales order {sales_order} has no lines left to invoice")
            customer = self._get(
                "CustomersV3", dataAreaId=company, CustomerAccount=str(h["InvoiceCustomerAccountNumber"])
            )
            if customer.values["OnHoldStatus"] in ("All", "Invoice"):
                raise ControlError(409, f"customer {customer.values['CustomerAccount']} is on hold for invoicing")
            invoice, voucher = self._invoice_numbers(company)
            date = noon(moment)
            total = Decimal(0)
            for sequence, line in enumerate(lines, start=1):
                v = line.values
                total += money(v["LineAmount"])
                insert_row(
                    self.store,
                    "SalesInvoiceV2Lines",
                    dataAreaId=company,
                    InvoiceNumber=invoice,
                    LineCreationSequenceNumber=sequence,
                    InvoiceDate=date,
                    LedgerVoucher=voucher,
                    ProductNumber=v["ItemNumber"],
                    ProductName=v["LineDescription"],
                    ProductDescription=v["LineDescription"],
                    InventorySiteId=v["ShippingSiteId"],
                    InventoryWarehouseId=v["ShippingWarehouseId"],
                    CurrencyCode=v["CurrencyCode"],
                    LineAmount=v["LineAmount"],
                    LineTotalDiscountAmount=v["LineDiscountAmount"],
                    SalesPrice=v["SalesPrice"],
                    ConfirmedShippingDate=v["ConfirmedShippingDate"],
                    SalesUnitSymbol=v["SalesUnitSymbol"],
                    InvoicedQuantity=v["OrderedSalesQuantity"],
                )
                self._set("SalesOrderLines", line, SalesOrderLineStatus="Invoiced")
            c = customer.values
            insert_row(
                self.store,
                "SalesInvoiceHeadersV2",
                dataAreaId=company,
                InvoiceNumber=invoice,
                InvoiceDate=date,
                LedgerVoucher=voucher,
                CurrencyCode=h["CurrencyCode"],
                SalesOrderNumber=h["SalesOrderNumber"],
                DeliveryTermsCode=h["DeliveryTermsCode"],
                PaymentTermsName=h["PaymentTermsName"],
                DeliveryModeCode=h["DeliveryModeCode"],
                InvoiceCustomerAccountNumber=h["InvoiceCustomerAccountNumber"],
                InvoiceAddressStreet=c["AddressStreet"],
                InvoiceAddressCity=c["AddressCity"],
                InvoiceAddressState=c["AddressState"],
                InvoiceAddressZipCode=c["AddressZipCode"],
                InvoiceAddressCountryRegionId=c["AddressCountryRegionId"],
                InvoiceAddressCountryRegionISOCode=str(c["AddressCountryRegionId"])[:2],
                CustomersOrderReference=h["CustomersOrderReference"],
                TotalInvoiceAmount=total,
                SalesOrderOriginCode="EDI" if header.created_by_client else "",
            )
            self._set("SalesOrderHeadersV2", header, SalesOrderStatus="Invoiced", SalesOrderProcessingStatus="Invoiced")
        if notify:
            self.publish(
                BusinessEvent(
                    SALES_INVOICE_POSTED,
                    company,
                    {
                        "InvoiceAccount": str(h["InvoiceCustomerAccountNumber"]),
                        "InvoiceAmountInAccountingCurrency": float(total),
                        "InvoiceDate": wcf_date(date),
                        "InvoiceDueDate": wcf_date(date + timedelta(days=30)),
                        "InvoiceId": invoice,
                        "InvoiceTaxAmount": 0.0,
                        "LegalEntity": company,
                        "SalesOrderId": sales_order,
                    },
                )
            )
        return {
            "dataAreaId": company,
            "InvoiceNumber": invoice,
            "InvoiceDate": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "LedgerVoucher": voucher,
        }

    def post_free_text_invoice(
        self,
        company: str,
        customer_account: str,
        lines: list[FreeTextLine],
        *,
        when: datetime | None = None,
        notify: bool = True,
    ) -> dict[str, JsonValue]:
        moment = when or self.clock()
        if not lines:
            raise ControlError(400, "a free text invoice needs at least one line")
        with self.store.transaction():
            customer = self._get("CustomersV3", dataAreaId=company, CustomerAccount=customer_account)
            c = customer.values
            invoice, voucher = self._invoice_numbers(company)
            date = noon(moment)
            total = sum((line.quantity * line.unit_price for line in lines), Decimal(0)).quantize(Decimal("0.01"))
            header = insert_row(
                self.store,
                "FreeTextInvoiceHeaders",
                dataAreaId=company,
                InvoiceIdentifier=self.store.next_rec_id(),
                CustomerAccount=c["CustomerAccount"],
                InvoiceAccount=c["InvoiceAccount"] or c["CustomerAccount"],
                InvoiceDate=date,
                DueDate=date + timedelta(days=30),
                DocumentDate=date,
                CurrencyCode=c["SalesCurrencyCode"],
                IsPosted="Yes",
                FreeTextNumber=invoice,
                TermsOfPayment=c["PaymentTerms"],
            )
            for number, line in enumerate(lines, start=1):
                amount = (line.quantity * line.unit_price).quantize(Decimal("0.01"))
                insert_row(
                    self.store,
                    "FreeTextInvoiceLines",
                    dataAreaId=company,
                    LineNumber=Decimal(number),
                    ParentRecId=header.values["InvoiceIdentifier"],
                    Description=line.description,
                    Quantity=line.quantity,
                    UnitPrice=line.unit_price,
                    TransactionCurrencyAmount=amount,
                    MainAccountDisplayValue=line.main_account,
                    CurrencyCode=c["SalesCurrencyCode"],
                )
                # ASSUMPTION (ADR 0220): posted free-text invoices sit in CustInvoiceJour/Trans, which the
                # SalesInvoice V2 entities read, so they appear there without a sales order number.
                insert_row(
                    self.store,
                    "SalesInvoiceV2Lines",
                    dataAreaId=company,
                    InvoiceNumber=invoice,
                    LineCreationSequenceNumber=number,
                    InvoiceDate=date,
                    LedgerVoucher=voucher,
                    ProductName=line.description,
                    ProductDescription=line.description,
                    CurrencyCode=c["SalesCurrencyCode"],
                    LineAmount=amount,
                    SalesPrice=line.unit_price,
                    InvoicedQuantity=line.quantity,
                )
            insert_row(
                self.store,
                "SalesInvoiceHeadersV2",
                dataAreaId=company,
                InvoiceNumber=invoice,
                InvoiceDate=date,
                LedgerVoucher=voucher,
                CurrencyCode=c["SalesCurrencyCode"],
                InvoiceCustomerAccountNumber=c["InvoiceAccount"] or c["CustomerAccount"],
                PaymentTermsName=c["PaymentTerms"],
                InvoiceAddressStreet=c["AddressStreet"],
                InvoiceAddressCity=c["AddressCity"],
                InvoiceAddressState=c["AddressState"],
                InvoiceAddressZipCode=c["AddressZipCode"],
                InvoiceAddressCountryRegionId=c["AddressCountryRegionId"],
                TotalInvoiceAmount=total,
            )
        if notify:
            self.publish(
                BusinessEvent(
                    FREE_TEXT_INVOICE_POSTED,
                    company,
                    {
                        "InvoiceAccount": str(c["InvoiceAccount"] or c["CustomerAccount"]),
                        "InvoiceAmountInAccountingCurrency": float(total),
                        "InvoiceDate": wcf_date(date),
                        "InvoiceDueDate": wcf_date(date + timedelta(days=30)),
                        "InvoiceId": invoice,
                        "InvoiceTaxAmount": 0.0,
                        "LegalEntity": company,
                    },
                )
            )
        return {
            "dataAreaId": company,
            "InvoiceIdentifier": header.values["InvoiceIdentifier"]
            if isinstance(header.values["InvoiceIdentifier"], int)
            else 0,
            "InvoiceNumber": invoice,
            "InvoiceDate": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "LedgerVoucher": voucher,
        }
