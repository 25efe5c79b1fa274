"""Confirmed purchase order → 850 in the vendor's Sterling mailbox (flow ``outbound_850``).

Started by ``PurchaseOrderConfirmedBusinessEvent`` and by the sweep, which reads the confirmation journal
(``PurchaseOrderConfirmationHeaders``): a confirmation is the change this flow cares about, and the journal
dates it, where the order header carries no modification time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Self

from shared.dynamics.enums import VersioningDocumentState
from shared.dynamics.odata import Filter, dynamics_date
from shared.dynamics.records.purchasing import PurchaseOrderHeader, PurchaseOrderLine
from shared.dynamics.rows import ODataRow, RowReader
from shared.edi.edifact.writer import OutboundMessage
from shared.edi.x12.writer import TransactionSpec
from shared.errors import MappingError
from shared.flows.contract import FlowName, FlowResult, Services
from shared.flows.outbound_common import (
    Fetched,
    ItemLine,
    resolve_line_ids,
    run_outbound,
)
from shared.flows.outbound_parties import purchase_order_delivery_address
from shared.flows.outbound_sweep import DEFAULT_LOOK_BACK, sweep_items
from shared.maps.outbound.context import LineIds, OutboundContext
from shared.maps.outbound.edifact_orders import purchase_order as orders_message
from shared.maps.outbound.x12_850 import purchase_order_850
from shared.partners import AccountRole, EdiVersion, FlowKind, PartnerProfile
from shared.state.records import LedgerEntry, WorkItem

__all__ = ["PurchaseOrderConfirmation", "handle_outbound_850", "sweep_outbound_850"]


@dataclass(frozen=True, slots=True)
class PurchaseOrderConfirmation:
    """One confirmation of a purchase order (read-only journal, dynamics.md §5.6): what the sweep dates by."""

    ENTITY_SET: ClassVar[str] = "PurchaseOrderConfirmationHeaders"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "PurchaseOrderNumber", "ConfirmationNumber", "ConfirmationDate")
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, "OrderVendorAccountNumber")

    legal_entity: str
    order_number: str
    vendor_account: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            r.required_text("dataAreaId").lower(),
            r.required_text("PurchaseOrderNumber"),
            r.text("OrderVendorAccountNumber"),
        )


def _fetch(services: Services, legal_entity: str, number: str) -> Fetched:
    client = services.dynamics
    order = client.get(PurchaseOrderHeader, {"dataAreaId": legal_entity, "PurchaseOrderNumber": number})
    if order is None:
        raise MappingError(
            f"purchase order {number} does not exist in legal entity {legal_entity}",
            context={"document": f"{legal_entity}/{number}"},
            hint="it may have been deleted after it was confirmed; nothing can be sent for it",
        )
    lines = list(client.query(PurchaseOrderLine, Filter.eq("PurchaseOrderNumber", number), legal_entity=legal_entity))
    ship_to = purchase_order_delivery_address(client, legal_entity, number)
    description = f"purchase order {number}"
    not_ready = None
    if order.approval_status is not VersioningDocumentState.Confirmed:
        state = order.approval_status.value if order.approval_status is not None else "without approval status"
        not_ready = f"{description} is {state}, not confirmed; the 850 is sent once it is confirmed"

    def ids(partner: PartnerProfile) -> LineIds:
        item_lines = (ItemLine(li.line_number, li.item_number, li.unit) for li in lines)
        return resolve_line_ids(services, partner, item_lines, description)

    def x12(partner: PartnerProfile, context: OutboundContext) -> TransactionSpec:
        return purchase_order_850(order, lines, ids(partner), context, ship_to=ship_to)

    def edifact(partner: PartnerProfile, context: OutboundContext, version: EdiVersion) -> OutboundMessage:
        return orders_message(order, lines, ids(partner), context=context, version=version)

    return Fetched(
        legal_entity,
        number,
        description,
        order.vendor_account,
        {"header": order, "lines": lines, "ship_to": ship_to},
        x12=x12,
        edifact=edifact,
        not_ready=not_ready,
    )


def handle_outbound_850(work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
    return run_outbound(work, entry, services, flow=FlowKind.OUTBOUND_850, role=AccountRole.VENDOR, fetch=_fetch)


def sweep_outbound_850(services: Services, since: datetime | None) -> Iterable[WorkItem]:
    start = since if since is not None else services.clock() - DEFAULT_LOOK_BACK
    # Confirmation dates are date-only (stored at noon UTC): compare whole days, the ledger drops repeats.
    confirmed = services.dynamics.query(
        PurchaseOrderConfirmation,
        Filter.ge("ConfirmationDate", dynamics_date(start.date())),
    )
    found = ((c.legal_entity, c.vendor_account, c.order_number) for c in confirmed)
    return sweep_items(services, FlowName.OUTBOUND_850, FlowKind.OUTBOUND_850, AccountRole.VENDOR, found)


def register_all(register: Callable[..., object]) -> None:
    register(FlowName.OUTBOUND_850, handle_outbound_850, sweep_outbound_850)
