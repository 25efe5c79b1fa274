"""What each entity's X++ does on insert/update: defaulting from related records and the validations that fail.

Messages follow the Infolog shape observed on real environments (reference §3.9 / §10.8):
``Warning: The value 'X' in field 'Y' is not found in the related table 'Z'.`` plus the ``validateField failed``
line.  Rules raise ``Infolog``; the writer turns it into the AxODataWriteException body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.dynamics.store import Row, Store, row_key
from sandbox.dynamics.values import FieldValue

__all__ = ["RULES", "Infolog", "RuleContext", "unescape_display_value"]


class Infolog(Exception):  # noqa: N818 - it is the X++ Infolog the write failed with
    def __init__(self, *lines: str) -> None:
        super().__init__("; ".join(lines))
        self.lines = list(lines)


@dataclass(frozen=True)
class RuleContext:
    store: Store
    now: datetime
    creating: bool
    previous: dict[str, FieldValue] | None = None  # the row before an update
    given: frozenset[str] = frozenset()  # the properties the request body set

    def defaulted(self, name: str) -> bool:
        """True when the client left ``name`` out, so the entity's own default applies."""
        return self.creating and name not in self.given


Rule = Callable[[RuleContext, dict[str, FieldValue]], None]


def unescape_display_value(value: str) -> str:
    """The main segment of a display value: ``-`` delimits segments, ``\\-`` is a literal hyphen (reference §3.6).

    So ``US\\-101`` is account US-101, while an unescaped ``US-101`` is account ``US`` with a dimension ``101``.
    """
    return re.split(r"(?<!\\)-", value, maxsplit=1)[0].replace("\\-", "-")


def _find(store: Store, set_name: str, values: dict[str, FieldValue]) -> Row | None:
    entity = ENTITY_SETS[set_name]
    return store.get(entity, row_key(entity, values))


def _text(values: dict[str, FieldValue], name: str) -> str:
    value = values.get(name, "")
    return value if isinstance(value, str) else str(value)


def _dec(values: dict[str, FieldValue], name: str) -> Decimal:
    value = values.get(name, Decimal(0))
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _missing_related(aot: str, field_label: str, prop: str, value: str, table: str) -> Infolog:
    return Infolog(
        f"Warning: The value '{value}' in field '{field_label}' is not found in the related table '{table}'.",
        f"Warning: validateField failed on field '{aot}.{prop}'.",
    )


def _required(aot: str, values: dict[str, FieldValue], prop: str, label: str) -> None:
    if not _text(values, prop):
        raise Infolog(f"Warning: Field '{label}' must be filled in.", f"Warning: validateWrite failed on '{aot}'.")


def _customer(ctx: RuleContext, company: str, account: str, aot: str, prop: str) -> Row:
    row = _find(ctx.store, "CustomersV3", {"dataAreaId": company, "CustomerAccount": account})
    if row is None:
        raise _missing_related(aot, "Customer account", prop, account, "Customers")
    if row.values.get("OnHoldStatus") == "All":
        # ASSUMPTION (ADR 0220): wording of the X++ "customer on hold" check; the reference has no capture.
        raise Infolog(
            f"Error: Customer account {account} is on hold: All. Transactions cannot be created for this account.",
            f"Warning: validateWrite failed on '{aot}'.",
        )
    return row


def _vendor(ctx: RuleContext, company: str, account: str, aot: str, prop: str) -> Row:
    row = _find(ctx.store, "VendorsV2", {"dataAreaId": company, "VendorAccountNumber": account})
    if row is None:
        raise _missing_related(aot, "Vendor account", prop, account, "Vendors")
    if row.values.get("OnHoldStatus") in ("All", "PurchOrder"):
        raise Infolog(
            f"Error: Vendor account {account} is on hold: {row.values['OnHoldStatus']}. "
            "Transactions cannot be created for this account.",
            f"Warning: validateWrite failed on '{aot}'.",
        )
    return row


def _product(ctx: RuleContext, company: str, item: str, aot: str) -> Row:
    row = _find(ctx.store, "ReleasedProductsV2", {"dataAreaId": company, "ItemNumber": item})
    if row is None:
        raise _missing_related(aot, "Item number", "ItemNumber", item, "Released products")
    return row


