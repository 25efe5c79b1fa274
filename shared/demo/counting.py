"""What one pass of the demo did, per flow: the figures of the summary table and of the ``--json`` contract.

``found``: documents of the flow the pass came across (swept in Dynamics, or split from a polled message);
``done``: delivered to a mailbox or created in Dynamics; ``failed``: recorded as failed (replayable);
``duplicates_suppressed``: found again but not done again (the ledger or a remote-side guard stopped it);
``dynamics_calls`` / ``sterling_calls``: HTTP requests that reached the emulators while the flow's work ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from shared.demo.control import CallTotals

__all__ = ["REPORTED_FLOWS", "Business", "CycleResult", "Failure", "FlowCounts", "PassCounts", "ReportedFlow"]


class ReportedFlow(StrEnum):
    """The flows of the JSON contract, in its order."""

    OUTBOUND_850 = "outbound_850"
    OUTBOUND_810 = "outbound_810"
    OUTBOUND_856 = "outbound_856"
    INBOUND_850 = "inbound_850"
    INBOUND_820 = "inbound_820"


REPORTED_FLOWS: tuple[ReportedFlow, ...] = tuple(ReportedFlow)

CountsJson = dict[str, int]


@dataclass
class FlowCounts:
    found: int = 0
    done: int = 0
    failed: int = 0
    duplicates_suppressed: int = 0
    dynamics_calls: int = 0
    sterling_calls: int = 0
    retries: int = 0  # attempts given back to the queue (transient failures); an extra key, not in the contract

    def add_calls(self, calls: CallTotals) -> None:
        self.dynamics_calls += calls.dynamics
        self.sterling_calls += calls.sterling

    def to_json(self) -> CountsJson:
        return {
            "found": self.found,
            "done": self.done,
            "failed": self.failed,
            "duplicates_suppressed": self.duplicates_suppressed,
            "dynamics_calls": self.dynamics_calls,
            "sterling_calls": self.sterling_calls,
            "retries": self.retries,
        }


@dataclass(frozen=True)
class Failure:
    flow: str
    key: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"flow": self.flow, "key": self.key, "reason": self.reason}


@dataclass
class PassCounts:
    """One pass: the five contract flows, plus the work that belongs to no single flow."""

    flows: dict[ReportedFlow, FlowCounts] = field(default_factory=lambda: {f: FlowCounts() for f in REPORTED_FLOWS})
    # Acknowledgments the partners sent for our deliveries (997 / CONTRL), reconciled by the inbound_ack flow.
    acknowledgments: FlowCounts = field(default_factory=FlowCounts)
    # Mailbox polls that found nothing of any flow (listing requests), and other flows (self-billing 810).
    overhead: FlowCounts = field(default_factory=FlowCounts)
    rounds: int = 0
    converged: bool = False
    # Documents seen but never finished (neither done, failed nor suppressed), as "<flow> <key>".
    unfinished: tuple[str, ...] = ()

    def __getitem__(self, flow: ReportedFlow) -> FlowCounts:
        return self.flows[flow]

    def to_json(self) -> dict[str, object]:
        document: dict[str, object] = {flow.value: self.flows[flow].to_json() for flow in REPORTED_FLOWS}
        document["acknowledgments"] = self.acknowledgments.to_json()
        document["overhead"] = self.overhead.to_json()
        document["rounds"] = self.rounds
        document["converged"] = self.converged
        document["unfinished"] = list(self.unfinished)
        return document


@dataclass(frozen=True)
class Business:
    """What the people and partners did during the whole demo."""

    purchase_orders_confirmed: int
    orders_sent_by_partners: int
    packing_slips_posted: int
    invoices_posted: int
    remittances_sent_by_partners: int
    acknowledgments_sent_by_partners: int

    def to_json(self) -> dict[str, int]:
        return {
            "purchase_orders_confirmed": self.purchase_orders_confirmed,
            "orders_sent_by_partners": self.orders_sent_by_partners,
            "packing_slips_posted": self.packing_slips_posted,
            "invoices_posted": self.invoices_posted,
            "remittances_sent_by_partners": self.remittances_sent_by_partners,
            "acknowledgments_sent_by_partners": self.acknowledgments_sent_by_partners,
        }


@dataclass(frozen=True)
class CycleResult:
    business: Business
    passes: tuple[PassCounts, ...]
    failures: tuple[Failure, ...] = field(default=())

    @property
    def converged(self) -> bool:
        return all(p.converged for p in self.passes)
