"""The outbound flows as the runtime runs them (its sweeps, its queue, its dispatch), under the sandbox's chaos
fault profile: every document reaches its partner exactly once, valid, a second pass sends nothing, and the
partners' acknowledgments reconcile against what the ledger recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from sandbox.seed.catalog import catalog
from shared.edi.formats import facade_for
from shared.flows import inbound_ack, inbound_message, registry
from shared.flows.contract import Services, document_key
from shared.runtime.journal import Invocation
from shared.runtime.polling import poll_sterling
from shared.runtime.queue_work import drain_lane
from shared.runtime.sweeps import run_sweeps
from shared.state.records import LedgerStatus, WorkLane
from tests.sandbox_fixtures import SandboxFactory

from .support import confirmed_po, dynamics_app, edi_sales_order, sandbox_services, sterling_app

pytestmark = pytest.mark.integration

ITEMS = [item.item_number for item in catalog()]


@pytest.fixture
def acknowledgment_flows() -> Iterator[None]:
    """The inbound message and acknowledgment handlers, registered for this test if their modules do not yet
    register themselves at import; the registry is restored afterwards."""
    registry.load_flows()
    saved = dict(registry.HANDLERS)
    for module in (inbound_message, inbound_ack):
        module.register_all(registry.register)
    yield
    registry.HANDLERS.clear()
    registry.HANDLERS.update(saved)


def _fired(running: RunningSandbox) -> int:
    stats = running.faults.stats()
    return sum(n for per_kind in stats.fired.values() for n in per_kind.values())


def _pass(services: Services) -> int:
    invocation = Invocation("outbound-test", "timer")
    swept = run_sweeps(services, invocation, overlap=timedelta(minutes=5))
    assert not swept.failures, swept.failures
    drained = drain_lane(
        WorkLane.OUTBOUND, services, invocation, visibility=timedelta(seconds=30), max_retry_delay=timedelta(0)
    )
    return drained.total


@pytest.mark.usefixtures("acknowledgment_flows")
def test_sweep_queue_and_dispatch_deliver_each_document_once_despite_faults(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    running = sandbox_factory(faults="none", seed=11)
    with sandbox_services(running, tmp_path) as services:
        app = dynamics_app(running)
        expected = {
            ("outbound_850", confirmed_po(running, "US-V01", [(ITEMS[0], 4)])): "ACMEPACK",
            ("outbound_850", confirmed_po(running, "DE-V01", [(ITEMS[1], 2)], company="demf")): "RHEINTEILE",
        }
        order = edi_sales_order(services, "US-101", "BIGB-RT-1", [(ITEMS[2], 6)])
        invoice = app.post_sales_invoice("usmf", order)["InvoiceNumber"]
        expected[("outbound_810", document_key("usmf", invoice))] = "BIGBOX"
        order = edi_sales_order(services, "DE-201", "EURO-RT-1", [(ITEMS[3], 8)], company="demf")
        slip = str(app.post_packing_slip("demf", order)["PackingSlipId"])
        expected[("outbound_856", document_key("demf", slip))] = "EUROMARKT"

        before = _fired(running)
        running.faults.use_profile("chaos")
        _pass(services)
        running.faults.clear()
        assert _fired(running) > before  # the faults did fire; they cost retries, not documents

        for (flow, key), partner in expected.items():
            entry = services.state.ledger.get(flow, key)
            assert entry is not None, (flow, key)
            assert entry.status is LedgerStatus.DELIVERED, (flow, key, entry.failure_reason)
            named = [
                m for m in sterling_app(running).simulator.received(partner) if m.name == entry.sterling_message_name
            ]
            assert len(named) == 1, (flow, key)
            assert facade_for(named[0].payload).validate(named[0].payload).valid
        delivered = len(sterling_app(running).simulator.received())

        assert _pass(services) == 0  # the second pass finds everything done: nothing is queued or sent
        assert len(sterling_app(running).simulator.received()) == delivered

        # The customers' 997 / CONTRL quote the control numbers the ledger recorded, so they reconcile.
        for partner in ("BIGBOX", "EUROMARKT"):
            assert all(ack.accepted for ack in sterling_app(running).simulator.acknowledge(partner))
        invocation = Invocation("outbound-test", "timer")
        poll_sterling(services, invocation, recovery=timedelta(minutes=5))
        while drain_lane(WorkLane.INBOUND, services, invocation, visibility=timedelta(seconds=30)).total:
            pass
        for (flow, key), partner in expected.items():
            if partner in ("BIGBOX", "EUROMARKT"):
                entry = services.state.ledger.get(flow, key)
                assert entry is not None
                assert entry.status is LedgerStatus.ACKNOWLEDGED, (flow, key, entry.status)
