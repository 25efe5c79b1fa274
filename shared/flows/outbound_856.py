"""Posted packing slip → 856 ship notice in the customer's mailbox (flow ``outbound_856``).

F&O raises no business event when a packing slip is posted, so the sweep of ``CustPackingSlipJourBiEntities``
is the only source.  Cartons and their SSCC-18s come from the ``MlcPackingSlipContainers`` extension entity,
tracking numbers from ``PackingSlipTrackingInformation``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from shared.dynamics.odata import Filter
from shared.dynamics.records.sales import (
    PackingSlip,
    PackingSlipContainer,
    PackingSlipLine,
    PackingSlipTracking,
    SalesOrderHeader,
    SalesOrderLine,
)
from shared.edi.edifact.writer import OutboundMessage
from shared.edi.x12.writer import TransactionSpec
from shared.errors import MappingError
from shared.flows.contract import FlowName, FlowResult, Services
from shared.flows.outbound_common import (
    Fetched,
    ItemLine,
    customer_line_numbers,
    resolve_line_ids,
    run_outbound,
)
from shared.flows.outbound_parties import sales_order_delivery_address
from shared.flows.outbound_sweep import DEFAULT_LOOK_BACK, sweep_items
from shared.maps.outbound.context import LineIds, OutboundContext
from shared.maps.outbound.edifact_desadv import despatch_advice
from shared.maps.outbound.x12_856 import ShipmentFacts, packing_slip_856
from shared.partners import AccountRole, EdiVersion, FlowKind, PartnerProfile
from shared.state.records import LedgerEntry, WorkItem

__all__ = ["handle_outbound_856", "sweep_outbound_856"]


def _fetch(services: Services, legal_entity: str, number: str) -> Fetched:
    client = services.dynamics
    slip = client.first(PackingSlip, Filter.eq("PackingSlipId", number), legal_entity=legal_entity)
    if slip is None:
        raise MappingError(
            f"packing slip {number} does not exist in legal entity {legal_entity}",
            context={"document": f"{legal_entity}/{number}"},
            hint="check the packing slip id of the work item; posted packing slips are never deleted",
        )
    by_slip = Filter.eq("PackingSlipId", number)
    lines = list(client.query(PackingSlipLine, by_slip, legal_entity=legal_entity))
    containers = list(client.query(PackingSlipContainer, by_slip, legal_entity=legal_entity))
    tracking = sorted(
        {
            t.tracking_number
            for t in client.query(
                PackingSlipTracking, Filter.eq("PackingSlipNumber", number), legal_entity=legal_entity
            )
        }
    )
    ship_to = ""
    address = None
    customer_lines: dict[str, str] = {}
    if slip.sales_order:
        order = client.get(SalesOrderHeader, {"dataAreaId": legal_entity, "SalesOrderNumber": slip.sales_order})
        ship_to = order.delivery_location if order is not None else ""
        address = sales_order_delivery_address(client, legal_entity, slip.sales_order)
        order_lines = client.query(
            SalesOrderLine, Filter.eq("SalesOrderNumber", slip.sales_order), legal_entity=legal_entity
        )
        customer_lines = customer_line_numbers(list(order_lines))
    facts = ShipmentFacts(
        tuple(tracking),
        ship_to,
        tuple((int(li.line_number), customer_lines[li.lot_id]) for li in lines if li.lot_id in customer_lines),
        address,
    )
    description = f"packing slip {number}"

    def ids(partner: PartnerProfile) -> LineIds:
        item_lines = (ItemLine(int(li.line_number), li.item_number, li.unit) for li in lines)
        return resolve_line_ids(services, partner, item_lines, description)

    def x12(partner: PartnerProfile, context: OutboundContext) -> TransactionSpec:
        return packing_slip_856(slip, lines, containers, facts=facts, ids=ids(partner), context=context)

    def edifact(partner: PartnerProfile, context: OutboundContext, version: EdiVersion) -> OutboundMessage:
        return despatch_advice(slip, lines, containers, facts=facts, ids=ids(partner), context=context, version=version)

    records = {"header": slip, "lines": lines, "containers": containers, "shipment": facts}
    return Fetched(legal_entity, number, description, slip.customer_account, records, x12=x12, edifact=edifact)


def handle_outbound_856(work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
    return run_outbound(work, entry, services, flow=FlowKind.OUTBOUND_856, role=AccountRole.CUSTOMER, fetch=_fetch)


def sweep_outbound_856(services: Services, since: datetime | None) -> Iterable[WorkItem]:
    start = since if since is not None else services.clock() - DEFAULT_LOOK_BACK
    slips = services.dynamics.query(PackingSlip, Filter.ge("CreatedOn", start))
    found = ((s.legal_entity, s.customer_account, s.packing_slip_id) for s in slips)
    return sweep_items(services, FlowName.OUTBOUND_856, FlowKind.OUTBOUND_856, AccountRole.CUSTOMER, found)


def register_all(register: Callable[..., object]) -> None:
    register(FlowName.OUTBOUND_856, handle_outbound_856, sweep_outbound_856)