def _fill(values: dict[str, FieldValue], name: str, default: FieldValue) -> None:
    current = values.get(name)
    if current in ("", None) or (isinstance(current, Decimal) and current == 0 and isinstance(default, Decimal)):
        values[name] = default


def _customers(ctx: RuleContext, values: dict[str, FieldValue]) -> None:
    _required("CustCustomerV3Entity", values, "CustomerGroupId", "Customer group")
    _fill(values, "NameAlias", _text(values, "OrganizationName"))


def _vendors(ctx: RuleContext, values: dict[str, FieldValue]) -> None:
    _required("VendVendorV2Entity", values, "VendorGroupId", "Group")
    _fill(values, "VendorSearchName", _text(values, "VendorOrganizationName"))


def _sales_header(ctx: RuleContext, values: dict[str, FieldValue]) -> None:
    aot = "SalesOrderHeaderV2Entity"
    company = _text(values, "dataAreaId")
    account = _text(values, "OrderingCustomerAccountNumber")
    if not account:
        _required(aot, values, "OrderingCustomerAccountNumber", "Customer account")
    customer = _customer(ctx, company, account, aot, "OrderingCustomerAccountNumber")
    if ctx.creating:
        c = customer.values
        _fill(values, "InvoiceCustomerAccountNumber", _text(c, "InvoiceAccount") or account)
        _fill(values, "CurrencyCode", c["SalesCurrencyCode"])
        _fill(values, "PaymentTermsName", c["PaymentTerms"])
        _fill(values, "DeliveryModeCode", c["DeliveryMode"])
        _fill(values, "DeliveryTermsCode", c["DeliveryTerms"])
        _fill(values, "LanguageId", c["LanguageId"])
        _fill(values, "DefaultShippingWarehouseId", c["WarehouseId"])
        _fill(values, "DefaultShippingSiteId", c["SiteId"])
        _fill(values, "DeliveryAddressLocationId", c["DeliveryAddressLocationId"])
        _fill(values, "DeliveryAddressName", c["OrganizationName"])
        _fill(values, "DeliveryAddressStreet", c["AddressStreet"])
        _fill(values, "DeliveryAddressCity", c["AddressCity"])
        _fill(values, "DeliveryAddressStateId", c["AddressState"])
        _fill(values, "DeliveryAddressZipCode", c["AddressZipCode"])
        _fill(values, "DeliveryAddressCountryRegionId", c["AddressCountryRegionId"])
        _fill(values, "SalesOrderName", c["OrganizationName"])
        values["SalesOrderStatus"] = "Backorder"
        values["SalesOrderProcessingStatus"] = "Active"
        values["OrderCreationDateTime"] = ctx.now.astimezone(UTC).replace(microsecond=0)


def _sales_line(ctx: RuleContext, values: dict[str, FieldValue]) -> None:
    aot = "SalesOrderLineEntity"
    company = _text(values, "dataAreaId")
    number = _text(values, "SalesOrderNumber")
    header = _find(ctx.store, "SalesOrderHeadersV2", {"dataAreaId": company, "SalesOrderNumber": number})
    if header is None:
        raise _missing_related(aot, "Sales order", "SalesOrderNumber", number, "Sales orders")
    h = header.values
    if h["SalesOrderStatus"] in ("Invoiced", "Canceled"):
        raise Infolog(f"Error: Sales order {number} is {h['SalesOrderStatus']} and cannot be changed.")
    _customer(ctx, company, _text(h, "OrderingCustomerAccountNumber"), aot, "SalesOrderNumber")
    product = _product(ctx, company, _text(values, "ItemNumber"), aot)
    if ctx.creating:
        p = product.values
        sequence = ctx.store.next_number(f"SalesOrderLines.LineCreationSequenceNumber:{number.lower()}", company)
        values["LineCreationSequenceNumber"] = sequence
        _fill(values, "LineNumber", Decimal(sequence))
        _fill(values, "SalesUnitSymbol", p["SalesUnitSymbol"])
        _fill(values, "SalesPrice", p["SalesPrice"])
        _fill(values, "LineDescription", p["SearchName"])
        _fill(values, "ShippingWarehouseId", h["DefaultShippingWarehouseId"])
        _fill(values, "ShippingSiteId", h["DefaultShippingSiteId"])
        _fill(values, "CurrencyCode", h["CurrencyCode"])
        _fill(values, "CustomerRequisitionNumber", h["CustomerRequisitionNumber"])
        if (
            values.get("RequestedShippingDate")
            == ENTITY_SETS["SalesOrderLines"].by_name["RequestedShippingDate"].default()
        ):
            values["RequestedShippingDate"] = h["RequestedShippingDate"]
        if (
            values.get("RequestedReceiptDate")
            == ENTITY_SETS["SalesOrderLines"].by_name["RequestedReceiptDate"].default()
        ):
            values["RequestedReceiptDate"] = h["RequestedReceiptDate"]
        values["SalesOrderLineStatus"] = "Backorder"
    values["LineAmount"] = (
        _dec(values, "OrderedSalesQuantity") * _dec(values, "SalesPrice") - _dec(values, "LineDiscountAmount")
    ).quantize(Decimal("0.01"))


