"""The operator commands against a real store: failures, audit, replay."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from shared.cli import main
from shared.composition import Runtime
from shared.errors import UnknownItemError
from shared.flows.contract import FlowName, WorkKind, document_key
from shared.runtime.journal import Invocation
from shared.runtime.queue_work import drain_lane
from shared.state.records import LedgerStatus, WorkItem, WorkLane
from tests.integration.runtime.support import ScriptedFlow, registered

pytestmark = pytest.mark.integration


def test_failures_audit_and_replay_from_the_command_line(
    runtime: Runtime, values: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_path / "local.settings.json"
    settings.write_text(json.dumps({"Values": values}))
    flow = ScriptedFlow(broken=UnknownItemError("partner item 0001234 is not in Dynamics"))
    key = document_key("usmf", "CIV-CLI")
    item = WorkItem(WorkKind.DYNAMICS_RECORD.value, FlowName.OUTBOUND_810.value, key, "BIGBOX", "c-cli")
    invocation = Invocation("cli-test", "test")
    with registered({FlowName.OUTBOUND_810: flow}):
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        drain_lane(WorkLane.OUTBOUND, runtime.services, invocation, visibility=timedelta(seconds=30))
        capsys.readouterr()

        assert main(["failures", "--partner", "BIGBOX", "--settings", str(settings)]) == 1
        listed = capsys.readouterr().out
        assert key in listed
        assert "UnknownItemError: partner item 0001234 is not in Dynamics" in listed

        assert main(["audit", key, "--outcome", "failed", "--json", "--settings", str(settings)]) == 0
        [event] = json.loads(capsys.readouterr().out)["events"]
        assert event["natural_key"] == key

        assert main(["audit", "--since", "yesterday", "--settings", str(settings)]) == 2
        capsys.readouterr()

        flow.broken = None
        assert main(["replay", key, "--settings", str(settings)]) == 0
        assert "replay 2 queued" in capsys.readouterr().out
        drain_lane(WorkLane.OUTBOUND, runtime.services, invocation, visibility=timedelta(seconds=30))
        assert main(["replay", key, "--settings", str(settings)]) == 1  # delivered now: nothing to replay
        assert main(["failures", "--settings", str(settings)]) == 0
    entry = runtime.services.state.ledger.get(item.flow, key)
    assert entry is not None
    assert entry.status is LedgerStatus.DELIVERED
