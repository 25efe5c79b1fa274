"""Drive the inbound flows against the sandbox the way the runtime does: poll, claim, handle, enqueue follow-ups.

The queue here is a plain list with at-least-once semantics: an item leaves it only when its handler returned
and its follow-ups were enqueued, so an interruption (``Crash``) leaves it at the head to be "redelivered".
A ``Tripwire`` counts side-effect calls (ledger writes, archive writes, audit appends, control numbers, Sterling
and Dynamics writes) and can interrupt the process right after the n-th one: the effect happened, the process
died before it could go on.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sandbox.launcher import RunningSandbox
from sandbox.seed.catalog import catalog, partner_item_id
from sandbox.seed.partners import PARTNERS
from sandbox.sterling.partner_sim import DeliveredMessage, DroppedMessage
from sandbox.sterling.records import Extractability
from shared.dynamics.client import DynamicsClient
from shared.dynamics.config import parse_dynamics_settings
from shared.dynamics.odata import Filter
from shared.dynamics.records.sales import SalesOrderHeader, SalesOrderLine
from shared.edi.x12.reader import iter_transactions
from shared.errors import PermanentError, TransientError
from shared.flows.contract import FlowName, FlowOutcome, FlowResult, Services, WorkKind
from shared.flows.inbound_820 import handle_inbound_820
from shared.flows.inbound_850 import handle_inbound_850
from shared.flows.inbound_ack import handle_inbound_ack
from shared.flows.inbound_message import handle_inbound_message
from shared.http.retry import RetryPolicy
from shared.partners import CachedItemDirectory, ItemResolver, PartnerDirectory
from shared.partners.dynamics_items import DynamicsItemDirectory
from shared.settings import SettingsProblems, SettingsSource
from shared.state.config import StateSettings
from shared.state.factory import StateStores, open_state
from shared.state.records import (
    Direction,
    LedgerChange,
    LedgerClaim,
    LedgerEntry,
    LedgerStatus,
    WorkItem,
    WorkLane,
)
from shared.sterling.client import SterlingClient
from shared.sterling.config import parse_sterling_settings

REPO = Path(__file__).resolve().parents[3]
PARTNER_FILE = REPO / "config" / "partners.sandbox.toml"

HANDLERS: dict[str, Callable[[WorkItem, LedgerEntry, Services], FlowResult]] = {
    FlowName.INBOUND_MESSAGE: handle_inbound_message,
    FlowName.INBOUND_850: handle_inbound_850,
    FlowName.INBOUND_820: handle_inbound_820,
    FlowName.INBOUND_ACK: handle_inbound_ack,
}
_DONE = (LedgerStatus.CREATED, LedgerStatus.DELIVERED, LedgerStatus.ACKNOWLEDGED)


class Crash(Exception):  # noqa: N818 - it is the process dying, not an error the flows raise
    """The process stops here (power cut, host recycled): nothing after this point ran."""


class Tripwire:
    def __init__(self) -> None:
        self.at: int | None = None
        self.count = 0
        self.names: list[str] = []

    def arm(self, at: int | None) -> None:
        self.at, self.count, self.names = at, 0, []

    def step(self, name: str) -> None:
        self.count += 1
        self.names.append(name)
        if self.at is not None and self.count == self.at:
            self.at = None
            raise Crash(f"interrupted after {name} (side effect {self.count})")


class _Wired:
    """Passes every call through; after each call to one of ``methods`` it asks the tripwire."""

    def __init__(self, target: Any, wire: Tripwire, prefix: str, methods: Iterable[str]) -> None:
        self._target, self._wire, self._prefix, self._methods = target, wire, prefix, frozenset(methods)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if name not in self._methods:
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attr(*args, **kwargs)
            self._wire.step(f"{self._prefix}.{name}")
            return result

        return call

    def __iter__(self) -> Any:
        return iter(self._target)


class _ListQueue:
    """The work queue's enqueue, landing in the harness's in-process queue."""

    def __init__(self, queue: list[WorkItem]) -> None:
        self._queue = queue

    def enqueue(self, lane: WorkLane, item: WorkItem, *, delay: Any = None) -> None:
        self._queue.append(item)


def dynamics_client(sandbox: RunningSandbox, entities: str = "usmf,demf") -> DynamicsClient:
    info = sandbox.info
    problems = SettingsProblems()
    settings = parse_dynamics_settings(
        SettingsSource(
            {
                "DYNAMICS_ENV_URL": info.dynamics,
                "DYNAMICS_AUTHORITY_HOST": info.entra,
                "DYNAMICS_ALLOW_SANDBOX_HOST": "true",
                "DYNAMICS_TENANT_ID": info.credentials.tenant_id,
                "DYNAMICS_CLIENT_ID": info.credentials.client_id,
                "DYNAMICS_CLIENT_SECRET": info.credentials.client_secret,
                "DYNAMICS_LEGAL_ENTITIES": entities,
                "DYNAMICS_CA_BUNDLE": str(info.ca_cert),
            }
        ),
        problems,
        secret_in_key_vault=False,
    )
    problems.raise_if_any()
    return DynamicsClient(settings, policy=RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05))


def sterling_client(sandbox: RunningSandbox) -> SterlingClient:
    info = sandbox.info
    problems = SettingsProblems()
    settings = parse_sterling_settings(
        SettingsSource(
            {
                "STERLING_BASE_URL": info.sterling,
                "STERLING_USER": info.credentials.sterling_user,
                "STERLING_PASSWORD": info.credentials.sterling_password,
            }
        ),
        problems,
        secret_in_key_vault=False,
    )
    problems.raise_if_any()
    return SterlingClient(settings, policy=RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05))


@dataclass
class Outcome:
    work: WorkItem
    outcome: str  # done / duplicate / no_action / skipped / failed
    detail: str


@dataclass
class InboundRun:
    """The runtime's part, done in process: a queue, the claim, the handler, the failure record."""

    services: Services
    wire: Tripwire
    stores: StateStores
    queue: list[WorkItem] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    polled: set[int] = field(default_factory=set)

    def close(self) -> None:
        self.services.dynamics.close()
        self.services.sterling.close()
        self.stores.close()

    def receive(self, *dropped: DroppedMessage) -> list[WorkItem]:
        """What the poll does for these messages only (other tests' messages share the session's mailboxes)."""
        return self.poll(dropped[0].partner, only={d.message_id for d in dropped})

    def poll(self, partner: str, only: set[int] | None = None) -> list[WorkItem]:
        """New messages of the partner's inbound mailbox archived and queued as inbound_message work."""
        profile = self.services.partners.by_code(partner)
        fresh: list[WorkItem] = []
        for message in self.services.sterling.mailbox_messages(profile.mailboxes.inbound):
            if message.id in self.polled or (only is not None and message.id not in only):
                continue
            self.polled.add(message.id)
            payload = self.stores.payloads.put(self.services.sterling.fetch_payload(message.document_id))
            item = WorkItem(
                kind=WorkKind.STERLING_MESSAGE,
                flow=FlowName.INBOUND_MESSAGE,
                natural_key=str(message.id),
                partner=profile.code,
                correlation_id=str(uuid.uuid4()),
                payload=payload,
            )
            self.stores.ledger.claim(
                LedgerClaim(
                    flow=item.flow,
                    natural_key=item.natural_key,
                    partner=item.partner,
                    direction=Direction.INBOUND,
                    correlation_id=item.correlation_id,
                    sterling_message_id=str(message.id),
                    sterling_message_name=message.name,
                    input_payload=payload,
                )
            )
            fresh.append(item)
        self.queue.extend(fresh)
        return fresh

    def drain(self, *, max_rounds: int = 50) -> list[Outcome]:
        """Process the queue until it is empty; a Crash propagates and leaves the item queued."""
        done: list[Outcome] = []
        rounds = 0
        while self.queue:
            rounds += 1
            if rounds > max_rounds * 10:
                raise AssertionError(f"the queue does not drain: {self.queue}")
            work = self.queue[0]
            outcome, follow_up = self._process(work)
            self.queue.pop(0)
            if outcome is None:
                continue  # transient: stays for another go at the back of the queue
            self.queue.extend(follow_up)
            done.append(outcome)
            self.outcomes.append(outcome)
        return done

    def _process(self, work: WorkItem) -> tuple[Outcome | None, tuple[WorkItem, ...]]:
        ledger = self.services.state.ledger
        claim = ledger.claim(
            LedgerClaim(
                flow=work.flow,
                natural_key=work.natural_key,
                partner=work.partner,
                direction=Direction.INBOUND,
                correlation_id=work.correlation_id,
                input_payload=work.payload,
            )
        )
        entry = claim.entry
        if entry.status in _DONE:
            return Outcome(work, "skipped", f"already {entry.status.value}"), ()
        if entry.status is LedgerStatus.FAILED:
            return Outcome(work, "failed", entry.failure_reason or ""), ()
        if not claim.won:
            entry = ledger.transition(entry, LedgerChange(entry.status, new_attempt=True))
        try:
            result = HANDLERS[work.flow](work, entry, self.services)
        except TransientError:
            self.queue.append(replace(work, attempt=work.attempt + 1))
            return None, ()
        except PermanentError as exc:
            current = ledger.get(work.flow, work.natural_key)
            assert current is not None
            ledger.transition(current, LedgerChange(LedgerStatus.FAILED, reason=str(exc)))
            return Outcome(work, "failed", str(exc)), ()
        outcome = {FlowOutcome.DONE: "done", FlowOutcome.DUPLICATE: "duplicate"}.get(result.outcome, "no_action")
        return Outcome(work, outcome, result.detail), result.follow_up


