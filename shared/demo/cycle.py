"""The whole demo cycle: set up, pass 1 until it converges, pass 2 with no new input.

A pass repeats rounds (poll, sweeps, drain) and lets the partners answer between them, until a round finds
nothing to do and the partners have nothing to say, or the pass runs out of rounds or time.  Faults only cost
retries: a retried work item goes back on the queue at once and is taken again in the same drain.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from shared.demo.counting import CycleResult, Failure, PassCounts, ReportedFlow
from shared.demo.rounds import RoundRunner
from shared.demo.scenario import Scenario
from shared.demo.tally import ACKNOWLEDGMENTS, DocumentState, PassTally, message_key
from shared.flows.contract import Services
from shared.runtime.dispatch import FINISHED_STATUSES
from shared.state.records import LedgerStatus

__all__ = ["CycleLimits", "run_cycle"]


@dataclass(frozen=True)
class CycleLimits:
    max_rounds: int = 12  # per pass
    seconds: float = 600.0  # per pass


def run_cycle(
    runner: RoundRunner,
    scenario: Scenario,
    progress: Callable[[str], None],
    limits: CycleLimits = CycleLimits(),
) -> CycleResult:
    scenario.set_up()
    first, first_failures = _run_pass(1, runner, scenario, progress, limits, first=True)
    second, second_failures = _run_pass(2, runner, scenario, progress, limits, first=False)
    return CycleResult(scenario.business(), (first, second), tuple(first_failures + second_failures))


def _run_pass(
    number: int,
    runner: RoundRunner,
    scenario: Scenario,
    progress: Callable[[str], None],
    limits: CycleLimits,
    *,
    first: bool,
) -> tuple[PassCounts, list[Failure]]:
    tally = PassTally()
    deadline = time.monotonic() + limits.seconds
    rounds = 0
    quiet = False
    while rounds < limits.max_rounds and time.monotonic() < deadline:
        rounds += 1
        activity = runner.run(tally)
        progress(
            f"pass {number}, round {rounds}: polled {activity.polled} new messages, swept {activity.swept_new} "
            f"new documents, processed {activity.processed} work items"
            + (f"; to try again: {'; '.join(activity.problems)}" if activity.problems else "")
        )
        # Only the first pass brings new business; in the second the partners still look for anything new.
        fulfilled = scenario.fulfil_new_orders() if first else 0
        answers = scenario.partners_answer(_delivered_invoices(tally, runner.services), remit=first)
        for ack in answers.acknowledgments:
            tally.see(ACKNOWLEDGMENTS, message_key(ack.message_id, ack.partner))
        if activity.idle and fulfilled == 0 and len(answers) == 0:
            quiet = True
            break
    _settle(tally, runner.services)
    pending = tally.unsettled()
    converged = quiet and not pending
    if not quiet:
        progress(
            f"pass {number} did not converge within {limits.max_rounds} rounds / {limits.seconds:.0f} s: "
            "work is still queued or the partners kept answering"
        )
    elif pending:
        progress(
            f"pass {number}: {len(pending)} documents were found but never finished: "
            + ", ".join(f"{bucket} {key}" for bucket, key in pending[:10])
            + (" ..." if len(pending) > 10 else "")
        )
    counts = tally.counts(rounds=rounds, converged=converged)
    done = sum(counts[flow].done for flow in ReportedFlow)
    progress(f"pass {number} finished after {rounds} rounds: {done} documents done, {len(tally.failures)} failures")
    return counts, tally.failures


def _delivered_invoices(tally: PassTally, services: Services) -> dict[str, list[str]]:
    by_partner: defaultdict[str, list[str]] = defaultdict(list)
    for (bucket, key), state in tally.documents.items():
        if bucket is ReportedFlow.OUTBOUND_810 and state is DocumentState.DONE:
            entry = services.state.ledger.get(ReportedFlow.OUTBOUND_810.value, key)
            if entry is not None:
                by_partner[entry.partner].append(key)
    return dict(by_partner)


def _settle(tally: PassTally, services: Services) -> None:
    """A document found but never processed in this pass was skipped by its sweep because the ledger already had
    it finished (or failed, waiting for a replay): a suppressed duplicate.  Anything else is still pending."""
    for (bucket, key), state in list(tally.documents.items()):
        if state is not DocumentState.FOUND or not isinstance(bucket, ReportedFlow):
            continue
        entry = services.state.ledger.get(bucket.value, key)
        if entry is not None and (entry.status in FINISHED_STATUSES or entry.status is LedgerStatus.FAILED):
            tally.see(bucket, key, DocumentState.SUPPRESSED)
