"""One Sterling mailbox message: read it, find the partner, acknowledge every interchange once, split it into
documents, mark the message extracted.

The runtime's poll archived the payload and claimed this entry by Sterling message id.  Per interchange the
flow claims an ``inbound_interchange`` ledger entry keyed by partner and ISA13: that is the registry of
control numbers seen (edi.md §4.4).  An interchange already claimed by another message is a duplicate: it gets a
TA1 rejection (code 025) and nothing in it is processed again.  The acknowledgment built for an interchange is
archived on its entry before it is delivered under a deterministic name, so a redelivery sends the same bytes
once.  Accepted 850s and 820s become ``INBOUND_DOCUMENT`` work; 997 / 999 / TA1 become ``inbound_ack`` work; a
rejected transaction set is recorded in the audit log, acknowledged as rejected, and not split.  The work items
are put on the inbound queue by this flow itself, before its entry is marked created (``FlowResult.follow_up``
stays empty): see the note where it happens.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from shared.edi.model import ControlKind, Standard
from shared.edi.x12 import facade as x12_facade
from shared.edi.x12.acks import acknowledge_stream
from shared.edi.x12.delimiters import Delimiters
from shared.edi.x12.envelope import InterchangeHeader, element
from shared.edi.x12.writer import Party, build_interchange
from shared.errors import EdiError
from shared.flows.contract import FlowName, FlowOutcome, FlowResult, Services, WorkKind, document_key
from shared.flows.inbound_common import InboundStep, advance, audit, load_payload
from shared.flows.inbound_x12 import X12Interchange, X12Transaction, read_interchanges, standalone
from shared.partners import FlowKind, InterchangeParty, PartnerProfile, Usage, X12AckKind
from shared.state.ports import ControlNumbers
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
_EDIFACT_STARTS = (b"UNA", b"UNB")
# Transaction sets split into document work: set id → (flow, partner file flow, segment and element of the key).
_DOCUMENT_SETS: dict[str, tuple[FlowName, FlowKind, str, int]] = {
    "850": (FlowName.INBOUND_850, FlowKind.INBOUND_850, "BEG", 3),
    "820": (FlowName.INBOUND_820, FlowKind.INBOUND_820, "TRN", 2),
}


class PartnerControlNumbers:
    """The state's control numbers with the partner code as scope, whatever scope the writer asks for, so our
    acknowledgments and our outbound documents to one partner draw from one sequence."""

    def __init__(self, numbers: ControlNumbers, partner_code: str) -> None:
        self._numbers = numbers
        self._scope = partner_code

    def allocate(self, scope: str, kind: ControlKind) -> int:
        return self._numbers.allocate(self._scope, kind)


def handle_inbound_message(work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
    data = load_payload(work, services)
    message_id = _message_id(work, entry)
    head = data[:512].removeprefix(b"\xef\xbb\xbf").lstrip()
    if x12_facade.detect(data):
        follow_up, notes = _x12_message(data, message_id, work, services)
    elif head.startswith(_EDIFACT_STARTS):
        raise EdiError(
            f"Sterling message {message_id} holds an EDIFACT interchange, which this build cannot read yet",
            context={"sterling_message_id": str(message_id), "partner": work.partner},
            hint="replay the message once the EDIFACT engine is deployed",
        )
    else:
        raise EdiError(
            f"Sterling message {message_id} is neither X12 (ISA) nor EDIFACT (UNA/UNB): {head[:20]!r}",
            context={"sterling_message_id": str(message_id), "partner": work.partner},
            hint="check with the partner what was sent; a report or a PDF in the EDI mailbox cannot be processed",
        )
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


def _extract(message_id: int, *, retrying: bool, work: WorkItem, services: Services) -> None:
    """Mark the message extracted once: a message with an extraction count refuses a second extraction, so a
    retry that may already have extracted it looks first."""
    if retrying and not services.sterling.get_message(message_id).extractable(services.clock()):
        note = f"Sterling message {message_id} was already extracted by an earlier attempt"
    else:
        services.sterling.mark_extracted(message_id)
        note = f"Sterling message {message_id} extracted"
    audit(services, work, InboundStep.EXTRACTED, AuditOutcome.SUCCEEDED, note)


def register_all(register: Callable[..., object]) -> None:
    register(FlowName.INBOUND_MESSAGE, handle_inbound_message)


def _message_id(work: WorkItem, entry: LedgerEntry) -> int:
    text = (entry.sterling_message_id or work.natural_key).strip()
    if not text.isdigit():
        raise EdiError(
            f"inbound message work item {work.natural_key!r} does not name a Sterling message id",
            context={"natural_key": work.natural_key, "partner": work.partner},
            hint="the poll keys inbound_message work by the numeric Sterling message id",
        )
    return int(text)


# -- X12 ---------------------------------------------------------------------------------------------------


def _party(qualifier: str, ident: str) -> InterchangeParty:
    return InterchangeParty.of(qualifier, ident)


def _x12_message(data: bytes, message_id: int, work: WorkItem, services: Services) -> tuple[list[WorkItem], list[str]]:
    follow_up: list[WorkItem] = []
    notes: list[str] = []
    for interchange in read_interchanges(data):
        h = interchange.header
        partner = services.partners.for_inbound(
            Standard.X12, _party(h.sender_qualifier, h.sender_id), _party(h.receiver_qualifier, h.receiver_id)
        )
        if partner.code != work.partner:
            audit(
                services,
                work,
                InboundStep.PARTNER,
                AuditOutcome.SUCCEEDED,
                f"interchange {interchange.control_number} arrived in {work.partner}'s mailbox but its envelope "
                f"names {partner.code}; it is processed as {partner.code}'s",
            )
        key = document_key(partner.code, interchange.control_number)
        claim = services.state.ledger.claim(
            LedgerClaim(
                flow=INTERCHANGE_FLOW,
                natural_key=key,
                partner=partner.code,
                direction=Direction.INBOUND,
                correlation_id=work.correlation_id,
                sterling_message_id=str(message_id),
                input_payload=work.payload,
            )
        )
        if not claim.won and claim.entry.sterling_message_id != str(message_id):
            _reject_duplicate(interchange, partner, claim.entry, message_id=message_id, work=work, services=services)
            notes.append(f"interchange {interchange.control_number} from {partner.code} is a duplicate")
            continue
        registry = _acknowledge(interchange, partner, claim.entry, message_id=message_id, work=work, services=services)
        items = _split(interchange, partner, work, services)
        follow_up.extend(items)
        advance(services, advance(services, registry, LedgerChange(LedgerStatus.TRANSLATED)), _created())
        notes.append(f"interchange {interchange.control_number} from {partner.code}: {len(items)} work item(s)")
    return follow_up, notes


def _created() -> LedgerChange:
    return LedgerChange(LedgerStatus.CREATED)


def _ack_delimiters(header: InterchangeHeader) -> Delimiters:
    d = header.delimiters
    return Delimiters(d.element, d.component, d.segment, d.repetition, d.line_ending)


def _acknowledge(
    interchange: X12Interchange,
    partner: PartnerProfile,
    registry: LedgerEntry,
    *,
    message_id: int,
    work: WorkItem,
    services: Services,
) -> LedgerEntry:
    """Build (once) and deliver (once) the interchange's 997s / 999s / TA1."""
    name = f"{partner.code}_FA_{interchange.control_number}_{message_id}.x12"
    if registry.output_payload is not None:
        ack = services.state.payloads.get(registry.output_payload)
    else:
        ack = acknowledge_stream(
            io.BytesIO(interchange.raw),
            allocator=PartnerControlNumbers(services.state.control_numbers, partner.code),
            use_999=partner.x12.acknowledgment is X12AckKind.ACK_999,
            when=services.clock(),
        )
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
    interchange: X12Interchange,
    partner: PartnerProfile,
    first: LedgerEntry,
    *,
    message_id: int,
    work: WorkItem,
    services: Services,
) -> None:
    """A TA1 rejecting the interchange as a duplicate (TA105 025) and nothing else (edi.md §4.4)."""
    h = interchange.header
    name = f"{partner.code}_TA1_{interchange.control_number}_{message_id}.x12"
    if services.sterling.find_message(partner.mailboxes.outbound, name) is None:
        ta1 = build_interchange(
            Party(h.receiver_qualifier, h.receiver_id),
            Party(h.sender_qualifier, h.sender_id),
            (),
            PartnerControlNumbers(services.state.control_numbers, partner.code),
            delimiters=_ack_delimiters(h),
            version=h.version if h.version in ("00401", "00501") else "00401",
            usage=h.usage if h.usage in ("P", "T") else "P",
            when=services.clock(),
            extra_segments=(("TA1", h.control_number, h.date, h.time, "R", "025"),),
        )
        services.sterling.deliver(ta1, partner.mailboxes.outbound, name)
    audit(
        services,
        work,
        InboundStep.DUPLICATE_INTERCHANGE,
        AuditOutcome.SKIPPED,
        f"interchange {interchange.control_number} from {partner.code} was already received in Sterling message "
        f"{first.sterling_message_id}; rejected with TA1 025 ({name}) and not processed again",
        partner=partner.code,
    )


