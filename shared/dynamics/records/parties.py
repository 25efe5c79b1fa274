"""Trading parties: vendors (``VendorsV2``), customers (``CustomersV3``) and main accounts (``MainAccounts``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Self

from shared.dynamics.enums import CustVendorBlocked, DimensionLedgerAccountType, NoYes
from shared.dynamics.rows import ODataRow, RowReader

__all__ = ["Customer", "MainAccount", "Vendor"]


@dataclass(frozen=True, slots=True)
class Vendor:
    ENTITY_SET: ClassVar[str] = "VendorsV2"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "VendorAccountNumber")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "VendorOrganizationName",
        "VendorGroupId",
        "CurrencyCode",
        "OnHoldStatus",
        "DUNSNumber",
    )

    legal_entity: str
    account: str
    name: str
    group: str
    currency: str
    on_hold: CustVendorBlocked | None
    duns_number: str

    @property
    def blocked_for_purchasing(self) -> bool:
        return self.on_hold in {CustVendorBlocked.All, CustVendorBlocked.PurchOrder}

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            account=r.required_text("VendorAccountNumber"),
            name=r.text("VendorOrganizationName"),
            group=r.text("VendorGroupId"),
            currency=r.text("CurrencyCode"),
            on_hold=r.optional_enum("OnHoldStatus", CustVendorBlocked),
            duns_number=r.text("DUNSNumber"),
        )


@dataclass(frozen=True, slots=True)
class Customer:
    ENTITY_SET: ClassVar[str] = "CustomersV3"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "CustomerAccount")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "OrganizationName",
        "CustomerGroupId",
        "SalesCurrencyCode",
        "OnHoldStatus",
        "InvoiceAccount",
        "PaymentTerms",
    )

    legal_entity: str
    account: str
    name: str
    group: str
    currency: str
    on_hold: CustVendorBlocked | None
    invoice_account: str
    payment_terms: str

    @property
    def blocked_for_sales(self) -> bool:
        """``All`` and ``Invoice`` stop new sales orders (the "closed customer account" failure)."""
        return self.on_hold in {CustVendorBlocked.All, CustVendorBlocked.Invoice}

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            account=r.required_text("CustomerAccount"),
            name=r.text("OrganizationName"),
            group=r.text("CustomerGroupId"),
            currency=r.text("SalesCurrencyCode"),
            on_hold=r.optional_enum("OnHoldStatus", CustVendorBlocked),
            invoice_account=r.text("InvoiceAccount"),
            payment_terms=r.text("PaymentTerms"),
        )


@dataclass(frozen=True, slots=True)
class MainAccount:
    """A ledger main account; shared across legal entities (no dataAreaId, keyed by chart of accounts)."""

    ENTITY_SET: ClassVar[str] = "MainAccounts"
    KEY: ClassVar[tuple[str, ...]] = ("ChartOfAccounts", "MainAccountId")
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, "Name", "MainAccountType", "IsSuspended", "ActiveFrom", "ActiveTo")

    chart_of_accounts: str
    account_id: str
    name: str
    account_type: DimensionLedgerAccountType | None
    suspended: bool
    active_from: date | None
    active_to: date | None

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            chart_of_accounts=r.required_text("ChartOfAccounts"),
            account_id=r.required_text("MainAccountId"),
            name=r.text("Name"),
            account_type=r.optional_enum("MainAccountType", DimensionLedgerAccountType),
            suspended=r.optional_enum("IsSuspended", NoYes) is NoYes.Yes,
            active_from=r.day("ActiveFrom"),
            active_to=r.day("ActiveTo"),
        )
