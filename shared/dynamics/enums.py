"""F&O enums the flows read and filter on (dynamics.md §5.14).

Each class is named exactly like the CSDL enum type, so ``odata.enum_literal`` can write the fully qualified
filter literal (``Microsoft.Dynamics.DataEntities.VersioningDocumentState'Confirmed'``) from the value alone.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CustVendorBlocked",
    "DimensionLedgerAccountType",
    "LedgerJournalACType",
    "NoYes",
    "PurchStatus",
    "SalesOrderProcessingStatus",
    "SalesStatus",
    "SettlementType",
    "VersioningDocumentState",
]


class NoYes(StrEnum):
    No = "No"
    Yes = "Yes"


class PurchStatus(StrEnum):
    None_ = "None"
    Backorder = "Backorder"
    Received = "Received"
    Invoiced = "Invoiced"
    Canceled = "Canceled"


class VersioningDocumentState(StrEnum):
    Draft = "Draft"
    InReview = "InReview"
    Rejected = "Rejected"
    Approved = "Approved"
    InExternalReview = "InExternalReview"
    Finalized = "Finalized"
    Confirmed = "Confirmed"


class SalesStatus(StrEnum):
    None_ = "None"
    Backorder = "Backorder"
    Delivered = "Delivered"
    Invoiced = "Invoiced"
    Canceled = "Canceled"


class SalesOrderProcessingStatus(StrEnum):
    Active = "Active"
    Confirmed = "Confirmed"
    Picked = "Picked"
    PartiallyDelivered = "PartiallyDelivered"
    Delivered = "Delivered"
    Invoiced = "Invoiced"
    PartiallyInvoiced = "PartiallyInvoiced"
    Canceled = "Canceled"
    DeliveredPartiallyInvoiced = "DeliveredPartiallyInvoiced"


class CustVendorBlocked(StrEnum):
    """On-hold status of a customer or vendor; anything but ``No`` stops some or all trade."""

    No = "No"
    Invoice = "Invoice"
    All = "All"
    Payment = "Payment"
    Requisition = "Requisition"
    Never = "Never"
    PurchOrder = "PurchOrder"


class LedgerJournalACType(StrEnum):
    Ledger = "Ledger"
    Cust = "Cust"
    Vend = "Vend"
    Project = "Project"
    FixedAssets = "FixedAssets"
    Bank = "Bank"
    FixedAssets_RU = "FixedAssets_RU"
    Employee_RU = "Employee_RU"
    RDeferrals = "RDeferrals"
    RCash = "RCash"


class SettlementType(StrEnum):
    None_ = "None"
    OpenTransact = "OpenTransact"
    SelectedTransact = "SelectedTransact"


class DimensionLedgerAccountType(StrEnum):
    Blank = "Blank"
    ProfitAndLoss = "ProfitAndLoss"
    Revenue = "Revenue"
    Expense = "Expense"
    BalanceSheet = "BalanceSheet"
    Asset = "Asset"
    Liability = "Liability"
    Equity = "Equity"
    Total = "Total"
    Reporting = "Reporting"
    Common_CN = "Common_CN"
