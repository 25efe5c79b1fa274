"""One Sterling mailbox message: read it, find the partner, acknowledge every interchange once, split it into
documents, mark the message extracted.

The runtime's poll archived the payload and claimed this entry by Sterling message id.  Per interchange the
flow claims an ``inbound_interchange`` ledger entry keyed by partner and ISA13 / UNB 0020: that is the registry
of control numbers seen (edi.md §4.4).  An interchange already claimed by another message is a duplicate: it
gets a rejection (TA1 025 / CONTRL 26) and nothing in it is processed again.  The acknowledgment built for an
interchange is archived on its entry before it is delivered under a deterministic name, so a redelivery sends
the same bytes once.  Accepted orders and remittances become ``INBOUND_DOCUMENT`` work; acknowledgments from
the partner become ``inbound_ack`` work; a rejected document is recorded in the audit log, acknowledged as
rejected, and not split.  The work items are put on the inbound queue by this flow itself, before its entry is
marked created (``FlowResult.follow_up`` stays empty): see the note where it happens.
"""

from __future__ import annotations

from collections.abc import Callable

from shared.edi.edifact import facade as edifact_facade
from shared.edi.model import Standard
from shared.edi.x12 import facade as x12_facade
from shared.errors import EdiError
from shared.flows.contract import FlowName, FlowOutcome, FlowResult, Services, WorkKind, document_key
from shared.flows.inbound_common import InboundStep, advance, audit, load_payload
from shared.flows.inbound_edifact import received_edifact
from shared.flows.inbound_received import PartnerControlNumbers, ReceivedDocument, ReceivedInterchange
from shared.flows.inbound_x12 import received_x12
from shared.partners import PartnerProfile, Usage
from shared.state.records import (
    AuditOutcome,
    Direction,
    EnvelopeControls,
    LedgerChange,
    LedgerClaim,
    LedgerEntry,
    LedgerStatus,
    WorkItem,
    WorkLane,
)

__all__ = ["INTERCHANGE_FLOW", "PartnerControlNumbers", "handle_inbound_message", "register_all"]

# Ledger flow of the registry of interchanges received (one entry per partner and ISA13 / UNB 0020).
INTERCHANGE_FLOW = "inbound_interchange"


