"""Interrupted at every step boundary, then redelivered: exactly one sales order, one 997, one extraction, and a
ledger and audit trail that agree with them.  Also the faults the sandbox acts out on the wire."""

from __future__ import annotations

import pytest

from sandbox.faults import FaultKind, System
from sandbox.launcher import RunningSandbox
from shared.state.records import AuditQuery, LedgerStatus
from tests.integration.flows_inbound.harness import (
    Crash,
    InboundRun,
    count_once_extractable,
    extractions_left,
    orders_for,
)

pytestmark = pytest.mark.integration


ENTITIES = {"BIGBOX": "usmf", "EUROMARKT": "demf"}


def _assert_one_order(
    sandbox: RunningSandbox, run: InboundRun, message_id: int, po_number: str, partner: str = "BIGBOX"
) -> None:
    entity = ENTITIES[partner]
    [order] = orders_for(run, po_number, legal_entity=entity)
    answers = [m for m in sandbox.sterling.simulator.received(partner) if f"_{message_id}." in m.name]
    assert len(answers) == 1
    ledger = run.stores.ledger
    message = ledger.get("inbound_message", str(message_id))
    document = ledger.get("inbound_850", f"{partner}/{po_number}")
    assert message is not None
    assert message.status is LedgerStatus.CREATED
    assert document is not None
    assert document.status is LedgerStatus.CREATED
    assert document.dynamics_record_key == f"{entity}/{order.number}"
    trail = run.stores.audit.query(AuditQuery(natural_key=f"{partner}/{po_number}"))
    created = [e for e in trail if e.step == "created"]
    # At least one: a crash between writing it and finishing the entry writes it again on the retry.
    assert created
    assert all(order.number in e.message for e in created)


@pytest.mark.parametrize("partner", ["BIGBOX", "EUROMARKT"], ids=["x12", "edifact"])
def test_a_crash_after_any_side_effect_then_redelivery_gives_exactly_one_order(
    sandbox: RunningSandbox, run: InboundRun, partner: str
) -> None:
    simulator = sandbox.sterling.simulator
    clean = simulator.generate_orders(partner)[0]
    run.receive(clean)
    run.wire.arm(None)
    run.drain()
    steps = run.wire.count
    assert steps > 15  # claims, archive writes, audit, control numbers, the ack, the changeset, extraction ...

    for at in range(1, steps + 1):
        dropped = simulator.generate_orders(partner)[0]
        count_once_extractable(sandbox, dropped)
        run.receive(dropped)
        run.wire.arm(at)
        with pytest.raises(Crash):
            run.drain()
        run.wire.arm(None)
        run.drain()  # the queue hands the interrupted item out again

        _assert_one_order(sandbox, run, dropped.message_id, dropped.reference, partner)
        assert extractions_left(sandbox, dropped) == 0, f"interrupted at step {at}"


def test_a_lost_batch_response_is_found_by_the_check_before_create(sandbox: RunningSandbox, run: InboundRun) -> None:
    dropped = sandbox.sterling.simulator.generate_orders("BIGBOX")[0]
    run.receive(dropped)
    sandbox.faults.inject(System.DYNAMICS, FaultKind.LOST_RESPONSE, path=r"/\$batch$", methods=("POST",))

    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done"), ("inbound_850", "done")]
    assert "earlier attempt" in outcomes[-1].detail
    _assert_one_order(sandbox, run, dropped.message_id, dropped.reference)


@pytest.mark.parametrize("kind", [FaultKind.BATCH_PART_FAILURE, FaultKind.FAIL_AFTER_STORE, FaultKind.RESET])
def test_a_failed_or_broken_changeset_is_retried_into_one_order(
    sandbox: RunningSandbox, run: InboundRun, kind: FaultKind
) -> None:
    dropped = sandbox.sterling.simulator.generate_orders("BIGBOX")[0]
    run.receive(dropped)
    sandbox.faults.inject(System.DYNAMICS, kind, path=r"/\$batch$", methods=("POST",))

    outcomes = run.drain()

    assert [o.outcome for o in outcomes] == ["done", "done"]
    _assert_one_order(sandbox, run, dropped.message_id, dropped.reference)


def test_a_lost_answer_to_the_ack_delivery_leaves_one_ack(sandbox: RunningSandbox, run: InboundRun) -> None:
    dropped = sandbox.sterling.simulator.generate_orders("BIGBOX")[0]
    run.receive(dropped)
    sandbox.faults.inject(System.STERLING, FaultKind.LOST_RESPONSE, path=r"/mailboxmessages/?$", methods=("POST",))

    run.drain()

    _assert_one_order(sandbox, run, dropped.message_id, dropped.reference)
