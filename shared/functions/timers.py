"""The Sterling poll, the Dynamics sweeps and the overdue-acknowledgment check, on schedules from app settings
(six-field NCRONTAB, UTC).

``use_monitor`` keeps the schedule in host storage so a missed occurrence runs once, late (``past_due``);
``run_on_startup`` stays off: every scale-out and restart would poll again. Overlapping runs are safe anyway
(see shared/runtime/polling.py and sweeps.py).
"""

from __future__ import annotations

import azure.functions as func

from shared.functions.glue import invocation_of, runtime

bp = func.Blueprint()  # type: ignore[no-untyped-call]


@bp.function_name(name="sterling_poll")
@bp.timer_trigger(arg_name="timer", schedule="%STERLING_POLL_SCHEDULE%", run_on_startup=False, use_monitor=True)
def sterling_poll(timer: func.TimerRequest, context: func.Context) -> None:
    from shared.runtime.scheduled import scheduled_poll

    scheduled_poll(runtime(), invocation_of(context, "timer-past-due" if timer.past_due else "timer"))


@bp.function_name(name="dynamics_sweep")
@bp.timer_trigger(arg_name="timer", schedule="%DYNAMICS_SWEEP_SCHEDULE%", run_on_startup=False, use_monitor=True)
def dynamics_sweep(timer: func.TimerRequest, context: func.Context) -> None:
    from shared.runtime.scheduled import scheduled_sweep

    scheduled_sweep(runtime(), invocation_of(context, "timer-past-due" if timer.past_due else "timer"))


@bp.function_name(name="ack_overdue_check")
@bp.timer_trigger(arg_name="timer", schedule="%ACK_OVERDUE_SCHEDULE%", run_on_startup=False, use_monitor=True)
def ack_overdue_check(timer: func.TimerRequest, context: func.Context) -> None:
    from shared.runtime.scheduled import scheduled_ack_check

    scheduled_ack_check(runtime(), invocation_of(context, "timer-past-due" if timer.past_due else "timer"))
