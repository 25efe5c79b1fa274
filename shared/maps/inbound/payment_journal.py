"""820 / REMADV (as a ``RemittanceDocument``) → a payment journal draft: a header and one line per remitted
invoice, marked against it, plus one line per deduction so no withheld amount disappears into a short payment.

The journal balances to the cash received: invoice lines credit the partner's account with what was remitted
for each invoice, deduction lines debit it with what was kept back (reason code and the partner's claim number
in the line text, for the deduction workflow).  Σ credits − Σ debits = BPR02, the amount on the bank statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shared.dynamics.rows import ODataValue
from shared.errors import MappingError
from shared.maps.inbound.documents import Deduction, RemittanceDocument, RemittedInvoice
from shared.maps.inbound.odata_values import account_display_value, odata_date
from shared.partners import AccountRole, PartnerProfile

__all__ = ["DEFAULT_JOURNAL_NAMES", "PaymentJournalDraft", "PaymentLineDraft", "map_remittance"]

# The journal names F&O ships for customer and vendor payments; the partner file has no key for another yet.
DEFAULT_JOURNAL_NAMES = {AccountRole.CUSTOMER: "ARPay", AccountRole.VENDOR: "APPay"}
_TEXT_MAX = 60  # LedgerJournalTrans.Txt


@dataclass(frozen=True, slots=True)
class PaymentLineDraft:
    account: str
    credit: Decimal
    debit: Decimal
    marked_invoice: str  # "" for a deduction line: it settles nothing
    payment_reference: str  # the trace number, on every line, so the check-before-create finds any of them
    transaction_date: date | None
    currency: str
    text: str

    def to_odata(self, legal_entity: str, role: AccountRole) -> dict[str, ODataValue]:
        body: dict[str, ODataValue] = {
            "dataAreaId": legal_entity,
            "AccountType": "Cust" if role is AccountRole.CUSTOMER else "Vend",
            "AccountDisplayValue": account_display_value(self.account),
            "CreditAmount": self.credit,
            "DebitAmount": self.debit,
            "PaymentReference": self.payment_reference,
            "TransactionText": self.text,
        }
        if self.marked_invoice:
            body["MarkedInvoice"] = self.marked_invoice
            body["MarkedInvoiceCompany"] = legal_entity
            body["SettleVoucher"] = "SelectedTransact"
        if self.currency:
            body["CurrencyCode"] = self.currency
        if self.transaction_date is not None:
            body["TransactionDate"] = odata_date(self.transaction_date)
        return body


@dataclass(frozen=True, slots=True)
class PaymentJournalDraft:
    legal_entity: str
    role: AccountRole
    journal_name: str
    description: str
    trace_number: str
    lines: tuple[PaymentLineDraft, ...]

    @property
    def header_set(self) -> str:
        return "CustomerPaymentJournalHeaders" if self.role is AccountRole.CUSTOMER else "VendorPaymentJournalHeaders"

    @property
    def lines_navigation(self) -> str:
        """The header's navigation to its lines, for the ``$1/...`` insert in the changeset."""
        return "CustomerPaymentJournalLine" if self.role is AccountRole.CUSTOMER else "VendorPaymentJournalLine"

    def header_odata(self) -> dict[str, ODataValue]:
        return {"dataAreaId": self.legal_entity, "JournalName": self.journal_name, "Description": self.description}

    def lines_odata(self) -> list[dict[str, ODataValue]]:
        return [line.to_odata(self.legal_entity, self.role) for line in self.lines]

    def to_json(self) -> dict[str, ODataValue]:
        lines: list[ODataValue] = [dict(line) for line in self.lines_odata()]
        return {"header_set": self.header_set, "header": self.header_odata(), "lines": lines}


def map_remittance(
    remittance: RemittanceDocument, partner: PartnerProfile, *, journal_name: str | None = None
) -> PaymentJournalDraft:
    where = f"remittance {remittance.trace_number or '(no trace number)'} from {partner.code}"
    context = {"partner": partner.code, "trace_number": remittance.trace_number}
    if not remittance.trace_number:
        raise MappingError(
            f"{where}: there is no trace number (TRN02 / the REMADV document number)",
            context=context,
            hint="ask the partner to resend the remittance with its trace number; it matches the bank deposit",
        )
    if not remittance.invoices and not remittance.deductions:
        raise MappingError(
            f"{where}: no invoice is remitted (no RMR / DOC)",
            context=context,
            hint="ask the partner which invoices the payment covers and apply it by hand",
        )
    currency = remittance.currency or (partner.currency or "")
    day = remittance.payment_date
    lines = [_invoice_line(invoice, remittance, partner, currency, day) for invoice in remittance.invoices]
    lines += [_deduction_line(d, remittance, partner, currency, day) for d in remittance.deductions]
    description = f"EDI remittance {remittance.trace_number} from {partner.code}"
    if remittance.total is not None and remittance.total != remittance.remitted - remittance.deducted:
        # Kept, not refused (edi.md §2.4): the cash is real; the mismatch is for the person applying it.
        description += f" (total {remittance.total} ≠ remitted {remittance.remitted} − deducted {remittance.deducted})"
    return PaymentJournalDraft(
        legal_entity=partner.legal_entity,
        role=partner.role,
        journal_name=journal_name or DEFAULT_JOURNAL_NAMES[partner.role],
        description=description[: _TEXT_MAX * 2],
        trace_number=remittance.trace_number,
        lines=tuple(lines),
    )


def _signed(amount: Decimal) -> tuple[Decimal, Decimal]:
    """(credit, debit): money received credits the partner's account; a negative amount debits it."""
    return (amount, Decimal(0)) if amount >= 0 else (Decimal(0), -amount)


def _invoice_line(
    invoice: RemittedInvoice, remittance: RemittanceDocument, partner: PartnerProfile, currency: str, day: date | None
) -> PaymentLineDraft:
    credit, debit = _signed(invoice.amount_paid)
    text = f"{remittance.trace_number} {invoice.qualifier} {invoice.invoice}"
    if invoice.discount:
        text += f" discount {invoice.discount}"
    return PaymentLineDraft(
        account=partner.account.number,
        credit=credit,
        debit=debit,
        marked_invoice=invoice.invoice,
        payment_reference=remittance.trace_number,
        transaction_date=day,
        currency=currency,
        text=text[:_TEXT_MAX],
    )


def _deduction_line(
    deduction: Deduction, remittance: RemittanceDocument, partner: PartnerProfile, currency: str, day: date | None
) -> PaymentLineDraft:
    credit, debit = _signed(-deduction.amount)
    target = f"inv {deduction.invoice}" if deduction.invoice else "payment"
    reference = f" ref {deduction.reference}" if deduction.reference else ""
    return PaymentLineDraft(
        account=partner.account.number,
        credit=credit,
        debit=debit,
        marked_invoice="",
        payment_reference=remittance.trace_number,
        transaction_date=day,
        currency=currency,
        text=f"Deduction {deduction.reason or '?'} {target}{reference}"[:_TEXT_MAX],
    )
