"""The outbound pipeline every Dynamics → partner flow shares: resolve the partner, map, validate, envelope,
archive, record, and deliver exactly once.

Exactly once rests on three facts kept on the ledger entry and in Sterling:

* the message name is deterministic (partner, document type, natural key), and Sterling is asked for it before
  anything is created, so a message an earlier attempt created is found, not created again;
* the uploaded ``documentId`` is recorded on the entry right after the upload, so a retry reuses it;
* once translated, the archived bytes (with their control numbers) are what every retry sends, so a crash after
  translation never burns a second set of control numbers for one document.

Each flow module supplies a ``Fetched`` (the Dynamics records read by natural key, the account to find the partner
by, and how to map them); everything from the partner lookup on happens here.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from shared.dynamics.records.sales import SalesOrderLine
from shared.edi.edifact.writer import OutboundMessage
from shared.edi.model import Standard
from shared.edi.x12.writer import TransactionSpec
from shared.errors import MappingError, TransientError
from shared.flows.contract import FlowOutcome, FlowResult, Services, document_key
from shared.flows.outbound_naming import message_name, split_key
from shared.flows.outbound_parties import company_name
from shared.maps.outbound.context import LineIds, OutboundContext
from shared.maps.outbound.edifact_interchange import envelope_edifact, validate_edifact
from shared.maps.outbound.x12_interchange import Enveloped, controls_of, envelope_x12, validate_x12
from shared.partners import AccountRole, DocumentType, EdiVersion, FlowKind, ItemKey, PartnerProfile, ProductId
from shared.state.records import (
    AuditEvent,
    AuditOutcome,
    EnvelopeControls,
    LedgerChange,
    LedgerEntry,
    LedgerStatus,
    PayloadRef,
    WorkItem,
)
from shared.sterling.records import MailboxMessage

__all__ = [
    "EdifactMapper",
    "Fetched",
    "ItemLine",
    "Mapper",
    "customer_line_numbers",
    "records_json",
    "resolve_line_ids",
    "run_outbound",
]

Mapper = Callable[[PartnerProfile, OutboundContext], TransactionSpec]
EdifactMapper = Callable[[PartnerProfile, OutboundContext, EdiVersion], OutboundMessage]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A Dynamics document read by its natural key, ready to be mapped once the partner is known."""

    legal_entity: str
    number: str  # the document number as Dynamics shows it
    description: str  # "purchase order USMF-000123", for messages
    account: str  # customer or vendor account the partner is found by
    records: object  # the typed records read (archived as JSON with the outbound bytes)
    x12: Mapper
    # None where the document has no EDIFACT map (self-billing invoices).
    edifact: EdifactMapper | None = None
    # Why there is nothing to send (e.g. a purchase order no longer confirmed); None: send it.
    not_ready: str | None = None


@dataclass(frozen=True, slots=True)
class ItemLine:
    """A line to resolve the partner's item id for: its number in the document, our item and its unit."""

    line: int
    item_number: str
    unit: str


def resolve_line_ids(services: Services, partner: PartnerProfile, lines: Iterable[ItemLine], where: str) -> LineIds:
    """The partner's item ids for each line; ``UnknownItemError`` (permanent) names the item without one."""
    resolved: dict[int, tuple[ProductId, ...]] = {}
    for line in lines:
        if not line.item_number:
            continue  # a line without an item (free text) is the map's to refuse, in its own words
        resolved[line.line] = services.items.partner_ids(
            partner, ItemKey(line.item_number), unit=line.unit or None, where=f"line {line.line} of {where}"
        )
    return resolved


def customer_line_numbers(order_lines: Sequence[SalesOrderLine]) -> dict[str, str]:
    """The customer's own line number (PO101) per order line lot id, where the order came in by EDI."""
    return {line.lot_id: str(line.customer_line_number) for line in order_lines if line.customer_line_number > 0}


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    raise TypeError(f"cannot archive {type(value).__name__}")


def records_json(records: object) -> bytes:
    """The typed records a document was built from, as JSON for the payload archive (decimals as text)."""
    return json.dumps(records, default=_json_default, sort_keys=True).encode("utf-8")


