"""What the inbound flows share: reading the archived payload, moving the ledger entry, writing the audit trail."""

from __future__ import annotations

from shared.dynamics.odata import Literal
from shared.dynamics.records.parties import Customer, Vendor
from shared.errors import MappingError, PermanentError
from shared.flows.contract import Services
from shared.partners import AccountRole, PartnerProfile
from shared.state.records import (
    AuditEvent,
    AuditOutcome,
    LedgerChange,
    LedgerEntry,
    LedgerStatus,
    PayloadRef,
    WorkItem,
)

__all__ = [
    "AccountOnHoldError",
    "InboundStep",
    "advance",
    "archive_text",
    "audit",
    "ensure_account_open",
    "is_forward",
    "load_payload",
]


class InboundStep:
    """Audit step names of the inbound flows (searchable in the audit log)."""

    RECEIVED = "received"
    PARTNER = "partner_resolved"
    VALIDATED = "validated"
    ACKNOWLEDGED = "ack_delivered"
    SPLIT = "split"
    REJECTED = "transaction_rejected"
    DUPLICATE_INTERCHANGE = "duplicate_interchange"
    EXTRACTED = "message_extracted"
    MAPPED = "mapped"
    CHECKED = "checked_existing"
    CREATED = "created"
    RECONCILED = "ack_reconciled"


def load_payload(work: WorkItem, services: Services) -> bytes:
    if work.payload is None:
        raise PermanentError(
            f"work item {work.flow} {work.natural_key} carries no payload reference",
            context={"flow": work.flow, "natural_key": work.natural_key, "partner": work.partner},
            hint="the producer must archive the bytes and pass their reference; re-poll or re-split the message",
        )
    return services.state.payloads.get(work.payload)


def archive_text(services: Services, text: str) -> PayloadRef:
    return services.state.payloads.put(text.encode("utf-8"))


def audit(
    services: Services,
    work: WorkItem,
    step: str,
    outcome: AuditOutcome,
    message: str,
    *,
    payload: PayloadRef | None = None,
    natural_key: str | None = None,
    partner: str | None = None,
    flow: str | None = None,
) -> None:
    services.state.audit.append(
        AuditEvent(
            at=services.clock(),
            flow=flow or work.flow,
            natural_key=natural_key or work.natural_key,
            partner=partner or work.partner,
            step=step,
            outcome=outcome,
            message=message,
            correlation_id=work.correlation_id,
            payload=payload,
        )
    )


_INBOUND_ORDER = (LedgerStatus.CLAIMED, LedgerStatus.TRANSLATED, LedgerStatus.CREATED)


def is_forward(entry: LedgerEntry, target: LedgerStatus) -> bool:
    """Whether moving ``entry`` to ``target`` is progress (False when it stands there or further on already)."""
    if entry.status not in _INBOUND_ORDER or target not in _INBOUND_ORDER:
        return entry.status is not target
    return _INBOUND_ORDER.index(entry.status) < _INBOUND_ORDER.index(target)


def advance(services: Services, entry: LedgerEntry, change: LedgerChange) -> LedgerEntry:
    """Apply ``change`` unless the entry already stands there or further on (a redelivery re-entering), or it
    stands there and the change records nothing new."""
    if is_forward(entry, change.status):
        return services.state.ledger.transition(entry, change)
    if entry.status is change.status and change != LedgerChange(change.status):
        return services.state.ledger.transition(entry, change)
    return entry


class AccountOnHoldError(PermanentError):
    """The partner's Dynamics account is on hold for what the document asks (a closed or blocked account)."""


def ensure_account_open(services: Services, partner: PartnerProfile, blocking: frozenset[str], doing: str) -> None:
    """The partner's customer or vendor account exists and is not on hold with a status in ``blocking``."""
    account = partner.account
    key: dict[str, Literal] = {"dataAreaId": account.legal_entity}
    on_hold: str | None
    if account.role is AccountRole.CUSTOMER:
        key["CustomerAccount"] = account.number
        customer = services.dynamics.get(Customer, key)
        on_hold = None if customer is None else (customer.on_hold.value if customer.on_hold else "No")
    else:
        key["VendorAccountNumber"] = account.number
        vendor = services.dynamics.get(Vendor, key)
        on_hold = None if vendor is None else (vendor.on_hold.value if vendor.on_hold else "No")
    context = {"partner": partner.code, "account": account.number, "legal_entity": account.legal_entity}
    if on_hold is None:
        raise MappingError(
            f"{account.role.value} {account.number} does not exist in {account.legal_entity}, so {doing} is "
            "not possible",
            context=context,
            hint=f"correct the account of partner {partner.code} in the partner file (or create the account), "
            "then replay",
        )
    if on_hold in blocking:
        raise AccountOnHoldError(
            f"{account.role.value} {account.number} is on hold {on_hold!r} in {account.legal_entity}: {doing} "
            "is blocked",
            context=context,
            hint=f"release {account.role.value} {account.number} in Dynamics (or confirm the account is closed "
            "and tell the partner), then replay",
        )
