"""The timer jobs as both hosts run them: a poll or a sweep that reports partial failure by raising, and the
overdue-acknowledgment check (an overdue document is an event for the alert, not a failed run).

Every mailbox or flow is tried even when one fails (its error is in the report and the heartbeat event); the
raise afterwards only makes the invocation show as failed in Application Insights, where the alert rules look.
"""

from __future__ import annotations

from shared.composition import Runtime
from shared.errors import RemoteUnavailableError
from shared.runtime.ack_check import AckCheckReport, check_overdue_acks
from shared.runtime.journal import Invocation
from shared.runtime.polling import PollReport, poll_sterling
from shared.runtime.sweeps import SweepReport, run_sweeps

__all__ = ["ScheduledRunError", "scheduled_ack_check", "scheduled_poll", "scheduled_sweep"]


class ScheduledRunError(RemoteUnavailableError):
    """Some mailboxes or sweeps failed this time; the next occurrence tries them again."""


def scheduled_poll(runtime: Runtime, invocation: Invocation) -> PollReport:
    report = poll_sterling(runtime.services, invocation, recovery=runtime.settings.poll_recovery)
    if report.failures:
        raise ScheduledRunError(
            f"{len(report.failures)} of {len(report.mailboxes)} mailboxes could not be polled: "
            + "; ".join(f"{m.partner} {m.mailbox}: {m.error}" for m in report.failures),
            hint="the next poll tries again; check `ml-connector ping` if it keeps failing",
        )
    return report


def scheduled_sweep(runtime: Runtime, invocation: Invocation) -> SweepReport:
    report = run_sweeps(runtime.services, invocation, overlap=runtime.settings.sweep_overlap)
    if report.failures:
        raise ScheduledRunError(
            f"{len(report.failures)} of {len(report.flows)} sweeps failed: "
            + "; ".join(f"{f.flow}: {f.error}" for f in report.failures),
            hint="the next sweep tries again from the same cursor; check `ml-connector ping` if it keeps failing",
        )
    return report


def scheduled_ack_check(runtime: Runtime, invocation: Invocation) -> AckCheckReport:
    return check_overdue_acks(runtime.services, invocation)
