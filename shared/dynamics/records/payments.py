"""Payment journals: customer (``CustomerPaymentJournalHeaders`` / ``...Lines``) and vendor
(``VendorPaymentJournalHeaders`` / ``...Lines``), as read back (dynamics.md §5.12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar, Self

from shared.dynamics.enums import LedgerJournalACType, NoYes, SettlementType
from shared.dynamics.rows import ODataRow, RowReader

__all__ = [
    "CustomerPaymentJournalHeader",
    "CustomerPaymentLine",
    "PaymentJournalHeader",
    "PaymentJournalLine",
    "VendorPaymentJournalHeader",
    "VendorPaymentLine",
]


@dataclass(frozen=True, slots=True)
class PaymentJournalHeader:
    ENTITY_SET: ClassVar[str] = "CustomerPaymentJournalHeaders"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "JournalBatchNumber")
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, "JournalName", "Description", "IsPosted")

    legal_entity: str
    batch_number: str
    journal_name: str
    description: str
    posted: bool

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            batch_number=r.required_text("JournalBatchNumber"),
            journal_name=r.text("JournalName"),
            description=r.text("Description"),
            posted=r.optional_enum("IsPosted", NoYes) is NoYes.Yes,
        )


@dataclass(frozen=True, slots=True)
class CustomerPaymentJournalHeader(PaymentJournalHeader):
    ENTITY_SET: ClassVar[str] = "CustomerPaymentJournalHeaders"


@dataclass(frozen=True, slots=True)
class VendorPaymentJournalHeader(PaymentJournalHeader):
    ENTITY_SET: ClassVar[str] = "VendorPaymentJournalHeaders"


@dataclass(frozen=True, slots=True)
class PaymentJournalLine:
    ENTITY_SET: ClassVar[str] = "CustomerPaymentJournalLines"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "JournalBatchNumber", "LineNumber")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "TransactionDate",
        "AccountType",
        "AccountDisplayValue",
        "OffsetAccountType",
        "OffsetAccountDisplayValue",
        "CreditAmount",
        "DebitAmount",
        "CurrencyCode",
        "PaymentMethodName",
        "PaymentReference",
        "PaymentId",
        "MarkedInvoice",
        "MarkedInvoiceCompany",
        "SettleVoucher",
        "TransactionText",
    )

    legal_entity: str
    batch_number: str
    line_number: Decimal
    transaction_date: date | None
    account_type: LedgerJournalACType | None
    account: str  # display value: hyphens in the account are escaped as "\-" (dynamics.md §3.6)
    offset_account_type: LedgerJournalACType | None
    offset_account: str
    credit: Decimal
    debit: Decimal
    currency: str
    payment_method: str
    payment_reference: str  # the remittance trace number (TRN02) for EDI payments
    payment_id: str
    marked_invoice: str
    marked_invoice_company: str
    settlement: SettlementType | None
    text: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            batch_number=r.required_text("JournalBatchNumber"),
            line_number=r.decimal("LineNumber"),
            transaction_date=r.day("TransactionDate"),
            account_type=r.optional_enum("AccountType", LedgerJournalACType),
            account=r.text("AccountDisplayValue"),
            offset_account_type=r.optional_enum("OffsetAccountType", LedgerJournalACType),
            offset_account=r.text("OffsetAccountDisplayValue"),
            credit=r.decimal("CreditAmount"),
            debit=r.decimal("DebitAmount"),
            currency=r.text("CurrencyCode"),
            payment_method=r.text("PaymentMethodName"),
            payment_reference=r.text("PaymentReference"),
            payment_id=r.text("PaymentId"),
            marked_invoice=r.text("MarkedInvoice"),
            marked_invoice_company=r.text("MarkedInvoiceCompany"),
            settlement=r.optional_enum("SettleVoucher", SettlementType),
            text=r.text("TransactionText"),
        )


@dataclass(frozen=True, slots=True)
class CustomerPaymentLine(PaymentJournalLine):
    """A customer payment line: the amount received is ``credit``."""

    ENTITY_SET: ClassVar[str] = "CustomerPaymentJournalLines"


@dataclass(frozen=True, slots=True)
class VendorPaymentLine(PaymentJournalLine):
    """A vendor payment line: the amount paid is ``debit``."""

    ENTITY_SET: ClassVar[str] = "VendorPaymentJournalLines"