def start_run(
    sandbox: RunningSandbox,
    state_dir: Path,
    *,
    partners: PartnerDirectory | None = None,
    state: StateSettings | None = None,
) -> InboundRun:
    """Services over the sandbox with SQLite state in ``state_dir`` (or the ``state`` given), every side effect
    wired to a tripwire."""
    stores = open_state(state or StateSettings(sqlite_path=state_dir / "state.db"))
    wire = Tripwire()
    dynamics = dynamics_client(sandbox)
    sterling = sterling_client(sandbox)
    queue: list[WorkItem] = []
    wired = StateStores(
        ledger=_Wired(stores.ledger, wire, "ledger", ("claim", "transition")),
        cursors=stores.cursors,
        control_numbers=_Wired(stores.control_numbers, wire, "control_numbers", ("allocate",)),
        audit=_Wired(stores.audit, wire, "audit", ("append",)),
        payloads=_Wired(stores.payloads, wire, "payloads", ("put",)),
        work_queue=_Wired(_ListQueue(queue), wire, "work_queue", ("enqueue",)),
        close=stores.close,
    )
    services = Services(
        state=wired,
        dynamics=_Wired(dynamics, wire, "dynamics", ("execute_changeset", "create")),
        sterling=_Wired(sterling, wire, "sterling", ("deliver", "mark_extracted", "upload_document", "create_message")),
        partners=partners or PartnerDirectory.from_file(PARTNER_FILE),
        items=ItemResolver(CachedItemDirectory(DynamicsItemDirectory(dynamics), ttl=300.0)),
        clock=lambda: datetime.now(UTC),
    )
    return InboundRun(services=services, wire=wire, stores=stores, queue=queue)


