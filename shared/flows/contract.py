"""The contract between the runtime (queue triggers, timers, the HTTP event endpoint, replay) and the flows.

The runtime owns delivery semantics: it receives a ``WorkItem`` from a queue, claims the ledger entry for
``(item.flow, item.natural_key)``, skips it when the ledger says it is already done, calls the flow's handler,
and maps whatever the handler raises to an outcome (retry, failed, poisoned) with one truth-tabled function.
A flow owns the business steps: it moves its ledger entry through translated → delivered / created, records
Sterling and Dynamics ids on the entry as soon as it has them (so a redelivery reuses them instead of creating
twice), archives payloads, appends audit events, and raises the project's errors (``shared.errors``): transient
ones to be retried, permanent ones to be recorded as failed and replayable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from shared.dynamics.client import DynamicsClient
from shared.partners import ItemResolver, PartnerDirectory
from shared.state.factory import StateStores
from shared.state.records import LedgerEntry, WorkItem
from shared.sterling.client import SterlingClient

__all__ = [
    "FlowHandler",
    "FlowName",
    "FlowOutcome",
    "FlowResult",
    "Services",
    "Sweeper",
    "WorkKind",
    "document_key",
]


class FlowName(StrEnum):
    """Ledger and work-item ``flow`` names. The first six are the partner file's flow names (FlowKind)."""

    OUTBOUND_850 = "outbound_850"  # confirmed purchase order → 850 / ORDERS to the vendor
    OUTBOUND_810 = "outbound_810"  # posted sales (or free-text) invoice → 810 / INVOIC to the customer
    OUTBOUND_810_SELF_BILLING = "outbound_810_self_billing"  # posted vendor invoice → 810 to the vendor (opt-in)
    OUTBOUND_856 = "outbound_856"  # posted packing slip → 856 / DESADV to the customer
    INBOUND_850 = "inbound_850"  # one 850 / ORDERS → a sales order
    INBOUND_820 = "inbound_820"  # one 820 / REMADV → payment journal lines
    INBOUND_MESSAGE = "inbound_message"  # one Sterling mailbox message: parse, acknowledge, split into documents
    INBOUND_ACK = "inbound_ack"  # one 997 / 999 / TA1 / CONTRL received: reconcile the groups we sent


class WorkKind(StrEnum):
    """What a work item's natural key points at."""

    DYNAMICS_RECORD = "dynamics_record"  # outbound: key = document_key(legal entity, document number)
    STERLING_MESSAGE = "sterling_message"  # inbound: key = the Sterling message id; payload = the archived bytes
    INBOUND_DOCUMENT = "inbound_document"  # inbound: key = document_key(partner, document id); payload = its bytes


def document_key(scope: str, number: str) -> str:
    """The natural key of a document: ``<scope>/<number>``, e.g. ``usmf/USMF-000123`` or ``BIGBOX/PO-4711``.

    State adapters encode characters their keys forbid, so ``number`` is used exactly as the source gives it.
    """
    return f"{scope}/{number}"


class FlowOutcome(StrEnum):
    DONE = "done"  # delivered to a mailbox or created in Dynamics
    DUPLICATE = "duplicate"  # a guard found the effect already in place (message by name, order by PO number)
    NO_ACTION = "no_action"  # nothing to do (e.g. the partner is not enabled for this flow; recorded why)


@dataclass(frozen=True)
class FlowResult:
    outcome: FlowOutcome
    detail: str
    follow_up: tuple[WorkItem, ...] = field(default=())  # more work to enqueue (documents split from a message)


@dataclass(frozen=True)
class Services:
    """Everything a flow works with, built once per process by the composition root."""

    state: StateStores
    dynamics: DynamicsClient
    sterling: SterlingClient
    partners: PartnerDirectory
    items: ItemResolver
    clock: Callable[[], datetime]


class FlowHandler(Protocol):
    """Runs one work item. ``entry`` is the ledger entry the runtime claimed (status claimed or translated)."""

    def __call__(self, work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult: ...


class Sweeper(Protocol):
    """Finds outbound documents in Dynamics changed since ``since`` (None: the configured look-back) and returns
    the work items for them; the timer enqueues them and the ledger drops the ones already handled."""

    def __call__(self, services: Services, since: datetime | None) -> Iterable[WorkItem]: ...
