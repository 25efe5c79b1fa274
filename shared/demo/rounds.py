"""One ``run --once``-style round: poll every partner mailbox, run every sweep, drain both queues.

The round calls the runtime's own pieces (``poll_sterling``, ``run_sweeps``, ``process``) with the registered
flows, one work item at a time, so what the demo shows is what the Functions app and ``ml-connector run`` do.
Two things are added around them, neither changing behaviour: each handler and sweeper is wrapped to note which
documents it saw and what it returned, and the emulators' request counters are read between steps so every
request is charged to the flow whose work caused it (ADR 0900).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shared.composition import Runtime
from shared.demo.control import CallTotals
from shared.demo.counting import ReportedFlow
from shared.demo.tally import ACKNOWLEDGMENTS, OVERHEAD, Bucket, DocumentState, PassTally, message_key
from shared.flows.contract import FlowHandler, FlowName, FlowOutcome, FlowResult, Services, Sweeper
from shared.runtime.dispatch import DispositionKind, process
from shared.runtime.journal import Invocation
from shared.runtime.polling import poll_sterling
from shared.runtime.sweeps import run_sweeps
from shared.state.records import LedgerEntry, ReceivedWork, WorkItem, WorkLane

__all__ = ["RoundActivity", "RoundRunner"]

_BATCH = 8
# Each retry happens at once (the demo compresses the queue's back-off); a cap keeps a stuck item from spinning.
_MAX_ITEMS_PER_DRAIN = 5_000

_REPORTED: Mapping[str, ReportedFlow] = {flow.value: flow for flow in ReportedFlow}
_ACK_FLOWS = frozenset({FlowName.INBOUND_ACK.value})


@dataclass(frozen=True)
class RoundActivity:
    polled: int = 0
    swept_new: int = 0
    processed: int = 0
    # Mailboxes or sweeps that failed this round (after the clients' own retries); the next round tries again.
    problems: tuple[str, ...] = ()

    @property
    def idle(self) -> bool:
        return self.polled == 0 and self.swept_new == 0 and self.processed == 0 and not self.problems


@dataclass
class _Observed:
    """What the wrapped handlers saw during the current work item."""

    result: FlowResult | None = None
    follow_ups: list[WorkItem] = field(default_factory=list)


class RoundRunner:
    def __init__(
        self,
        runtime: Runtime,
        meter: Callable[[], CallTotals],
        message_flows: Callable[[str], Bucket | None],
        *,
        visibility: timedelta = timedelta(seconds=30),
    ) -> None:
        """``meter`` reads the emulators' request totals; ``message_flows`` names the flow of a Sterling message
        id the demo dropped (None for a message it does not know)."""
        from shared.flows import registry

        registry.load_flows()
        self._runtime = runtime
        self._meter = meter
        self._message_flows = message_flows
        self._visibility = visibility
        self._observed = _Observed()
        self._handlers = {flow: self._watch(handler) for flow, handler in registry.HANDLERS.items()}
        self._sweepers = dict(registry.SWEEPERS)
        self._swept: dict[FlowName, list[WorkItem]] = {}
        self._invocation = Invocation(f"demo-{uuid.uuid4()}", "demo")

    @property
    def services(self) -> Services:
        return self._runtime.services

    # -- the wrapped flows ---------------------------------------------------------------------------------

    def _watch(self, handler: FlowHandler) -> FlowHandler:
        def watched(work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
            result = handler(work, entry, services)
            self._observed.result = result
            self._observed.follow_ups.extend(result.follow_up)
            return result

        return watched

    def _watch_sweep(self, flow: FlowName, sweeper: Sweeper) -> Sweeper:
        def watched(services: Services, since: datetime | None) -> Iterable[WorkItem]:
            items = list(sweeper(services, since))
            self._swept[flow] = items
            return items

        return watched

    # -- one round -----------------------------------------------------------------------------------------

    def run(self, tally: PassTally) -> RoundActivity:
        problems: list[str] = []
        polled = self._poll(tally, problems)
        swept = self._sweep(tally, problems)
        processed = self._drain(tally)
        return RoundActivity(polled=polled, swept_new=swept, processed=processed, problems=tuple(problems))

    def _poll(self, tally: PassTally, problems: list[str]) -> int:
        before = self._meter()
        report = poll_sterling(self.services, self._invocation, recovery=self._runtime.settings.poll_recovery)
        tally.charge(OVERHEAD, self._meter() - before)
        for failed in report.failures:
            tally.retried(OVERHEAD)
            problems.append(f"poll of {failed.mailbox} failed: {failed.error}")
        return report.enqueued

    def _sweep(self, tally: PassTally, problems: list[str]) -> int:
        enqueued = 0
        for flow, sweeper in sorted(self._sweepers.items()):
            self._swept[flow] = []
            before = self._meter()
            report = run_sweeps(
                self.services,
                self._invocation,
                overlap=self._runtime.settings.sweep_overlap,
                sweepers={flow: self._watch_sweep(flow, sweeper)},
            )
            bucket = _bucket_of_flow(flow.value)
            tally.charge(bucket, self._meter() - before)
            for item in self._swept[flow]:
                tally.see(bucket, item.natural_key)
            for failed in report.failures:
                tally.retried(bucket)
                problems.append(f"{failed.flow} sweep failed: {failed.error}")
            enqueued += report.enqueued
        return enqueued

    def _drain(self, tally: PassTally) -> int:
        queue = self.services.state.work_queue
        handled = 0
        while handled < _MAX_ITEMS_PER_DRAIN:
            received = [
                *queue.receive(WorkLane.OUTBOUND, visibility=self._visibility, max_items=_BATCH),
                *queue.receive(WorkLane.INBOUND, visibility=self._visibility, max_items=_BATCH),
            ]
            if not received:
                break
            for work in received:
                self._one(work, tally)
                handled += 1
        return handled

    def _one(self, work: ReceivedWork, tally: PassTally) -> None:
        item = work.item
        self._observed = _Observed()
        before = self._meter()
        disposition = process(work, self.services, self._invocation, handlers=self._handlers)
        calls = self._meter() - before
        bucket, key = self._document_of(item)
        tally.charge(bucket, calls)
        observed = self._observed
        is_message = item.flow == FlowName.INBOUND_MESSAGE.value
        if disposition.kind is DispositionKind.RETRY:
            if not is_message:
                tally.see(bucket, key)
            tally.retried(bucket)
            self.services.state.work_queue.release(work, after=timedelta(0))
            return
        self.services.state.work_queue.complete(work)
        if disposition.kind in (DispositionKind.FAILED, DispositionKind.POISONED):
            # A message that cannot be read is a failed document of the flow it was meant for.
            tally.fail(bucket, item.flow, item.natural_key, disposition.detail, counted_as=key)
        elif is_message:
            # The message is plumbing: the documents split from it are what the pass counts, except for a
            # partner's acknowledgment, which is counted as the message (its reconciliation is this step's work).
            duplicate = observed.result is not None and observed.result.outcome is FlowOutcome.DUPLICATE
            if disposition.kind is DispositionKind.SKIPPED or duplicate:
                tally.see(bucket, key, DocumentState.SUPPRESSED)
            elif bucket == ACKNOWLEDGMENTS:
                tally.see(bucket, key, DocumentState.DONE)
            for follow_up in observed.follow_ups:
                if follow_up.flow not in _ACK_FLOWS:
                    tally.see(_bucket_of_flow(follow_up.flow), follow_up.natural_key)
        elif item.flow in _ACK_FLOWS:
            return  # counted with its message; a failure was recorded above
        elif disposition.kind is DispositionKind.SKIPPED:
            tally.see(bucket, key, DocumentState.SUPPRESSED)
        elif observed.result is not None:
            tally.see(bucket, key, _state_of(observed.result.outcome))

    def _document_of(self, item: WorkItem) -> tuple[Bucket, str]:
        """The bucket and key a work item's calls and outcome belong to."""
        if item.flow == FlowName.INBOUND_MESSAGE.value:
            # Split documents carry their own keys; a message is counted only when it fails or is a duplicate.
            return self._message_flows(item.natural_key) or OVERHEAD, message_key(item.natural_key, item.partner)
        return _bucket_of_flow(item.flow), item.natural_key


def _bucket_of_flow(flow: str) -> Bucket:
    if flow in _REPORTED:
        return _REPORTED[flow]
    return ACKNOWLEDGMENTS if flow in _ACK_FLOWS else OVERHEAD


def _state_of(outcome: FlowOutcome) -> DocumentState:
    if outcome is FlowOutcome.DONE:
        return DocumentState.DONE
    return DocumentState.SUPPRESSED
