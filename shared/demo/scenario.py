"""The demo's business: what people and partners do around the connector, through the sandbox's control APIs.

The cycle is the one a manufacturer lives: buyers confirm purchase orders for every supplier (→ 850 / ORDERS
out); every retail customer sends purchase orders (850 / ORDERS in → sales orders); the warehouse ships and
billing invoices the sales orders the connector created (→ 856 / DESADV and 810 / INVOIC out, carrying the
retailer's PO number); the partners acknowledge every interchange they receive (997 / CONTRL in) and pay the
invoices with a remittance (820 / REMADV in → payment journal lines).  Everything happens in the first pass; the
second pass adds nothing and must find nothing new to do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from shared.demo.control import Dropped, RemittedInvoice, SandboxControl
from shared.demo.counting import Business, ReportedFlow
from shared.demo.tally import ACKNOWLEDGMENTS, Bucket
from shared.dynamics.odata import Filter
from shared.dynamics.records.sales import SalesInvoiceHeader
from shared.flows.contract import Services
from shared.partners import AccountRole, FlowKind, PartnerProfile

__all__ = ["PartnerAnswers", "Progress", "Scenario", "SetUp"]

Progress = Callable[[str], None]

_MESSAGE_FLOWS: dict[str, Bucket] = {
    "850": ReportedFlow.INBOUND_850,
    "ORDERS": ReportedFlow.INBOUND_850,
    "820": ReportedFlow.INBOUND_820,
    "REMADV": ReportedFlow.INBOUND_820,
    "997": ACKNOWLEDGMENTS,
    "999": ACKNOWLEDGMENTS,
    "TA1": ACKNOWLEDGMENTS,
    "CONTRL": ACKNOWLEDGMENTS,
}


@dataclass(frozen=True)
class SetUp:
    purchase_orders: tuple[str, ...]
    orders_sent: tuple[Dropped, ...]


@dataclass(frozen=True)
class PartnerAnswers:
    acknowledgments: tuple[Dropped, ...]
    remittances: tuple[Dropped, ...]

    def __len__(self) -> int:
        return len(self.acknowledgments) + len(self.remittances)


@dataclass
class Scenario:
    control: SandboxControl
    services: Services
    progress: Progress
    per_partner: int = 1  # purchase orders per supplier
    orders_per_customer: int = 2
    _dropped: dict[str, Dropped] = field(default_factory=dict)
    _remitted: set[str] = field(default_factory=set)
    _fulfilled: set[tuple[str, str]] = field(default_factory=set)
    _purchase_orders: int = 0
    packing_slips: list[str] = field(default_factory=list)
    invoices: list[str] = field(default_factory=list)

    def business(self) -> Business:
        kinds = [d.document_type.upper() for d in self._dropped.values()]
        return Business(
            purchase_orders_confirmed=self._purchase_orders,
            orders_sent_by_partners=sum(kind in ("850", "ORDERS") for kind in kinds),
            packing_slips_posted=len(self.packing_slips),
            invoices_posted=len(self.invoices),
            remittances_sent_by_partners=sum(kind in ("820", "REMADV") for kind in kinds),
            acknowledgments_sent_by_partners=sum(_MESSAGE_FLOWS.get(kind) == ACKNOWLEDGMENTS for kind in kinds),
        )

    def _partners(self, flow: FlowKind, role: AccountRole) -> list[PartnerProfile]:
        return sorted(
            (p for p in self.services.partners if flow in p.flows and p.account.role is role), key=lambda p: p.code
        )

    def message_flow(self, message_id: str) -> Bucket | None:
        """The flow of a message the demo's partners dropped (None for one it does not know)."""
        dropped = self._dropped.get(message_id)
        return None if dropped is None else _MESSAGE_FLOWS.get(dropped.document_type.upper())

    def _remember(self, dropped: list[Dropped]) -> list[Dropped]:
        for message in dropped:
            self._dropped[str(message.message_id)] = message
        return dropped

    # -- before the first pass -----------------------------------------------------------------------------

    def set_up(self) -> SetUp:
        pos: list[str] = []
        for partner in self._partners(FlowKind.OUTBOUND_850, AccountRole.VENDOR):
            entity, vendor = partner.account.legal_entity, partner.account.number
            for _ in range(self.per_partner):
                number = self.control.create_purchase_order(entity, vendor)
                self.control.confirm_purchase_order(entity, number)
                pos.append(number)
        self._purchase_orders = len(pos)
        self.progress(f"set-up: confirmed {len(pos)} purchase orders in Dynamics for suppliers")

        sent: list[Dropped] = []
        for partner in self._partners(FlowKind.INBOUND_850, AccountRole.CUSTOMER):
            sent += self._remember(self.control.send_orders(partner.code, "850", self.orders_per_customer))
        self.progress(
            f"set-up: {len({d.partner for d in sent})} retailers dropped {len(sent)} purchase orders "
            "(850 / ORDERS) into their Sterling inbound mailboxes"
        )
        return SetUp(tuple(pos), tuple(sent))

    # -- between rounds ------------------------------------------------------------------------------------

    def fulfil_new_orders(self) -> int:
        """The warehouse ships and billing invoices every sales order the connector created since last time."""
        shipped = 0
        for order in self.control.created_orders():
            if (order.legal_entity, order.number) in self._fulfilled:
                continue
            self._fulfilled.add((order.legal_entity, order.number))
            partner = self.services.partners.find_outbound(order.legal_entity, AccountRole.CUSTOMER, order.customer)
            if partner is not None and FlowKind.OUTBOUND_856 in partner.flows:
                self.packing_slips.append(self.control.post_packing_slip(order.legal_entity, order.number))
            self.invoices.append(self.control.post_sales_invoice(order.legal_entity, order.number))
            shipped += 1
        if shipped:
            self.progress(
                f"warehouse and billing: shipped and invoiced {shipped} sales orders the connector created "
                f"({len(self.packing_slips)} packing slips, {len(self.invoices)} invoices posted so far)"
            )
        return shipped

    def partners_answer(self, invoices_delivered: dict[str, list[str]], *, remit: bool) -> PartnerAnswers:
        """Every partner acknowledges what it received; with ``remit``, customers pay the invoices delivered to
        them (``invoices_delivered``: partner code → natural keys ``<legal entity>/<invoice number>``) that were
        not paid yet."""
        acks: list[Dropped] = []
        for partner in sorted(self.services.partners, key=lambda p: p.code):
            acks += self._remember(self.control.acknowledge(partner.code))
        remittances: list[Dropped] = []
        if remit:
            for code, keys in sorted(invoices_delivered.items()):
                unpaid = [key for key in keys if key not in self._remitted]
                invoices = self._amounts(unpaid) if unpaid else []
                if invoices:
                    remittances += self._remember([self.control.send_remittance(code, "820", invoices)])
                    self._remitted.update(unpaid)
        if acks or remittances:
            self.progress(
                f"partners: {len(acks)} acknowledgments (997 / CONTRL) and {len(remittances)} remittances "
                "(820 / REMADV) dropped into Sterling"
            )
        return PartnerAnswers(tuple(acks), tuple(remittances))

    def _amounts(self, keys: list[str]) -> list[RemittedInvoice]:
        by_entity: defaultdict[str, list[str]] = defaultdict(list)
        for key in keys:
            entity, _, number = key.partition("/")
            by_entity[entity].append(number)
        found: list[RemittedInvoice] = []
        for entity, numbers in sorted(by_entity.items()):
            where = Filter.any_of("InvoiceNumber", sorted(numbers))
            for header in self.services.dynamics.query(SalesInvoiceHeader, where, legal_entity=entity):
                found.append(RemittedInvoice(header.number, header.total_amount))
        return sorted(found, key=lambda invoice: invoice.number)
