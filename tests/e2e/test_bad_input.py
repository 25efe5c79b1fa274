"""Bad input through the whole connector: each ends as a recorded, replayable failure whose reason says what to fix,
and a second round does not try it again.

Malformed EDI, an interchange from a sender no partner is configured for, and an order naming an item Dynamics
does not know are dropped into a retailer's mailbox as a partner would; the rounds run exactly as in the demo.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from sandbox.faults import System
from sandbox.launcher import RunningSandbox
from sandbox.seed.catalog import catalog, partner_item_id
from sandbox.seed.partners import PARTNERS
from sandbox.sterling.inbound_documents import OrderLine, purchase_order_850
from shared.composition import Runtime, build_runtime
from shared.demo.control import CallTotals
from shared.demo.counting import ReportedFlow
from shared.demo.endpoints import SandboxEndpoints
from shared.demo.rounds import RoundRunner
from shared.demo.settings import StateChoice, StateTarget, connector_settings
from shared.demo.tally import PassTally
from shared.flows.contract import FlowName
from shared.state.records import LedgerStatus
from tests.sandbox_fixtures import SandboxFactory

pytestmark = pytest.mark.e2e

STRANGER_ID = "0999999999999"
UNKNOWN_GTIN = "00012345678905"  # a valid GTIN-14 no catalog item carries


@pytest.fixture
def running(sandbox_factory: SandboxFactory) -> RunningSandbox:
    return sandbox_factory()


@pytest.fixture
def runtime(running: RunningSandbox, tmp_path: Path) -> Iterator[Runtime]:
    endpoints = SandboxEndpoints.from_json(running.info.to_json())
    built = build_runtime(connector_settings(endpoints, StateTarget(StateChoice.SQLITE, sqlite_path=tmp_path / "s.db")))
    try:
        yield built
    finally:
        built.close()


def test_bad_documents_fail_once_with_what_to_fix(running: RunningSandbox, runtime: Runtime) -> None:
    bigbox = next(p for p in PARTNERS if p.code == "BIGBOX")
    stranger = dataclasses.replace(bigbox, interchange_id=STRANGER_ID, group_id="STRANGER")
    item = catalog()[0]
    unknown = dataclasses.replace(item, gtin=UNKNOWN_GTIN, item_number="I-NONE")
    now = datetime.now(UTC)
    simulator = running.sterling.simulator  # type: ignore[attr-defined]
    simulator.drop("BIGBOX", b"Dear supplier, please ship 12 widgets by Friday.", "malformed.x12")
    simulator.drop(
        "BIGBOX",
        purchase_order_850(
            stranger,
            "PO-STRANGER-1",
            [OrderLine(item, partner_item_id(stranger, item), 12, item.unit_price)],
            now,
            interchange_control=901,
            group_control=901,
        ),
        "stranger.x12",
    )
    simulator.drop(
        "BIGBOX",
        purchase_order_850(
            bigbox,
            "PO-UNKNOWN-ITEM-1",
            [OrderLine(unknown, partner_item_id(bigbox, unknown), 12, Decimal("9.99"))],
            now,
            interchange_control=902,
            group_control=902,
        ),
        "unknown-item.x12",
    )

    def meter() -> CallTotals:
        seen = running.faults.stats().requests
        return CallTotals(seen.get(System.DYNAMICS, 0), seen.get(System.STERLING, 0))

    runner = RoundRunner(runtime, meter, lambda message_id: ReportedFlow.INBOUND_850)
    first = PassTally()
    runner.run(first)
    reasons = {f.key: f.reason for f in first.failures}
    assert len(reasons) == 3, reasons

    ledger = runtime.services.state.ledger
    failed = {entry.natural_key: entry for entry in ledger.failed(partner="BIGBOX")}
    unknown_item = failed.get("BIGBOX/PO-UNKNOWN-ITEM-1")
    assert unknown_item is not None, failed
    assert unknown_item.flow == FlowName.INBOUND_850.value
    assert "UnknownItemError" in reasons[unknown_item.natural_key]
    assert bigbox.item_id_kind == "gtin"
    assert UNKNOWN_GTIN[2:] in reasons[unknown_item.natural_key]  # the UPC the retailer sent

    messages = [entry for entry in failed.values() if entry.flow == FlowName.INBOUND_MESSAGE.value]
    assert len(messages) == 2
    by_reason = {
        ("EdiError" in reasons[m.natural_key], "UnknownPartnerError" in reasons[m.natural_key]) for m in messages
    }
    assert by_reason == {(True, False), (False, True)}
    stranger_reason = next(reasons[m.natural_key] for m in messages if "UnknownPartnerError" in reasons[m.natural_key])
    assert STRANGER_ID in stranger_reason

    for entry in failed.values():
        assert entry.status is LedgerStatus.FAILED
        assert entry.failure_reason
        assert entry.input_payload is not None, "a replay needs the document's bytes"
        assert " - " in reasons[entry.natural_key], f"no hint on what to fix: {reasons[entry.natural_key]}"

    # Nothing was created for them, and the next round leaves them alone until someone replays them.
    assert [o for o in running.dynamics.created_sales_orders() if "PO-UNKNOWN" in str(o)] == []  # type: ignore[attr-defined]
    second = PassTally()
    runner.run(second)
    assert second.failures == []
    assert {e.natural_key for e in ledger.failed(partner="BIGBOX")} == set(failed)
