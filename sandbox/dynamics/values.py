"""Edm property types and how F&O writes and reads their values.

F&O serialises enums by symbol, decimals as JSON numbers, empty strings as ``""`` and every date as an
``Edm.DateTimeOffset``: date-only fields at noon UTC (empty = 1900-01-01T12:00:00Z), UTC date-times at their
real time (empty = 1900-01-01T00:00:00Z).  Nothing is ever ``null`` (reference §3.6).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from enum import Enum

from sandbox.web import JsonValue

__all__ = [
    "EMPTY_DATE",
    "EMPTY_DATETIME",
    "ENUMS",
    "NAMESPACE",
    "FieldValue",
    "Kind",
    "Property",
    "format_datetime",
    "parse_datetime",
]

NAMESPACE = "Microsoft.Dynamics.DataEntities"

FieldValue = str | int | Decimal | datetime | bool


class Kind(Enum):
    STR = "Edm.String"
    DEC = "Edm.Decimal"
    I32 = "Edm.Int32"
    I64 = "Edm.Int64"
    DTO = "Edm.DateTimeOffset"
    GUID = "Edm.Guid"
    BOOL = "Edm.Boolean"
    ENUM = "enum"


ENUMS: dict[str, tuple[str, ...]] = {
    "NoYes": ("No", "Yes"),
    "PurchStatus": ("None", "Backorder", "Received", "Invoiced", "Canceled"),
    "VersioningDocumentState": (
        "Draft",
        "InReview",
        "Rejected",
        "Approved",
        "InExternalReview",
        "Finalized",
        "Confirmed",
    ),
    "SalesStatus": ("None", "Backorder", "Delivered", "Invoiced", "Canceled"),
    "SalesOrderProcessingStatus": (
        "Active",
        "Confirmed",
        "Picked",
        "PartiallyDelivered",
        "Delivered",
        "Invoiced",
        "PartiallyInvoiced",
        "Canceled",
        "DeliveredPartiallyInvoiced",
    ),
    "CustVendorBlocked": ("No", "Invoice", "All", "Payment", "Requisition", "Never", "PurchOrder"),
    "LedgerJournalACType": (
        "Ledger",
        "Cust",
        "Vend",
        "Project",
        "FixedAssets",
        "Bank",
        "FixedAssets_RU",
        "Employee_RU",
        "RDeferrals",
        "RCash",
    ),
    "SettlementType": ("None", "OpenTransact", "SelectedTransact"),
    "EcoResProductType": ("Item", "Service"),
    "EcoResProductSubtype": ("Product", "ProductMaster", "ProductVariant"),
    "ABC": ("None", "A", "B", "C"),
    "DimensionLedgerAccountType": (
        "Blank",
        "ProfitAndLoss",
        "Revenue",
        "Expense",
        "BalanceSheet",
        "Asset",
        "Liability",
        "Equity",
        "Total",
        "Reporting",
        "Common_CN",
    ),
    "DebCredProposal": ("None", "Debit", "Credit"),
    "TradeWorkflowState": (
        "NotSubmitted",
        "Submitted",
        "PendingApproval",
        "PendingCompletion",
        "Returned",
        "ChangeRequest",
        "Completed",
        "Approved",
    ),
}

EMPTY_DATE = datetime(1900, 1, 1, 12, 0, tzinfo=UTC)
EMPTY_DATETIME = datetime(1900, 1, 1, 0, 0, tzinfo=UTC)

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?$")


def format_datetime(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(text: str, *, date_only_field: bool) -> datetime:
    """An ISO-8601 value as F&O accepts it in bodies: full ``...Z`` or offsets; a bare date is taken at noon UTC."""
    match = _ISO.match(text.strip())
    if match is None:
        raise ValueError(f"'{text}' is not a valid Edm.DateTimeOffset value")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if hour is None:
        return datetime(int(year), int(month), int(day), 12 if date_only_field else 0, tzinfo=UTC)
    micro = int((fraction or "0").ljust(6, "0")[:6])
    zone_info = UTC
    if zone not in (None, "Z"):
        sign = 1 if zone[0] == "+" else -1
        zone_info = timezone(timedelta(minutes=sign * (int(zone[1:3]) * 60 + int(zone[4:6]))))
    moment = datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro, tzinfo=zone_info
    )
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Property:
    """One structural property of an entity type, as ``$metadata`` declares it."""

    name: str
    kind: Kind
    enum: str = ""
    # Date-only X++ fields (TransDate) sit at noon UTC; UTC date-time fields carry real times.
    date_only: bool = True

    @property
    def edm_type(self) -> str:
        return f"{NAMESPACE}.{self.enum}" if self.kind is Kind.ENUM else self.kind.value

    def default(self) -> FieldValue:
        if self.kind is Kind.STR:
            return ""
        if self.kind is Kind.DEC:
            return Decimal(0)
        if self.kind in (Kind.I32, Kind.I64):
            return 0
        if self.kind is Kind.DTO:
            return EMPTY_DATE if self.date_only else EMPTY_DATETIME
        if self.kind is Kind.GUID:
            return "00000000-0000-0000-0000-000000000000"
        if self.kind is Kind.BOOL:
            return False
        return ENUMS[self.enum][0]

    def to_json(self, value: FieldValue) -> JsonValue:
        if isinstance(value, bool):
            return value
        if isinstance(value, datetime):
            return format_datetime(value)
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value

    def from_json(self, value: JsonValue) -> FieldValue:
        """Convert a body value; raises ``ValueError`` with the ODataLib-style reason when it does not fit."""
        kind = self.kind
        if value is None:
            if kind in (Kind.STR, Kind.ENUM):
                return self.default()
            raise ValueError(
                f"A null value was found for the property named '{self.name}', which has the "
                f"expected type '{self.edm_type}[Nullable=False]'."
            )
        if kind is Kind.STR:
            if not isinstance(value, str):
                raise ValueError(f"Cannot convert the literal '{value}' to the expected type 'Edm.String'.")
            return value
        if kind is Kind.ENUM:
            members = ENUMS[self.enum]
            if isinstance(value, str) and value in members:
                return value
            raise ValueError(f"The value '{value}' is not a valid enumerated type value of '{self.edm_type}'.")
        if kind is Kind.DEC:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise ValueError(f"Cannot convert the literal '{value}' to the expected type 'Edm.Decimal'.")
            try:
                return Decimal(str(value))
            except InvalidOperation as exc:
                raise ValueError(f"Cannot convert the literal '{value}' to the expected type 'Edm.Decimal'.") from exc
        if kind in (Kind.I32, Kind.I64):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"Cannot convert the literal '{value}' to the expected type '{kind.value}'.")
            return value
        if kind is Kind.DTO:
            if not isinstance(value, str):
                raise ValueError(f"Cannot convert the literal '{value}' to the expected type 'Edm.DateTimeOffset'.")
            return parse_datetime(value, date_only_field=self.date_only)
        if kind is Kind.BOOL:
            if not isinstance(value, bool):
                raise ValueError(f"Cannot convert the literal '{value}' to the expected type 'Edm.Boolean'.")
            return value
        if not isinstance(value, str):
            raise ValueError(f"Cannot convert the literal '{value}' to the expected type 'Edm.Guid'.")
        return value.lower()