def orders_for(run: InboundRun, po_number: str, legal_entity: str = "usmf") -> list[SalesOrderHeader]:
    where = Filter.eq("CustomerRequisitionNumber", po_number)
    return list(run.services.dynamics.query(SalesOrderHeader, where, legal_entity=legal_entity))


def lines_of(run: InboundRun, order: SalesOrderHeader) -> list[SalesOrderLine]:
    where = Filter.eq("SalesOrderNumber", order.number)
    return list(run.services.dynamics.query(SalesOrderLine, where, legal_entity=order.legal_entity))


def acks_for(sandbox: RunningSandbox, partner: str, message_id: int) -> list[DeliveredMessage]:
    """Acknowledgments the connector delivered to ``partner`` for inbound Sterling message ``message_id``."""
    return [m for m in sandbox.sterling.simulator.received(partner) if m.name.endswith(f"_{message_id}.x12")]


def payload_of(sandbox: RunningSandbox, dropped: DroppedMessage) -> bytes:
    return sandbox.sterling.store.document(dropped.document_id).content


def count_once_extractable(sandbox: RunningSandbox, dropped: DroppedMessage) -> None:
    """Let the message be extracted once only, so a second extraction would be refused (and seen)."""
    sandbox.sterling.store.set_extractability(dropped.message_id, Extractability(count=1))


def extractions_left(sandbox: RunningSandbox, dropped: DroppedMessage) -> int | None:
    return sandbox.sterling.store.message(dropped.message_id).extractability.count


def ordered_lines(sandbox: RunningSandbox, partner: str, payload: bytes) -> dict[str, Decimal]:
    """Item number → quantity the 850 orders, through the catalog's own partner item ids."""
    profile = next(p for p in PARTNERS if p.code == partner)
    by_partner_id = {partner_item_id(profile, item): item.item_number for item in catalog(1)}
    wanted: dict[str, Decimal] = {}
    for transaction in iter_transactions(io.BytesIO(payload)):
        for segment in transaction.segments:
            if segment[0] != "PO1":
                continue
            ids = segment[6:]
            item = next(by_partner_id[v] for v in ids[1::2] if v in by_partner_id)
            wanted[item] = wanted.get(item, Decimal(0)) + Decimal(segment[2])
    return wanted
