"""Turns what happened to each document in a pass into the per-flow figures (``PassCounts``).

Documents are counted once per pass by (flow, natural key), however many rounds saw them: a document swept in
round 1, delivered, and swept again in round 3 is found once and done once.  Its final state decides the column:
done, failed, or (found again but not done again) a suppressed duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from shared.demo.control import CallTotals
from shared.demo.counting import Failure, FlowCounts, PassCounts, ReportedFlow

__all__ = ["ACKNOWLEDGMENTS", "OVERHEAD", "Bucket", "DocumentState", "PassTally", "message_key"]

# Calls outside any contract flow go to the acknowledgments or overhead bucket.
Bucket = ReportedFlow | str
ACKNOWLEDGMENTS = "acknowledgments"
OVERHEAD = "overhead"


def message_key(message_id: int | str, partner: str) -> str:
    """How the demo names a Sterling message it counts as a document (acknowledgments, unreadable messages)."""
    return f"message {message_id} from {partner}"


class DocumentState(IntEnum):
    """Ordered: a later, stronger state replaces a weaker one within a pass."""

    FOUND = 0  # seen (swept, split from a message), not processed by this pass (yet)
    SUPPRESSED = 1  # the ledger or a remote-side guard said it was already done
    FAILED = 2  # recorded as failed, replayable
    DONE = 3  # delivered to a mailbox or created in Dynamics


@dataclass
class PassTally:
    documents: dict[tuple[Bucket, str], DocumentState] = field(default_factory=dict)
    calls: dict[Bucket, CallTotals] = field(default_factory=dict)
    retries: dict[Bucket, int] = field(default_factory=dict)
    no_action: dict[Bucket, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    def see(self, bucket: Bucket, key: str, state: DocumentState = DocumentState.FOUND) -> None:
        current = self.documents.get((bucket, key))
        if current is None or state > current:
            self.documents[(bucket, key)] = state

    def charge(self, bucket: Bucket, calls: CallTotals) -> None:
        self.calls[bucket] = self.calls.get(bucket, CallTotals(0, 0)) + calls

    def retried(self, bucket: Bucket) -> None:
        self.retries[bucket] = self.retries.get(bucket, 0) + 1

    def nothing_to_do(self, bucket: Bucket, key: str) -> None:
        """The flow found nothing to do (e.g. the partner is not enabled for it): seen, neither done nor failed."""
        self.no_action[bucket] = self.no_action.get(bucket, 0) + 1
        self.see(bucket, key, DocumentState.SUPPRESSED)

    def fail(self, bucket: Bucket, flow: str, key: str, reason: str, *, counted_as: str | None = None) -> None:
        """``key`` is the ledger's (what ``ml-connector replay`` takes); ``counted_as`` the document's key in this
        tally when it differs (a Sterling message counted as ``message <id>``)."""
        self.see(bucket, counted_as or key, DocumentState.FAILED)
        self.failures.append(Failure(flow, key, reason))

    def unsettled(self) -> list[tuple[Bucket, str]]:
        """Documents seen but neither done, failed nor suppressed: work the pass did not finish."""
        return [(bucket, key) for (bucket, key), state in self.documents.items() if state is DocumentState.FOUND]

    def counts(self, *, rounds: int, converged: bool) -> PassCounts:
        result = PassCounts(
            rounds=rounds, converged=converged, unfinished=tuple(f"{bucket} {key}" for bucket, key in self.unsettled())
        )
        for (bucket, _), state in self.documents.items():
            target = self._target(result, bucket)
            target.found += 1
            if state is DocumentState.DONE:
                target.done += 1
            elif state is DocumentState.FAILED:
                target.failed += 1
            elif state is DocumentState.SUPPRESSED:
                target.duplicates_suppressed += 1
        for bucket, calls in self.calls.items():
            self._target(result, bucket).add_calls(calls)
        for bucket, n in self.retries.items():
            self._target(result, bucket).retries += n
        return result

    @staticmethod
    def _target(result: PassCounts, bucket: Bucket) -> FlowCounts:
        if isinstance(bucket, ReportedFlow):
            return result.flows[bucket]
        return result.acknowledgments if bucket == ACKNOWLEDGMENTS else result.overhead