def handle_inbound_message(work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
    data = load_payload(work, services)
    message_id = _message_id(work, entry)
    follow_up: list[WorkItem] = []
    notes: list[str] = []
    for interchange in _read(data, message_id, work):
        items, note = _interchange(interchange, message_id, work, services)
        follow_up.extend(items)
        notes.append(note)
    retrying = entry.status is LedgerStatus.TRANSLATED
    entry = advance(services, entry, LedgerChange(LedgerStatus.TRANSLATED, sterling_message_id=str(message_id)))
    _extract(message_id, retrying=retrying, work=work, services=services)
    # Enqueued here, before the entry is finished: the runtime skips a finished entry on redelivery, so
    # follow-ups it enqueues after we return would be lost to a crash in between.  A crash before the
    # transition enqueues them again, which the ledger turns into skips.
    for item in follow_up:
        services.state.work_queue.enqueue(WorkLane.INBOUND, item)
    advance(services, entry, LedgerChange(LedgerStatus.CREATED))
    detail = "; ".join(notes) or "nothing to process"
    return FlowResult(FlowOutcome.DONE, f"{detail}; {len(follow_up)} work item(s) enqueued")


def register_all(register: Callable[..., object]) -> None:
    register(FlowName.INBOUND_MESSAGE, handle_inbound_message)


def _read(data: bytes, message_id: int, work: WorkItem) -> list[ReceivedInterchange]:
    head = data[:512].removeprefix(b"\xef\xbb\xbf").lstrip()
    context = {"sterling_message_id": str(message_id), "partner": work.partner}
    if x12_facade.detect(data):
        return received_x12(data)
    if edifact_facade.detect(data):
        return received_edifact(data)
    raise EdiError(
        f"Sterling message {message_id} is neither X12 (ISA) nor EDIFACT (UNA/UNB): {head[:20]!r}",
        context=context,
        hint="check with the partner what was sent; a report or a PDF in the EDI mailbox cannot be processed",
    )


def _message_id(work: WorkItem, entry: LedgerEntry) -> int:
    text = (entry.sterling_message_id or work.natural_key).strip()
    if not text.isdigit():
        raise EdiError(
            f"inbound message work item {work.natural_key!r} does not name a Sterling message id",
            context={"natural_key": work.natural_key, "partner": work.partner},
            hint="the poll keys inbound_message work by the numeric Sterling message id",
        )
    return int(text)


def _extract(message_id: int, *, retrying: bool, work: WorkItem, services: Services) -> None:
    """Mark the message extracted once: a message with an extraction count refuses a second extraction, so a
    retry that may already have extracted it looks first."""
    if retrying and not services.sterling.get_message(message_id).extractable(services.clock()):
        note = f"Sterling message {message_id} was already extracted by an earlier attempt"
    else:
        services.sterling.mark_extracted(message_id)
        note = f"Sterling message {message_id} extracted"
    audit(services, work, InboundStep.EXTRACTED, AuditOutcome.SUCCEEDED, note)


def _interchange(
    interchange: ReceivedInterchange, message_id: int, work: WorkItem, services: Services
) -> tuple[list[WorkItem], str]:
    partner = services.partners.for_inbound(interchange.standard, interchange.sender, interchange.receiver)
    control = interchange.control_number
    if partner.code != work.partner:
        audit(
            services,
            work,
            InboundStep.PARTNER,
            AuditOutcome.SUCCEEDED,
            f"interchange {control} arrived in {work.partner}'s mailbox but its envelope names {partner.code}; "
            f"it is processed as {partner.code}'s",
        )
    claim = services.state.ledger.claim(
        LedgerClaim(
            flow=INTERCHANGE_FLOW,
            natural_key=document_key(partner.code, control),
            partner=partner.code,
            direction=Direction.INBOUND,
            correlation_id=work.correlation_id,
            sterling_message_id=str(message_id),
            input_payload=work.payload,
        )
    )
    if not claim.won and claim.entry.sterling_message_id != str(message_id):
        _reject_duplicate(interchange, partner, claim.entry, message_id=message_id, work=work, services=services)
        return [], f"interchange {control} from {partner.code} is a duplicate"
    registry = _acknowledge(interchange, partner, claim.entry, message_id=message_id, work=work, services=services)
    items = _split(interchange, partner, work, services)
    advance(services, advance(services, registry, LedgerChange(LedgerStatus.TRANSLATED)), _created())
    return items, f"interchange {control} from {partner.code}: {len(items)} work item(s)"


def _created() -> LedgerChange:
    return LedgerChange(LedgerStatus.CREATED)


def _ack_name(interchange: ReceivedInterchange, partner: PartnerProfile, kind: str, message_id: int) -> str:
    return f"{partner.code}_{kind}_{interchange.control_number}_{message_id}.{interchange.extension}"


def _acknowledge(
    interchange: ReceivedInterchange,
    partner: PartnerProfile,
    registry: LedgerEntry,
    *,
    message_id: int,
    work: WorkItem,
    services: Services,
) -> LedgerEntry:
    """Build (once) and deliver (once) the interchange's acknowledgment."""
    kind = "FA" if interchange.standard is Standard.X12 else "CONTRL"
    name = _ack_name(interchange, partner, kind, message_id)
    if registry.output_payload is not None:
        ack = services.state.payloads.get(registry.output_payload)
    else:
        numbers = PartnerControlNumbers(services.state.control_numbers, partner.code)
        ack = interchange.acknowledge(partner, numbers, services.clock())
        if not ack:
            return registry  # only acknowledgments inside, and no TA1 asked for: nothing to answer
        registry = services.state.ledger.transition(
            registry,
            LedgerChange(
                LedgerStatus.TRANSLATED,
                output_payload=services.state.payloads.put(ack),
                sterling_message_name=name,
                controls=EnvelopeControls(interchange=interchange.control_number),
            ),
        )
    delivery = services.sterling.deliver(
        ack, partner.mailboxes.outbound, name, document_id=registry.sterling_document_id
    )
    if registry.sterling_document_id != delivery.document_id:
        registry = services.state.ledger.transition(
            registry, LedgerChange(registry.status, sterling_document_id=delivery.document_id)
        )
    audit(
        services,
        work,
        InboundStep.ACKNOWLEDGED,
        AuditOutcome.SUCCEEDED,
        f"acknowledgment {name} for interchange {interchange.control_number} "
        f"{'was already' if delivery.already_delivered else 'is'} in {partner.mailboxes.outbound}",
        payload=registry.output_payload,
        partner=partner.code,
    )
    return registry


def _reject_duplicate(
    interchange: ReceivedInterchange,
    partner: PartnerProfile,
    first: LedgerEntry,
    *,
    message_id: int,
    work: WorkItem,
    services: Services,
) -> None:
    """A rejection of the interchange as a duplicate and nothing else (edi.md §4.4)."""
    kind = "TA1" if interchange.standard is Standard.X12 else "CONTRL"
    name = _ack_name(interchange, partner, kind, message_id)
    if services.sterling.find_message(partner.mailboxes.outbound, name) is None:
        numbers = PartnerControlNumbers(services.state.control_numbers, partner.code)
        rejection = interchange.reject_as_duplicate(partner, numbers, services.clock())
        services.sterling.deliver(rejection, partner.mailboxes.outbound, name)
    audit(
        services,
        work,
        InboundStep.DUPLICATE_INTERCHANGE,
        AuditOutcome.SKIPPED,
        f"interchange {interchange.control_number} from {partner.code} was already received in Sterling message "
        f"{first.sterling_message_id}; rejected as a duplicate ({name}) and not processed again",
        partner=partner.code,
    )


def _split(
    interchange: ReceivedInterchange, partner: PartnerProfile, work: WorkItem, services: Services
) -> list[WorkItem]:
    items: list[WorkItem] = []
    declared = Usage.of_interchange(interchange.standard, interchange.usage)
    if declared is not partner.usage:
        field = "ISA15" if interchange.standard is Standard.X12 else "UNB 0035"
        audit(
            services,
            work,
            InboundStep.SPLIT,
            AuditOutcome.SKIPPED,
            f"interchange {interchange.control_number} is marked {interchange.usage!r} ({field}) but "
            f"{partner.code} trades {partner.usage.value} data: acknowledged, not processed",
            partner=partner.code,
        )
        return items
    for document in interchange.documents:
        item = _document_work(document, partner, work, services)
        if item is not None:
            items.append(item)
    if interchange.acknowledgments is not None:
        items.append(
            WorkItem(
                kind=WorkKind.INBOUND_DOCUMENT,
                flow=FlowName.INBOUND_ACK,
                natural_key=document_key(partner.code, f"ACK{interchange.control_number}"),
                partner=partner.code,
                correlation_id=work.correlation_id,
                payload=services.state.payloads.put(interchange.acknowledgments),
            )
        )
    return items


def _document_work(
    document: ReceivedDocument, partner: PartnerProfile, work: WorkItem, services: Services
) -> WorkItem | None:
    where = f"{document.where} from {partner.code}"
    if document.flow is None or document.kind is None:
        audit(
            services,
            work,
            InboundStep.SPLIT,
            AuditOutcome.SKIPPED,
            f"{where}: no inbound flow reads a {document.type_code}",
            partner=partner.code,
        )
        return None
    natural_key = document_key(partner.code, document.number or document.where)
    if not document.accepted:
        audit(
            services,
            work,
            InboundStep.REJECTED,
            AuditOutcome.FAILED,
            f"{where} was rejected in the acknowledgment and not processed: {document.problems}. The partner must "
            "correct and resend it",
            natural_key=natural_key,
            partner=partner.code,
            flow=document.flow,
        )
        return None
    if not partner.enables(document.kind):
        audit(
            services,
            work,
            InboundStep.SPLIT,
            AuditOutcome.SKIPPED,
            f"{where}: {partner.code} is not enabled for {document.kind.value} in the partner file; acknowledged, "
            "not processed",
            natural_key=natural_key,
            partner=partner.code,
            flow=document.flow,
        )
        return None
    payload = services.state.payloads.put(document.standalone)
    audit(
        services,
        work,
        InboundStep.SPLIT,
        AuditOutcome.SUCCEEDED,
        f"{where} → {document.flow.value} {natural_key}",
        payload=payload,
        natural_key=natural_key,
        partner=partner.code,
        flow=document.flow,
    )
    return WorkItem(
        kind=WorkKind.INBOUND_DOCUMENT,
        flow=document.flow,
        natural_key=natural_key,
        partner=partner.code,
        correlation_id=work.correlation_id,
        payload=payload,
    )