class _Run:
    """One attempt at one outbound document: the entry it moves along and the audit trail it leaves."""

    def __init__(self, work: WorkItem, entry: LedgerEntry, services: Services, partner_code: str) -> None:
        self.work = work
        self.entry = entry
        self.services = services
        self.partner_code = partner_code

    def audit(self, step: str, outcome: AuditOutcome, message: str, payload: PayloadRef | None = None) -> None:
        self.services.state.audit.append(
            AuditEvent(
                at=self.services.clock(),
                flow=self.work.flow,
                natural_key=self.work.natural_key,
                partner=self.partner_code,
                step=step,
                outcome=outcome,
                message=message,
                correlation_id=self.work.correlation_id,
                payload=payload,
            )
        )

    def move(self, change: LedgerChange) -> None:
        self.entry = self.services.state.ledger.transition(self.entry, change)


def run_outbound(
    work: WorkItem,
    entry: LedgerEntry,
    services: Services,
    *,
    flow: FlowKind,
    role: AccountRole,
    fetch: Callable[[Services, str, str], Fetched],
) -> FlowResult:
    legal_entity, number = split_key(work.natural_key)
    run = _Run(work, entry, services, work.partner or entry.partner)
    fetched = fetch(services, legal_entity, number)
    partner = services.partners.for_outbound(legal_entity, role, fetched.account)
    run.partner_code = partner.code
    if not partner.enables(flow):
        reason = f"partner {partner.code} is not enabled for {flow.value}; {fetched.description} is not sent"
        run.audit("partner", AuditOutcome.SKIPPED, reason)
        return FlowResult(FlowOutcome.NO_ACTION, reason)
    if fetched.not_ready is not None:
        run.audit("fetch", AuditOutcome.SKIPPED, fetched.not_ready)
        return FlowResult(FlowOutcome.NO_ACTION, fetched.not_ready)
    document = flow.document
    name = message_name(partner, document, legal_entity, fetched.number)
    data = _translated_bytes(run, entry)
    if data is None:
        data = _translate(run, partner, fetched, name, document)
    return _deliver(run, partner, data, name, fetched.description)


def _translated_bytes(run: _Run, entry: LedgerEntry) -> bytes | None:
    """The bytes an earlier attempt translated, when they must be sent as they are.

    After an upload the document in Sterling is those bytes, so they are reused even on replay; before it, only a
    redelivery (still translated) reuses them: a replay translates afresh so a fix in Dynamics takes effect.
    """
    if entry.output_payload is None:
        return None
    if entry.sterling_document_id is None and entry.status is not LedgerStatus.TRANSLATED:
        return None
    data = run.services.state.payloads.get(entry.output_payload)
    if entry.status is not LedgerStatus.TRANSLATED:
        run.move(LedgerChange(LedgerStatus.TRANSLATED))
    run.audit("translate", AuditOutcome.SKIPPED, "reusing the interchange translated earlier", entry.output_payload)
    return data


def _translate(run: _Run, partner: PartnerProfile, fetched: Fetched, name: str, document: DocumentType) -> bytes:
    services = run.services
    now = services.clock()
    x12 = partner.standard is Standard.X12
    context = OutboundContext(
        partner=partner,
        our_id=partner.our_identity.id,
        our_name=company_name(services.dynamics, fetched.legal_entity),
        translated_at=now,
        document_key=run.work.natural_key,
        # X12 cannot escape a delimiter inside data; the EDIFACT writer escapes with the release character.
        reserved=partner.x12.delimiters.characters if x12 else (),
    )
    run.audit("translate", AuditOutcome.STARTED, f"mapping {fetched.description} for {partner.code}")
    enveloped, summary = (_x12 if x12 else _edifact)(run, partner, fetched, context, document)
    records_ref = services.state.payloads.put(records_json(fetched.records))
    output_ref = services.state.payloads.put(enveloped.data)
    run.move(
        LedgerChange(
            LedgerStatus.TRANSLATED,
            output_payload=output_ref,
            input_payload=records_ref,
            sterling_message_name=name,
            dynamics_record_key=document_key(fetched.legal_entity, fetched.number),
            controls=EnvelopeControls(enveloped.interchange, enveloped.group, enveloped.transaction),
        )
    )
    run.audit("translate", AuditOutcome.SUCCEEDED, summary, output_ref)
    return enveloped.data


