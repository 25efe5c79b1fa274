"""Telemetry: every runtime step is a structured event with its dimensions, and secrets never reach a log line."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from shared.composition import Runtime, install_log_redaction
from shared.errors import RemoteRejectedError
from shared.flows.contract import FlowName, WorkKind, document_key
from shared.runtime.journal import Invocation
from shared.runtime.queue_work import drain_lane
from shared.state.records import WorkItem, WorkLane
from tests.integration.runtime.support import URL_TOKEN, ScriptedFlow, registered

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_events_carry_dimensions_and_secrets_are_masked(runtime: Runtime, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ml_connector")
    install_log_redaction()  # onto caplog's handler too, as it goes onto the worker's in Azure
    # A flow whose error message carries a secret by mistake (an echoed URL with the token).
    leak = RemoteRejectedError(f"Sterling refused https://x/api?token={URL_TOKEN}", status=400)
    flow = ScriptedFlow(broken=leak)
    item = WorkItem(
        WorkKind.DYNAMICS_RECORD.value, FlowName.OUTBOUND_810.value, document_key("usmf", "T-1"), "BIGBOX", "corr-1"
    )
    with registered({FlowName.OUTBOUND_810: flow}):
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        drain_lane(WorkLane.OUTBOUND, runtime.services, Invocation("inv-42", "test"), visibility=timedelta(seconds=30))
    failed = [r for r in caplog.records if getattr(r, "event", None) == "document.failed"]
    assert len(failed) == 1
    record = failed[0]
    assert record.ml_flow == "outbound_810"  # type: ignore[attr-defined]
    assert record.ml_partner == "BIGBOX"  # type: ignore[attr-defined]
    assert record.ml_natural_key == "usmf/T-1"  # type: ignore[attr-defined]
    assert record.ml_correlation_id == "corr-1"  # type: ignore[attr-defined]
    assert record.ml_invocation_id == "inv-42"  # type: ignore[attr-defined]
    assert "natural_key=usmf/T-1" in record.getMessage()  # also in the text, for the classic pipeline
    assert all(URL_TOKEN not in r.getMessage() for r in caplog.records)
    entry = runtime.services.state.ledger.get(item.flow, item.natural_key)
    assert entry is not None
    assert entry.failure_reason is not None
    assert URL_TOKEN not in entry.failure_reason  # nor in the ledger an operator reads
