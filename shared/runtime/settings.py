"""The runtime's settings section: schedules, the business-event endpoint's secret, and the local host.

The Functions host reads the schedules itself (``%STERLING_POLL_SCHEDULE%`` in the timer bindings); the local
host reads them here, with the same defaults the sample settings carry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from shared.errors import ConfigurationError
from shared.runtime.ncrontab import Schedule
from shared.settings import Secret, SettingsProblems

__all__ = [
    "DEFAULT_ACK_OVERDUE_SCHEDULE",
    "DEFAULT_POLL_SCHEDULE",
    "DEFAULT_SWEEP_SCHEDULE",
    "RuntimeSettings",
    "read_runtime_settings",
]

DEFAULT_POLL_SCHEDULE = "0 */5 * * * *"
DEFAULT_SWEEP_SCHEDULE = "0 */15 * * * *"
DEFAULT_ACK_OVERDUE_SCHEDULE = "0 0 * * * *"
# A URL token this short could be guessed; 32 characters of a random generator are not.
_MIN_TOKEN_LENGTH = 32


@dataclass(frozen=True)
class RuntimeSettings:
    poll_schedule: Schedule = field(default_factory=lambda: Schedule.parse(DEFAULT_POLL_SCHEDULE))
    sweep_schedule: Schedule = field(default_factory=lambda: Schedule.parse(DEFAULT_SWEEP_SCHEDULE))
    ack_overdue_schedule: Schedule = field(default_factory=lambda: Schedule.parse(DEFAULT_ACK_OVERDUE_SCHEDULE))
    # Our own second secret in the business-event URL (``?token=``), checked in constant time; None: not required.
    events_url_token: Secret | None = None
    # Records changed this long before the last sweep are looked at again (Dynamics commit timestamps lag).
    sweep_overlap: timedelta = timedelta(minutes=5)
    # A message claimed by a poll but never enqueued (the poll crashed in between) is enqueued again after this.
    poll_recovery: timedelta = timedelta(minutes=10)
    # Local host only: the keys it checks where the Functions host would check its function and master keys.
    local_function_key: Secret | None = None
    local_admin_key: Secret | None = None
    local_http_port: int = 7071
    local_visibility: timedelta = timedelta(minutes=10)


def _schedule(src: Mapping[str, str], problems: SettingsProblems, name: str, default: str) -> Schedule:
    text = problems.text(src, name, default)
    try:
        return Schedule.parse(text)
    except ConfigurationError as exc:
        problems.add(name, exc.message)
        return Schedule.parse(default)


def read_runtime_settings(src: Mapping[str, str], problems: SettingsProblems) -> RuntimeSettings:
    token = problems.secret(src, "EVENTS_URL_TOKEN", required=False)
    if token is not None and len(token.reveal()) < _MIN_TOKEN_LENGTH:
        problems.add("EVENTS_URL_TOKEN", f"must be at least {_MIN_TOKEN_LENGTH} characters of a random generator")
    return RuntimeSettings(
        poll_schedule=_schedule(src, problems, "STERLING_POLL_SCHEDULE", DEFAULT_POLL_SCHEDULE),
        sweep_schedule=_schedule(src, problems, "DYNAMICS_SWEEP_SCHEDULE", DEFAULT_SWEEP_SCHEDULE),
        ack_overdue_schedule=_schedule(src, problems, "ACK_OVERDUE_SCHEDULE", DEFAULT_ACK_OVERDUE_SCHEDULE),
        events_url_token=token,
        sweep_overlap=timedelta(
            seconds=problems.integer(src, "RUNTIME_SWEEP_OVERLAP_SECONDS", 300, minimum=0, maximum=86_400)
        ),
        poll_recovery=timedelta(
            seconds=problems.integer(src, "RUNTIME_POLL_RECOVERY_SECONDS", 600, minimum=60, maximum=86_400)
        ),
        local_function_key=problems.secret(src, "LOCAL_FUNCTION_KEY", required=False),
        local_admin_key=problems.secret(src, "LOCAL_ADMIN_KEY", required=False),
        local_http_port=problems.integer(src, "LOCAL_HTTP_PORT", 7071, minimum=0, maximum=65_535),
        local_visibility=timedelta(
            seconds=problems.integer(src, "LOCAL_QUEUE_VISIBILITY_SECONDS", 600, minimum=5, maximum=7 * 86_400)
        ),
    )
