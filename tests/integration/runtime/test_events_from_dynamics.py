"""The Dynamics emulator delivering real business events (activation test messages, duplicates) to the local host."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from shared.composition import build_runtime
from shared.flows.contract import FlowName
from shared.runtime.local_host import LocalHost
from shared.settings import SettingsSource
from shared.state.records import AuditOutcome, AuditQuery, LedgerStatus
from tests.integration.runtime.support import FUNCTION_KEY, URL_TOKEN, ScriptedFlow, registered, sandbox_values
from tests.sandbox_fixtures import SandboxFactory

pytestmark = pytest.mark.integration


def test_activation_and_duplicated_events_end_in_one_delivery(sandbox_factory: SandboxFactory, tmp_path: Path) -> None:
    sandbox = sandbox_factory()  # a private one: this test changes its endpoints and duplicate rate
    control = f"{sandbox.info.dynamics}/sandbox/dynamics"
    verify = str(sandbox.info.ca_cert)
    runtime = build_runtime(
        SettingsSource({**sandbox_values(sandbox), "STATE_SQLITE_PATH": str(tmp_path / "state.db")})
    )
    host = LocalHost(runtime, port=0)
    flow = ScriptedFlow()
    try:
        with registered({FlowName.OUTBOUND_810: flow}):
            host.start()
            url = f"http://127.0.0.1:{host.port}/api/events/dynamics?code={FUNCTION_KEY}&token={URL_TOKEN}"
            activation = requests.post(
                f"{control}/business-events/endpoints", json={"url": url}, verify=verify, timeout=10
            )
            activation.raise_for_status()
            requests.post(f"{control}/business-events/duplicates", json={"rate": 1.0}, verify=verify, timeout=10)
            posted = requests.post(
                f"{control}/free-text-invoices/post",
                json={"dataAreaId": "usmf", "customer": "US-101"},
                verify=verify,
                timeout=10,
            )
            posted.raise_for_status()
            expected = 3 + 2  # one test message per activated event, and the invoice event sent twice
            deadline = time.monotonic() + 30
            records: list[dict[str, object]] = []
            while time.monotonic() < deadline:
                records = requests.get(f"{control}/business-events/deliveries", verify=verify, timeout=10).json()
                if len(records) >= expected and flow.calls:
                    break
                time.sleep(0.2)
            assert len(records) == expected
            assert all(record["delivered"] for record in records)  # every answer was 2xx: nothing to retry
            deadline = time.monotonic() + 15
            while not flow.calls and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        host.stop()
        runtime.close()
    assert len(flow.calls) == 1
    [key] = flow.calls
    reopened = build_runtime(
        SettingsSource({**sandbox_values(sandbox), "STATE_SQLITE_PATH": str(tmp_path / "state.db")})
    )
    try:
        delivered = reopened.services.state.ledger.get(FlowName.OUTBOUND_810.value, key)
        assert delivered is not None
        assert delivered.status is LedgerStatus.DELIVERED
        notes = reopened.services.state.audit.query(AuditQuery(flow="dynamics_event", outcome=AuditOutcome.SKIPPED))
        assert sum("activation test message" in n.message for n in notes) == 3
        # The second copy is either refused at intake, or (arriving while the first still held the claim) queued
        # again and left to the flow's ledger; either way the audit says so and the flow ran once (above).
        duplicates = reopened.services.state.audit.query(AuditQuery(natural_key=key))
        assert any("duplicate ignored" in d.message for d in duplicates)
    finally:
        reopened.close()