def _purchase_header(ctx: RuleContext, values: dict[str, FieldValue]) -> None:
    aot = "PurchPurchaseOrderHeaderV2Entity"
    company = _text(values, "dataAreaId")
    account = _text(values, "OrderVendorAccountNumber")
    if not account:
        _required(aot, values, "OrderVendorAccountNumber", "Vendor account")
    vendor = _vendor(ctx, company, account, aot, "OrderVendorAccountNumber")
    if ctx.creating:
        v = vendor.values
        _fill(values, "InvoiceVendorAccountNumber", _text(v, "InvoiceVendorAccountNumber") or account)
        _fill(values, "CurrencyCode", v["CurrencyCode"])
        _fill(values, "PaymentTermsName", v["DefaultPaymentTermsName"])
        _fill(values, "LanguageId", v["LanguageId"])
        _fill(values, "PurchaseOrderName", v["VendorOrganizationName"])
        values["PurchaseOrderStatus"] = "Backorder"
        # Without change management a new order is approved at once (reference §5.5).
        values["DocumentApprovalStatus"] = "Approved"


def _purchase_line(ctx: RuleContext, values: dict[str, FieldValue]) -> None:
    aot = "PurchPurchaseOrderLineV2Entity"
    company = _text(values, "dataAreaId")
    number = _text(values, "PurchaseOrderNumber")
    header = _find(ctx.store, "PurchaseOrderHeadersV2", {"dataAreaId": company, "PurchaseOrderNumber": number})
    if header is None:
        raise _missing_related(aot, "Purchase order", "PurchaseOrderNumber", number, "Purchase orders")
    product = _product(ctx, company, _text(values, "ItemNumber"), aot)
    if ctx.creating:
        p = product.values
        _fill(values, "PurchaseUnitSymbol", p["PurchaseUnitSymbol"])
        _fill(values, "PurchasePrice", p["PurchasePrice"])
        _fill(values, "LineDescription", p["SearchName"])
        _fill(values, "PurchasePriceQuantity", Decimal(1))
        _fill(values, "ReceivingWarehouseId", header.values["DefaultReceivingWarehouseId"])
        _fill(values, "ReceivingSiteId", header.values["DefaultReceivingSiteId"])
        values["PurchaseOrderLineStatus"] = "Backorder"
    values["LineAmount"] = (
        _dec(values, "OrderedPurchaseQuantity") * _dec(values, "PurchasePrice") - _dec(values, "LineDiscountAmount")
    ).quantize(Decimal("0.01"))


def _journal_header(journal_name: str) -> Rule:
    def rule(ctx: RuleContext, values: dict[str, FieldValue]) -> None:
        _fill(values, "JournalName", journal_name)
        if ctx.creating:
            values["IsPosted"] = "No"

    return rule


