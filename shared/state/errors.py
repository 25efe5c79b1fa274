"""Finer error classes of the state layer, each under the project's tree in ``shared.errors``."""

from __future__ import annotations

from shared.errors import PermanentError

__all__ = [
    "ControlNumbersExhaustedError",
    "InvalidTransitionError",
    "PayloadNotFoundError",
    "WorkItemTooLargeError",
]


class InvalidTransitionError(PermanentError):
    """A ledger entry or cursor was asked to move somewhere its rules forbid (a bug in the caller, not a race)."""


class ControlNumbersExhaustedError(PermanentError):
    """A partner's control-number range (1..999,999,999) is used up; numbers are never reused, so this stops."""


class PayloadNotFoundError(PermanentError):
    """No archived payload has this reference, or the stored bytes no longer match their SHA-256."""


class WorkItemTooLargeError(PermanentError):
    """A work item would not fit in a Storage queue message (48 KiB before base64)."""
