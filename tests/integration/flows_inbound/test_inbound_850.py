"""850s from the partner simulator become sales orders, each exactly once, with the 997 back in the mailbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from shared.dynamics.odata import Filter
from shared.dynamics.records.sales import SalesOrderHeader, SalesOrderLine
from shared.state.records import LedgerStatus
from tests.integration.flows_inbound.harness import start_run

pytestmark = pytest.mark.integration


def test_an_850_becomes_one_sales_order_with_a_997_back(sandbox: RunningSandbox, tmp_path: Path) -> None:
    run = start_run(sandbox, tmp_path)
    simulator = sandbox.sterling.simulator
    dropped = simulator.generate_orders("BIGBOX")[0]
    run.poll("BIGBOX")
    outcomes = run.drain()
    print([(o.work.flow, o.outcome, o.detail) for o in outcomes])
    assert [o.outcome for o in outcomes] == ["done", "done"]
    orders = list(
        run.services.dynamics.query(
            SalesOrderHeader, Filter.eq("CustomerRequisitionNumber", dropped.reference), legal_entity="usmf"
        )
    )
    assert len(orders) == 1
    assert orders[0].customer_account == "US-101"
    lines = list(
        run.services.dynamics.query(SalesOrderLine, Filter.eq("SalesOrderNumber", orders[0].number), legal_entity="usmf")
    )
    assert lines
    acks = [m for m in simulator.received("BIGBOX") if m.name.endswith(f"_{dropped.message_id}.x12")]
    assert len(acks) == 1
    assert b"AK9*A" in acks[0].payload
    entry = run.stores.ledger.get("inbound_850", f"BIGBOX/{dropped.reference}")
    assert entry is not None and entry.status is LedgerStatus.CREATED