def _journal_line(header_set: str, account_type: str, aot: str) -> Rule:
    def rule(ctx: RuleContext, values: dict[str, FieldValue]) -> None:
        company = _text(values, "dataAreaId")
        batch = _text(values, "JournalBatchNumber")
        header = _find(ctx.store, header_set, {"dataAreaId": company, "JournalBatchNumber": batch})
        if header is None:
            raise _missing_related(aot, "Journal batch number", "JournalBatchNumber", batch, "Journal names")
        if header.values["IsPosted"] == "Yes":
            raise Infolog(f"Error: Journal {batch} has been posted and cannot be changed.")
        if ctx.defaulted("AccountType"):
            values["AccountType"] = account_type
        account = unescape_display_value(_text(values, "AccountDisplayValue"))
        party_set, key, name_field = (
            ("CustomersV3", "CustomerAccount", "OrganizationName")
            if values["AccountType"] == "Cust"
            else ("VendorsV2", "VendorAccountNumber", "VendorOrganizationName")
        )
        if values["AccountType"] in ("Cust", "Vend"):
            party = _find(ctx.store, party_set, {"dataAreaId": company, key: account})
            if party is None:
                label = "Customer" if values["AccountType"] == "Cust" else "Vendor"
                raise Infolog(
                    f"Error: {label} account '{account}' does not exist.",
                    f"Warning: validateField failed on field '{aot}.AccountDisplayValue'.",
                )
            if ctx.creating:
                currency_field = "SalesCurrencyCode" if values["AccountType"] == "Cust" else "CurrencyCode"
                _fill(values, "CurrencyCode", party.values[currency_field])
                _fill(values, "CustomerName" if "CustomerName" in values else "VendorName", party.values[name_field])
        if ctx.creating:
            line_set = ENTITY_SETS[header_set.replace("Headers", "Lines")]
            if _dec(values, "LineNumber") == 0:
                existing = [_dec(r.values, "LineNumber") for r in ctx.store.children(line_set, company, batch)]
                values["LineNumber"] = max(existing, default=Decimal(0)) + 1
            _fill(values, "Company", company.upper())
            _fill(values, "OffsetCompany", company.upper())
            _fill(values, "ExchangeRate", Decimal(100))
            _fill(values, "Voucher", f"{company.upper()}-{ctx.store.next_number('voucher', company):06d}")

    return rule


def _free_text_header(ctx: RuleContext, values: dict[str, FieldValue]) -> None:
    aot = "CustFreeTextInvoiceHeaderEntity"
    company = _text(values, "dataAreaId")
    account = _text(values, "CustomerAccount")
    if not account:
        _required(aot, values, "CustomerAccount", "Customer account")
    customer = _customer(ctx, company, account, aot, "CustomerAccount")
    if ctx.creating:
        values["IsPosted"] = "No"
        _fill(values, "InvoiceAccount", _text(customer.values, "InvoiceAccount") or account)
        _fill(values, "CurrencyCode", customer.values["SalesCurrencyCode"])
        _fill(values, "TermsOfPayment", customer.values["PaymentTerms"])


def _free_text_line(ctx: RuleContext, values: dict[str, FieldValue]) -> None:
    company = _text(values, "dataAreaId")
    parent = values.get("ParentRecId")
    header = _find(ctx.store, "FreeTextInvoiceHeaders", {"dataAreaId": company, "InvoiceIdentifier": parent or 0})
    if header is None:
        raise _missing_related(
            "CustFreeTextInvoiceLineEntity", "Free text invoice", "ParentRecId", str(parent), "Free text invoices"
        )
    if header.values["IsPosted"] == "Yes":
        raise Infolog(f"Error: Free text invoice {header.values['FreeTextNumber']} is posted and cannot be changed.")
    values["TransactionCurrencyAmount"] = (_dec(values, "Quantity") * _dec(values, "UnitPrice")).quantize(
        Decimal("0.01")
    )


RULES: dict[str, Rule] = {
    "CustomersV3": _customers,
    "VendorsV2": _vendors,
    "SalesOrderHeadersV2": _sales_header,
    "SalesOrderLines": _sales_line,
    "PurchaseOrderHeadersV2": _purchase_header,
    "PurchaseOrderLinesV2": _purchase_line,
    "CustomerPaymentJournalHeaders": _journal_header("ARPay"),
    "VendorPaymentJournalHeaders": _journal_header("APPay"),
    "CustomerPaymentJournalLines": _journal_line(
        "CustomerPaymentJournalHeaders", "Cust", "CustomerPaymentJournalLineEntity"
    ),
    "VendorPaymentJournalLines": _journal_line("VendorPaymentJournalHeaders", "Vend", "VendorPaymentJournalLineEntity"),
    "FreeTextInvoiceHeaders": _free_text_header,
    "FreeTextInvoiceLines": _free_text_line,
}
