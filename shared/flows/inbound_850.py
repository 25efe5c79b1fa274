"""One partner purchase order (850 / ORDERS) → one sales order, created at most once.

Check before create: an order of this customer with this ``CustomerRequisitionNumber`` means the effect is in
place (a resend, an order keyed by hand, or our own earlier attempt whose answer was lost).  The header and all
lines go in one ``$batch`` changeset, so Dynamics never holds half an order.  The entry moves to translated just
before the changeset: finding the order afterwards while translated means our own create went through.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from shared.dynamics.batch import ChangeOperation
from shared.dynamics.odata import Filter
from shared.dynamics.records.sales import SalesOrderHeader
from shared.edi.edifact import facade as edifact_facade
from shared.edi.edifact.documents import Order, read_document
from shared.edi.x12.documents.orders import parse_850
from shared.errors import EdiError, RemoteRejectedError
from shared.flows.contract import FlowName, FlowOutcome, FlowResult, Services, document_key
from shared.flows.inbound_common import InboundStep, advance, audit, ensure_account_open, load_payload
from shared.flows.inbound_edifact import edifact_controls, single_message
from shared.flows.inbound_x12 import single_transaction
from shared.maps.inbound import OrderDocument, SalesOrderDraft, map_order, order_from_850, order_from_orders
from shared.partners import PartnerProfile
from shared.state.records import AuditOutcome, EnvelopeControls, LedgerChange, LedgerEntry, LedgerStatus, WorkItem

__all__ = ["handle_inbound_850", "register_all"]

# The header just created is addressed by key through ``$1``; outside the app user's default company a read by
# key needs cross-company (dynamics.md §7), so the navigation asks for it whichever company the order is in.
_ANY_COMPANY = "?cross-company=true"

# "All" stops every transaction and "Invoice" stops sales orders (CustVendorBlocked).
_BLOCKS_ORDERS = frozenset({"All", "Invoice"})


def handle_inbound_850(work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
    partner = services.partners.by_code(work.partner)
    order, controls = _read_order(load_payload(work, services), work.natural_key)
    existing = _existing(services, partner, order)
    if existing is not None:
        return _already_there(existing, work, entry, services)
    ensure_account_open(services, partner, _BLOCKS_ORDERS, f"a sales order for PO {order.po_number}")
    draft = map_order(order, partner, services.items)
    record = services.state.payloads.put(json.dumps(draft.to_json(), default=str, sort_keys=True).encode())
    audit(services, work, InboundStep.MAPPED, AuditOutcome.SUCCEEDED, _summary(draft), payload=record)
    entry = advance(services, entry, LedgerChange(LedgerStatus.TRANSLATED, output_payload=record, controls=controls))
    number = _create(draft, services)
    # The audit line goes first: once the entry is finished a redelivery is skipped and could not write it.
    message = f"sales order {number} created in {partner.legal_entity} for PO {order.po_number}"
    audit(services, work, InboundStep.CREATED, AuditOutcome.SUCCEEDED, f"{message} ({len(draft.lines)} line(s))")
    record_key = document_key(partner.legal_entity, number)
    advance(services, entry, LedgerChange(LedgerStatus.CREATED, dynamics_record_key=record_key))
    return FlowResult(FlowOutcome.DONE, f"sales order {number} for PO {order.po_number}")


def register_all(register: Callable[..., object]) -> None:
    register(FlowName.INBOUND_850, handle_inbound_850)


def _read_order(data: bytes, key: str) -> tuple[OrderDocument, EnvelopeControls]:
    if edifact_facade.detect(data):
        interchange, message = single_message(data, "ORDERS", f"ORDERS {key}")
        typed = read_document(message)
        if not isinstance(typed, Order):
            raise EdiError(f"ORDERS {key} could not be read as an order", context={"document": key})
        return order_from_orders(typed), EnvelopeControls(*edifact_controls(interchange, message))
    transaction = single_transaction(data, "850", f"850 {key}")
    controls = EnvelopeControls(
        interchange=transaction.transaction.interchange.control_number.strip(),
        group=transaction.group.control_number,
        transaction=transaction.transaction.control_number,
    )
    return order_from_850(parse_850(transaction.transaction.segments)), controls


def _existing(services: Services, partner: PartnerProfile, order: OrderDocument) -> SalesOrderHeader | None:
    where = Filter.eq("OrderingCustomerAccountNumber", partner.account.number) & Filter.eq(
        "CustomerRequisitionNumber", order.po_number
    )
    return services.dynamics.first(SalesOrderHeader, where, legal_entity=partner.legal_entity)


def _already_there(found: SalesOrderHeader, work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
    ours = entry.status is LedgerStatus.TRANSLATED
    key = document_key(found.legal_entity, found.number)
    if ours:
        message = f"sales order {found.number} was created by an earlier attempt whose answer was lost"
        audit(services, work, InboundStep.CREATED, AuditOutcome.SUCCEEDED, message)
    else:
        message = (
            f"sales order {found.number} already exists for customer {found.customer_account} with PO "
            f"{found.customer_po_number}; nothing created"
        )
        audit(services, work, InboundStep.CHECKED, AuditOutcome.SKIPPED, message)
    entry = advance(services, entry, LedgerChange(LedgerStatus.TRANSLATED))
    advance(services, entry, LedgerChange(LedgerStatus.CREATED, dynamics_record_key=key))
    return FlowResult(FlowOutcome.DONE if ours else FlowOutcome.DUPLICATE, message)


def _create(draft: SalesOrderDraft, services: Services) -> str:
    operations = [ChangeOperation("POST", SalesOrderHeader.ENTITY_SET, draft.header_odata())]
    operations += [ChangeOperation("POST", f"$1/SalesOrderLines{_ANY_COMPANY}", line) for line in draft.lines_odata()]
    results = services.dynamics.execute_changeset(operations)
    number = results[0].json().get("SalesOrderNumber")
    if not isinstance(number, str) or not number:
        raise RemoteRejectedError(
            f"Dynamics created the sales order for PO {draft.po_number} but answered without its SalesOrderNumber",
            context={"system": "dynamics", "po_number": draft.po_number, "legal_entity": draft.legal_entity},
            hint="the order exists; replay this document and the check before create records its number",
        )
    return number


def _summary(draft: SalesOrderDraft) -> str:
    lines = ", ".join(f"{line.quantity} x {line.item_number}" for line in draft.lines)
    return f"PO {draft.po_number} → customer {draft.customer_account} in {draft.legal_entity}: {lines}"
