"""Queue triggers of the outbound and inbound lanes; queue names come from app settings.

Finishing normally deletes the message (done, skipped, or failed and recorded in the ledger); raising
``RetryLaterError`` gives it back after host.json's ``visibilityTimeout``. On its last attempt the runtime
records the failure and finishes normally, so the host's poison queue only ever sees a message whose every
attempt crashed or timed out; the poison triggers below record those in the ledger as failed and replayable,
so nothing waits there to expire.
"""

from __future__ import annotations

import azure.functions as func

from shared.functions.glue import QUEUE_CONNECTION, invocation_of, runtime

bp = func.Blueprint()  # type: ignore[no-untyped-call]


def _run(msg: func.QueueMessage, context: func.Context, lane_name: str) -> None:
    from shared.runtime.queue_work import handle_queue_body
    from shared.state.records import WorkLane

    lane = WorkLane(lane_name)

    current = runtime()
    handle_queue_body(
        msg.get_body(),
        lane=lane,
        message_id=msg.id or "",
        dequeue_count=msg.dequeue_count or 1,
        services=current.services,
        invocation=invocation_of(context, f"queue-{lane.value}"),
    )


@bp.function_name(name="outbound_work")
@bp.queue_trigger(arg_name="msg", queue_name="%STATE_QUEUE_OUTBOUND%", connection=QUEUE_CONNECTION)
def outbound_work(msg: func.QueueMessage, context: func.Context) -> None:
    _run(msg, context, "outbound")


@bp.function_name(name="inbound_work")
@bp.queue_trigger(arg_name="msg", queue_name="%STATE_QUEUE_INBOUND%", connection=QUEUE_CONNECTION)
def inbound_work(msg: func.QueueMessage, context: func.Context) -> None:
    _run(msg, context, "inbound")


def _poisoned(msg: func.QueueMessage, context: func.Context, lane_name: str) -> None:
    from shared.runtime.queue_work import handle_poison_body
    from shared.state.records import WorkLane

    lane = WorkLane(lane_name)
    handle_poison_body(
        msg.get_body(),
        lane=lane,
        message_id=msg.id or "",
        services=runtime().services,
        invocation=invocation_of(context, f"poison-{lane.value}"),
    )


@bp.function_name(name="outbound_poison")
@bp.queue_trigger(arg_name="msg", queue_name="%STATE_QUEUE_OUTBOUND%-poison", connection=QUEUE_CONNECTION)
def outbound_poison(msg: func.QueueMessage, context: func.Context) -> None:
    _poisoned(msg, context, "outbound")


@bp.function_name(name="inbound_poison")
@bp.queue_trigger(arg_name="msg", queue_name="%STATE_QUEUE_INBOUND%-poison", connection=QUEUE_CONNECTION)
def inbound_poison(msg: func.QueueMessage, context: func.Context) -> None:
    _poisoned(msg, context, "inbound")