def _split(interchange: X12Interchange, partner: PartnerProfile, work: WorkItem, services: Services) -> list[WorkItem]:
    items: list[WorkItem] = []
    declared = Usage.of_interchange(Standard.X12, interchange.header.usage)
    if declared is not partner.usage:
        audit(
            services,
            work,
            InboundStep.SPLIT,
            AuditOutcome.SKIPPED,
            f"interchange {interchange.control_number} is marked {interchange.header.usage!r} (ISA15) but "
            f"{partner.code} trades {partner.usage.value} data: acknowledged, not processed",
            partner=partner.code,
        )
        return items
    for transaction in interchange.transactions:
        if transaction.group.functional_id == "FA":
            continue
        item = _document_work(interchange, transaction, partner, work, services)
        if item is not None:
            items.append(item)
    if interchange.carries_acknowledgments:
        items.append(
            WorkItem(
                kind=WorkKind.INBOUND_DOCUMENT,
                flow=FlowName.INBOUND_ACK,
                natural_key=document_key(partner.code, f"ISA{interchange.control_number}"),
                partner=partner.code,
                correlation_id=work.correlation_id,
                payload=services.state.payloads.put(interchange.raw),
            )
        )
    return items


def _document_work(
    interchange: X12Interchange,
    transaction: X12Transaction,
    partner: PartnerProfile,
    work: WorkItem,
    services: Services,
) -> WorkItem | None:
    t = transaction.transaction
    where = (
        f"{t.set_id} {t.control_number} in group {t.group.control_number} of interchange "
        f"{interchange.control_number} from {partner.code}"
    )
    known = _DOCUMENT_SETS.get(t.set_id)
    if known is None:
        audit(services, work, InboundStep.SPLIT, AuditOutcome.SKIPPED, f"{where}: no inbound flow reads a {t.set_id}")
        return None
    flow, kind, tag, position = known
    number = next((element(s, position).strip() for s in t.segments if s[0] == tag), "")
    natural_key = document_key(partner.code, number or f"{interchange.control_number}-{t.control_number}")
    if not interchange.envelope_ok or not transaction.accepted:
        problems = [*interchange.issues, *transaction.issues]
        listed = "; ".join(i.describe() for i in problems if i.severity.value == "error")
        audit(
            services,
            work,
            InboundStep.REJECTED,
            AuditOutcome.FAILED,
            f"{where} was rejected in the acknowledgment and not processed: {listed}. The partner must correct "
            "and resend it",
            natural_key=natural_key,
            partner=partner.code,
            flow=flow,
        )
        return None
    if not partner.enables(kind):
        audit(
            services,
            work,
            InboundStep.SPLIT,
            AuditOutcome.SKIPPED,
            f"{where}: {partner.code} is not enabled for {kind.value} in the partner file; acknowledged, not processed",
            natural_key=natural_key,
            partner=partner.code,
            flow=flow,
        )
        return None
    payload = services.state.payloads.put(standalone(t))
    audit(
        services,
        work,
        InboundStep.SPLIT,
        AuditOutcome.SUCCEEDED,
        f"{where} → {flow.value} {natural_key}",
        payload=payload,
        natural_key=natural_key,
        partner=partner.code,
        flow=flow,
    )
    return WorkItem(
        kind=WorkKind.INBOUND_DOCUMENT,
        flow=flow,
        natural_key=natural_key,
        partner=partner.code,
        correlation_id=work.correlation_id,
        payload=payload,
    )
