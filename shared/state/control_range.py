"""The control-number range every adapter enforces, and the error at its end."""

from __future__ import annotations

from shared.state.errors import ControlNumbersExhaustedError

__all__ = ["FIRST_CONTROL_NUMBER", "LAST_CONTROL_NUMBER", "exhausted"]

FIRST_CONTROL_NUMBER = 1
# ISA13 is nine digits; GS06, ST02, UNB 0020 and UNH 0062 all hold at least as many, so one range serves all.
LAST_CONTROL_NUMBER = 999_999_999


def exhausted(scope: str, kind: str) -> ControlNumbersExhaustedError:
    return ControlNumbersExhaustedError(
        f"every {kind} control number from {FIRST_CONTROL_NUMBER} to {LAST_CONTROL_NUMBER} has been used",
        context={"partner": scope, "kind": kind},
        hint=(
            "numbers are never reused automatically: agree a restart with the partner (or a new sender id), "
            "then reset this counter deliberately (see ADR 0302)"
        ),
    )