def _x12(
    run: _Run, partner: PartnerProfile, fetched: Fetched, context: OutboundContext, document: DocumentType
) -> tuple[Enveloped, str]:
    our = partner.our_identity
    spec = fetched.x12(partner, context)
    enveloped = envelope_x12(
        spec,
        partner,
        our_identity=(our.qualifier, our.id, our.group_id),
        version=partner.version_for(document),
        allocator=run.services.state.control_numbers,
        when=context.translated_at,
    )
    validate_x12(enveloped.data, document=fetched.description, partner=partner.code)
    summary = (
        f"{spec.set_id} built and validated: ISA13 {enveloped.interchange}, GS06 {enveloped.group}, "
        f"ST02 {enveloped.transaction}"
    )
    return enveloped, summary


def _edifact(
    run: _Run, partner: PartnerProfile, fetched: Fetched, context: OutboundContext, document: DocumentType
) -> tuple[Enveloped, str]:
    if fetched.edifact is None:
        raise MappingError(
            f"{fetched.description} has no EDIFACT map, and partner {partner.code} trades EDIFACT",
            context={"partner": partner.code, "document": run.work.natural_key},
            hint="self-billing invoices are sent as X12 810 only: disable the flow for this partner",
        )
    our = partner.our_identity
    message = fetched.edifact(partner, context, partner.version_for(document))
    enveloped = envelope_edifact(
        message,
        partner,
        our_identity=(our.id, our.qualifier),
        allocator=run.services.state.control_numbers,
        when=context.translated_at,
    )
    validate_edifact(enveloped.data, document=fetched.description, partner=partner.code)
    summary = (
        f"{message.type} {message.version}{message.release} built and validated: UNB {enveloped.interchange}, "
        f"UNH {enveloped.transaction}"
    )
    return enveloped, summary


def _already_delivered(run: _Run, existing: MailboxMessage, mailbox: str, name: str, data: bytes) -> FlowResult:
    """Record the message an earlier attempt (or another connector state) delivered, as it was delivered: a
    partner's 997 refers to *its* control numbers, which differ from ours when this attempt translated anew."""
    payload = run.entry.output_payload
    controls = run.entry.controls
    delivered = run.services.sterling.fetch_payload(existing.document_id)
    if delivered != data:
        payload = run.services.state.payloads.put(delivered)
        interchange, group, transaction = controls_of(delivered)
        controls = EnvelopeControls(interchange, group, transaction)
    detail = f"{name} is already in {mailbox} as message {existing.id}; nothing was sent again"
    run.audit("deliver", AuditOutcome.SKIPPED, detail, payload)
    run.move(
        LedgerChange(
            LedgerStatus.DELIVERED,
            sterling_document_id=existing.document_id,
            sterling_message_id=str(existing.id),
            sterling_message_name=name,
            output_payload=payload,
            controls=controls,
        )
    )
    return FlowResult(FlowOutcome.DUPLICATE, detail)


def _deliver(run: _Run, partner: PartnerProfile, data: bytes, name: str, description: str) -> FlowResult:
    sterling = run.services.sterling
    mailbox = partner.mailboxes.outbound
    payload = run.entry.output_payload
    existing = sterling.find_message(mailbox, name)
    if existing is not None:
        return _already_delivered(run, existing, mailbox, name, data)
    document_id = run.entry.sterling_document_id
    if document_id is None:
        document_id = sterling.upload_document(data, name)
        run.move(LedgerChange(LedgerStatus.TRANSLATED, sterling_document_id=document_id))
        run.audit("upload", AuditOutcome.SUCCEEDED, f"uploaded as Sterling document {document_id}", payload)
    else:
        run.audit("upload", AuditOutcome.SKIPPED, f"reusing Sterling document {document_id}", payload)
    try:
        message_id = sterling.create_message(document_id, mailbox, name)
    except TransientError:
        # The create may have happened with its answer lost: look before anyone tries again.
        found = sterling.find_message(mailbox, name)
        if found is None:
            raise
        message_id = found.id
    # Audited before the ledger moves: a crash in between is redelivered, finds the message by name and records
    # it, so the trail never lacks the delivery that happened.
    detail = f"{description} delivered to {mailbox} as {name} (message {message_id})"
    run.audit("deliver", AuditOutcome.SUCCEEDED, detail, payload)
    run.move(
        LedgerChange(
            LedgerStatus.DELIVERED,
            sterling_message_id=str(message_id),
            sterling_message_name=name,
        )
    )
    return FlowResult(FlowOutcome.DONE, detail)
