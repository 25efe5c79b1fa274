"""One remittance advice (820 / REMADV) → one payment journal with its lines, created at most once.

Check before create: journal lines of this partner's account carrying the trace number as payment reference
mean the remittance is already in (a resend, or our own earlier attempt whose answer was lost).  Header and
lines go in one ``$batch`` changeset.  Customers' remittances go to a customer payment journal; a partner
configured as a vendor gets a vendor payment journal.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from shared.dynamics.batch import ChangeOperation
from shared.dynamics.odata import Filter
from shared.dynamics.records.payments import CustomerPaymentLine, PaymentJournalLine, VendorPaymentLine
from shared.edi.edifact import facade as edifact_facade
from shared.edi.x12.documents.payments import parse_820
from shared.errors import RemoteRejectedError
from shared.flows.contract import FlowName, FlowOutcome, FlowResult, Services, document_key
from shared.flows.inbound_common import InboundStep, advance, audit, ensure_account_open, load_payload
from shared.flows.inbound_edifact import edifact_controls, single_message
from shared.flows.inbound_x12 import single_transaction
from shared.maps.inbound import (
    PaymentJournalDraft,
    RemittanceDocument,
    map_remittance,
    remittance_from_820,
    remittance_from_remadv,
)
from shared.partners import AccountRole, PartnerProfile
from shared.state.records import AuditOutcome, EnvelopeControls, LedgerChange, LedgerEntry, LedgerStatus, WorkItem

__all__ = ["handle_inbound_820", "register_all"]

# The header just created is addressed by key through ``$1``; outside the app user's default company a read by
# key needs cross-company (dynamics.md §7), so the navigation asks for it whichever company the order is in.
_ANY_COMPANY = "?cross-company=true"

_BLOCKS_PAYMENTS = frozenset({"All", "Payment"})
_LOOKUP_LIMIT = 50


def handle_inbound_820(work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
    partner = services.partners.by_code(work.partner)
    remittance, controls = _read_remittance(load_payload(work, services), work.natural_key)
    existing = _existing(services, partner, remittance)
    if existing is not None:
        return _already_there(existing, remittance, work, entry, services)
    ensure_account_open(services, partner, _BLOCKS_PAYMENTS, f"a payment for remittance {remittance.trace_number}")
    draft = map_remittance(remittance, partner)
    record = services.state.payloads.put(json.dumps(draft.to_json(), default=str, sort_keys=True).encode())
    audit(services, work, InboundStep.MAPPED, AuditOutcome.SUCCEEDED, _summary(draft), payload=record)
    entry = advance(services, entry, LedgerChange(LedgerStatus.TRANSLATED, output_payload=record, controls=controls))
    batch = _create(draft, services)
    message = (
        f"payment journal {batch} ({draft.journal_name}) created in {partner.legal_entity} for remittance "
        f"{remittance.trace_number}: {len(remittance.invoices)} invoice(s), {len(remittance.deductions)} deduction(s)"
    )
    # The audit line goes first: once the entry is finished a redelivery is skipped and could not write it.
    audit(services, work, InboundStep.CREATED, AuditOutcome.SUCCEEDED, message)
    record_key = document_key(partner.legal_entity, batch)
    advance(services, entry, LedgerChange(LedgerStatus.CREATED, dynamics_record_key=record_key))
    return FlowResult(FlowOutcome.DONE, message)


def register_all(register: Callable[..., object]) -> None:
    register(FlowName.INBOUND_820, handle_inbound_820)


def _read_remittance(data: bytes, key: str) -> tuple[RemittanceDocument, EnvelopeControls]:
    if edifact_facade.detect(data):
        interchange, message = single_message(data, "REMADV", f"REMADV {key}")
        controls = EnvelopeControls(*edifact_controls(interchange, message))
        return remittance_from_remadv(message.body), controls
    transaction = single_transaction(data, "820", f"820 {key}")
    controls = EnvelopeControls(
        interchange=transaction.transaction.interchange.control_number.strip(),
        group=transaction.group.control_number,
        transaction=transaction.transaction.control_number,
    )
    return remittance_from_820(parse_820(transaction.transaction.segments)), controls


def _line_record(partner: PartnerProfile) -> type[PaymentJournalLine]:
    return CustomerPaymentLine if partner.role is AccountRole.CUSTOMER else VendorPaymentLine


def _existing(services: Services, partner: PartnerProfile, remittance: RemittanceDocument) -> PaymentJournalLine | None:
    # AccountDisplayValue holds the account with its hyphens escaped; compare it here rather than in a filter.
    lines = services.dynamics.query(
        _line_record(partner),
        Filter.eq("PaymentReference", remittance.trace_number),
        legal_entity=partner.legal_entity,
        top=_LOOKUP_LIMIT,
    )
    wanted = partner.account.number.casefold()
    return next((line for line in lines if line.account.replace("\\-", "-").casefold() == wanted), None)


def _already_there(
    found: PaymentJournalLine, remittance: RemittanceDocument, work: WorkItem, entry: LedgerEntry, services: Services
) -> FlowResult:
    ours = entry.status is LedgerStatus.TRANSLATED
    if ours:
        message = f"payment journal {found.batch_number} was created by an earlier attempt whose answer was lost"
        audit(services, work, InboundStep.CREATED, AuditOutcome.SUCCEEDED, message)
    else:
        message = (
            f"remittance {remittance.trace_number} is already in payment journal {found.batch_number}; nothing created"
        )
        audit(services, work, InboundStep.CHECKED, AuditOutcome.SKIPPED, message)
    entry = advance(services, entry, LedgerChange(LedgerStatus.TRANSLATED))
    key = document_key(found.legal_entity, found.batch_number)
    advance(services, entry, LedgerChange(LedgerStatus.CREATED, dynamics_record_key=key))
    return FlowResult(FlowOutcome.DONE if ours else FlowOutcome.DUPLICATE, message)


def _create(draft: PaymentJournalDraft, services: Services) -> str:
    operations = [ChangeOperation("POST", draft.header_set, draft.header_odata())]
    operations += [
        ChangeOperation("POST", f"$1/{draft.lines_navigation}{_ANY_COMPANY}", line) for line in draft.lines_odata()
    ]
    results = services.dynamics.execute_changeset(operations)
    batch = results[0].json().get("JournalBatchNumber")
    if not isinstance(batch, str) or not batch:
        raise RemoteRejectedError(
            f"Dynamics created the payment journal for remittance {draft.trace_number} but answered without its "
            "JournalBatchNumber",
            context={"system": "dynamics", "trace_number": draft.trace_number, "legal_entity": draft.legal_entity},
            hint="the journal exists; replay this document and the check before create records its number",
        )
    return batch


def _summary(draft: PaymentJournalDraft) -> str:
    credit = sum((line.credit for line in draft.lines), start=0)
    debit = sum((line.debit for line in draft.lines), start=0)
    return (
        f"remittance {draft.trace_number} → {draft.header_set} {draft.journal_name}: {len(draft.lines)} line(s), "
        f"credit {credit}, debit {debit}"
    )
