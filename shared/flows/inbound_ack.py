"""A functional acknowledgment from a partner (997 / 999 / TA1 / CONTRL) reconciled against what we sent it.

Each acknowledged group is found among the partner's delivered, unacknowledged outbound entries by its group
control number (GS06 ↔ AK102); a TA1 by its interchange control number.  Accepted (also with errors, or the
accepted part of a partially accepted group) → acknowledged; rejected → failed, with the partner's codes as the
reason the operator sees.  A TA1 that accepts only says the envelope arrived, so it changes nothing.  A CONTRL
is matched by our interchange reference (UCI 0020) and, per message, our UNH 0062 (UCM).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from shared.edi.edifact import facade as edifact_facade
from shared.edi.edifact.contrl import ContrlResult, parse_contrl
from shared.edi.x12.ack_reader import AckStatus, GroupAck, InterchangeAck, parse_group_ack, parse_ta1
from shared.edi.x12.envelope import TechnicalAck
from shared.flows.contract import FlowName, FlowOutcome, FlowResult, Services
from shared.flows.inbound_common import InboundStep, advance, audit, load_payload
from shared.flows.inbound_edifact import read_edifact
from shared.flows.inbound_x12 import read_interchanges
from shared.state.records import AuditOutcome, LedgerChange, LedgerEntry, LedgerStatus, WorkItem
from shared.telemetry import Event, emit

__all__ = ["handle_inbound_ack", "register_all", "same_control_number"]

# Outstanding entries are looked up by partner; "delivered before" is no restriction here.
_ANY_TIME = datetime(9999, 12, 31, tzinfo=UTC)
_OUTSTANDING_LIMIT = 1000
_CONTRL_REJECTED = "4"
_CONTRL_ACKNOWLEDGED = "7"
_ACCEPTING = frozenset({AckStatus.ACCEPTED, AckStatus.ACCEPTED_WITH_ERRORS, AckStatus.PARTIALLY_ACCEPTED})


@dataclass(frozen=True, slots=True)
class _Verdict:
    status: AckStatus | None  # None: the acknowledgment changes nothing (a TA1 accepting, a CONTRL receipt)
    detail: str


# (the outbound entry answered, or None when nothing matches; what the partner said)
_Found = tuple[LedgerEntry | None, _Verdict]


def _x12_verdicts(data: bytes, outstanding: list[LedgerEntry]) -> list[_Found]:
    found: list[_Found] = []
    for interchange in read_interchanges(data):
        for transaction in interchange.transactions:
            if transaction.set_id not in ("997", "999"):
                continue
            ack = parse_group_ack(transaction.transaction.segments)
            matched = [e for e in outstanding if same_control_number(e.controls.group, ack.group_control_number)]
            if not matched:
                found.append((None, _Verdict(None, f"group {ack.group_control_number}")))
            found.extend((target, _group_verdict(ack, target)) for target in matched)
        for event in interchange.events:
            if not isinstance(event, TechnicalAck):
                continue
            ta1 = parse_ta1(event.segment)
            matched = [e for e in outstanding if same_control_number(e.controls.interchange, ta1.control_number)]
            if not matched:
                found.append((None, _Verdict(None, f"interchange {ta1.control_number}")))
            found.extend((target, _ta1_verdict(ta1)) for target in matched)
    return found


def _contrl_verdicts(data: bytes, outstanding: list[LedgerEntry]) -> list[_Found]:
    found: list[_Found] = []
    for interchange, _ in read_edifact(data):
        for message in interchange.messages:
            if message.type != "CONTRL":
                continue
            result = parse_contrl(message)
            reference = result.interchange_reference
            matched = [e for e in outstanding if same_control_number(e.controls.interchange, reference)]
            if not matched:
                found.append((None, _Verdict(None, f"interchange {reference}")))
            found.extend((target, _contrl_verdict(result, target)) for target in matched)
    return found


def _contrl_verdict(result: ContrlResult, target: LedgerEntry) -> _Verdict:
    """UCI action 4 rejects everything in the interchange; otherwise the UCM for the entry's message decides,
    and with none, action 7 acknowledges it (lower levels are acknowledged unless explicitly rejected)."""
    where = f"CONTRL for interchange {result.interchange_reference}"
    if result.action == _CONTRL_REJECTED:
        return _Verdict(AckStatus.REJECTED, f"{where}: interchange rejected{_codes([result.code])}")
    for message in result.messages:
        if same_control_number(target.controls.transaction, message.reference):
            status = AckStatus.REJECTED if message.rejected else AckStatus.ACCEPTED
            errors = "; ".join(f"segment {e.position} code {e.code}" for e in message.segments)
            detail = f"{where}: message {message.message_type} {message.reference} {status.value}"
            return _Verdict(status, detail + _codes([message.code]) + (f"; {errors}" if errors else ""))
    if result.action == _CONTRL_ACKNOWLEDGED:
        return _Verdict(AckStatus.ACCEPTED, f"{where}: acknowledged")
    return _Verdict(None, f"{where}: received (action {result.action}), not yet acknowledged")


def same_control_number(ours: str | None, theirs: str) -> bool:
    """Control numbers compared as numbers when both are (``000000042`` is ``42``), else as trimmed text."""
    if ours is None:
        return False
    a, b = ours.strip(), theirs.strip()
    if a.isdigit() and b.isdigit():
        return int(a) == int(b)
    return a == b


def handle_inbound_ack(work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
    partner = services.partners.by_code(work.partner)
    data = load_payload(work, services)
    outstanding = services.state.ledger.awaiting_acknowledgment(
        delivered_before=_ANY_TIME, partner=partner.code, limit=_OUTSTANDING_LIMIT
    )
    reconciled = 0
    unmatched: list[str] = []
    verdicts = _contrl_verdicts(data, outstanding) if edifact_facade.detect(data) else _x12_verdicts(data, outstanding)
    for target, verdict in verdicts:
        if target is None:
            unmatched.append(verdict.detail)
        elif verdict.status is not None:
            _apply(target, verdict, work, services)
            reconciled += 1
    if unmatched:
        audit(
            services,
            work,
            InboundStep.RECONCILED,
            AuditOutcome.SKIPPED,
            f"{partner.code} acknowledged {', '.join(unmatched)}, which match nothing delivered and unacknowledged "
            "(already reconciled, or not sent by this connector)",
        )
    entry = advance(services, entry, LedgerChange(LedgerStatus.TRANSLATED))
    advance(services, entry, LedgerChange(LedgerStatus.CREATED))
    detail = f"{reconciled} outbound document(s) reconciled" + (
        f"; unmatched: {', '.join(unmatched)}" if unmatched else ""
    )
    return FlowResult(FlowOutcome.DONE, detail)


def register_all(register: Callable[..., object]) -> None:
    register(FlowName.INBOUND_ACK, handle_inbound_ack)


def _codes(codes: Iterable[str]) -> str:
    listed = ", ".join(c for c in codes if c)
    return f" (codes {listed})" if listed else ""


def _group_verdict(ack: GroupAck, target: LedgerEntry) -> _Verdict:
    kind = "999" if any(s[0] == "IK5" for s in ack.segments) else "997"
    for set_ack in ack.sets:
        if same_control_number(target.controls.transaction, set_ack.control_number):
            errors = "; ".join(f"{seg} at {pos} code {code}" for seg, pos, code in set_ack.segment_errors)
            detail = (
                f"{kind} for group {ack.group_control_number}: set {set_ack.set_id} {set_ack.control_number} "
                f"{set_ack.status.value}{_codes(set_ack.codes)}" + (f"; {errors}" if errors else "")
            )
            return _Verdict(set_ack.status, detail)
    detail = (
        f"{kind} for group {ack.group_control_number}: group {ack.status.value}{_codes(ack.codes)}, "
        f"{ack.accepted} of {ack.received} set(s) accepted"
    )
    return _Verdict(ack.status, detail)


def _ta1_verdict(ta1: InterchangeAck) -> _Verdict:
    # A TA1 that accepts only says the envelope arrived; the 997 decides.
    status = AckStatus.REJECTED if ta1.status is AckStatus.REJECTED else None
    return _Verdict(status, f"TA1 for interchange {ta1.control_number}: {ta1.status.value} (note {ta1.note_code})")


def _apply(target: LedgerEntry, verdict: _Verdict, work: WorkItem, services: Services) -> None:
    dims: dict[str, str | int | None] = {
        "flow": target.flow,
        "key": target.natural_key,
        "partner": target.partner,
        "status": verdict.status.value if verdict.status else None,
        "correlation_id": target.correlation_id,
    }
    if verdict.status in _ACCEPTING:
        services.state.ledger.transition(target, LedgerChange(LedgerStatus.ACKNOWLEDGED))
        outcome = AuditOutcome.SUCCEEDED
    else:
        reason = f"the partner rejected it: {verdict.detail}. Correct the document and send it again"
        services.state.ledger.transition(target, LedgerChange(LedgerStatus.FAILED, reason=reason))
        outcome = AuditOutcome.FAILED
    audit(
        services,
        work,
        InboundStep.RECONCILED,
        outcome,
        verdict.detail,
        natural_key=target.natural_key,
        partner=target.partner,
        flow=target.flow,
    )
    emit(Event.ACK_RECEIVED, f"{target.flow} {target.natural_key}: {verdict.detail}", dimensions=dims)
