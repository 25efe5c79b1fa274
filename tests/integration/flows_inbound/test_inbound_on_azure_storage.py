"""The inbound flows with the Azure Storage state backend (Azurite): tables, blobs and the same guarantees."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from sandbox.sterling.inbound_documents import Deduction, RemittedInvoice
from shared.settings import SettingsSource
from shared.state import load_state_settings
from shared.state.records import LedgerStatus
from tests.contract.azurite import Azurite, AzuriteUnavailableError, running_azurite
from tests.integration.flows_inbound.harness import Crash, InboundRun, acks_for, orders_for, start_run

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    try:
        with running_azurite(tmp_path_factory.mktemp("azurite")) as emulator:
            yield emulator
    except AzuriteUnavailableError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def azure_run(sandbox: RunningSandbox, azurite: Azurite, tmp_path: Path) -> Iterator[InboundRun]:
    tag = uuid.uuid4().hex[:10]
    settings = load_state_settings(
        SettingsSource(
            {
                "STATE_BACKEND": "azure",
                "STATE_STORAGE_CONNECTION": azurite.connection_string,
                "STATE_TABLE_PREFIX": f"t{tag}",
                "STATE_QUEUE_OUTBOUND": f"q{tag}-out",
                "STATE_QUEUE_INBOUND": f"q{tag}-in",
                "STATE_BLOB_CONTAINER": f"c{tag}",
            }
        )
    )
    started = start_run(sandbox, tmp_path, state=settings)
    yield started
    started.close()


def test_orders_and_remittances_on_azure_storage(sandbox: RunningSandbox, azure_run: InboundRun) -> None:
    simulator = sandbox.sterling.simulator
    order = simulator.generate_orders("VALUEMART")[0]
    remittance = simulator.generate_remittance(
        "VALUEMART", [RemittedInvoice("USMF-INV-000301", Decimal("75.00"), (Deduction(Decimal("5.00")),))]
    )
    azure_run.receive(order, remittance)

    outcomes = azure_run.drain()

    assert sorted((o.work.flow, o.outcome) for o in outcomes) == [
        ("inbound_820", "done"),
        ("inbound_850", "done"),
        ("inbound_message", "done"),
        ("inbound_message", "done"),
    ]
    assert len(orders_for(azure_run, order.reference)) == 1
    entry = azure_run.stores.ledger.get("inbound_820", f"VALUEMART/{remittance.reference}")
    assert entry is not None
    assert entry.status is LedgerStatus.CREATED


def test_a_crash_after_the_changeset_on_azure_storage_gives_one_order(
    sandbox: RunningSandbox, azure_run: InboundRun
) -> None:
    order = sandbox.sterling.simulator.generate_orders("BIGBOX")[0]
    azure_run.receive(order)
    azure_run.wire.arm(None)
    azure_run.drain()
    changeset_at = azure_run.wire.names.index("dynamics.execute_changeset") + 1

    again = sandbox.sterling.simulator.generate_orders("BIGBOX")[0]
    azure_run.receive(again)
    azure_run.wire.arm(changeset_at)
    with pytest.raises(Crash):
        azure_run.drain()
    azure_run.wire.arm(None)
    outcomes = azure_run.drain()

    assert outcomes[-1].outcome == "done"
    assert "earlier attempt" in outcomes[-1].detail
    assert len(orders_for(azure_run, again.reference)) == 1
    assert len(acks_for(sandbox, "BIGBOX", again.message_id)) == 1
