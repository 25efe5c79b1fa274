"""The indexed functions and host.json: what the Functions host reads, checked without the host."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.runtime.settings import DEFAULT_ACK_OVERDUE_SCHEDULE, DEFAULT_POLL_SCHEDULE, DEFAULT_SWEEP_SCHEDULE
from shared.state.config import StateSettings

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bindings() -> dict[str, list[dict[str, object]]]:
    import function_app

    # get_functions() may be called once per FunctionApp; one module-scoped call serves every test here.
    indexed = function_app.app.get_functions()
    return {fn.get_function_name(): json.loads(fn.get_function_json())["bindings"] for fn in indexed}


def test_every_function_is_indexed(bindings: dict[str, list[dict[str, object]]]) -> None:
    assert sorted(bindings) == [
        "ack_overdue_check",
        "dynamics_business_event",
        "dynamics_sweep",
        "inbound_poison",
        "inbound_work",
        "ops_acks_overdue",
        "ops_audit",
        "ops_failures",
        "ops_replay",
        "outbound_poison",
        "outbound_work",
        "sterling_poll",
    ]


def test_http_routes_and_key_levels(bindings: dict[str, list[dict[str, object]]]) -> None:
    routes = {
        name: (b[0]["route"], b[0]["authLevel"], b[0]["methods"])
        for name, b in bindings.items()
        if b[0]["type"] == "httpTrigger"
    }
    assert routes == {
        "dynamics_business_event": ("events/dynamics", "FUNCTION", ["POST"]),
        "ops_failures": ("ops/failures", "ADMIN", ["GET"]),
        "ops_acks_overdue": ("ops/acks/overdue", "ADMIN", ["GET"]),
        "ops_audit": ("ops/audit", "ADMIN", ["GET"]),
        "ops_replay": ("ops/replay", "ADMIN", ["POST"]),
    }


def test_timers_take_their_schedules_from_app_settings(bindings: dict[str, list[dict[str, object]]]) -> None:
    assert bindings["sterling_poll"][0] == {
        "direction": "IN",
        "type": "timerTrigger",
        "name": "timer",
        "schedule": "%STERLING_POLL_SCHEDULE%",
        "runOnStartup": False,
        "useMonitor": True,
    }
    assert bindings["dynamics_sweep"][0]["schedule"] == "%DYNAMICS_SWEEP_SCHEDULE%"
    assert bindings["ack_overdue_check"][0] == {
        "direction": "IN",
        "type": "timerTrigger",
        "name": "timer",
        "schedule": "%ACK_OVERDUE_SCHEDULE%",
        "runOnStartup": False,
        "useMonitor": True,
    }


def test_queue_triggers_read_the_state_queues(bindings: dict[str, list[dict[str, object]]]) -> None:
    for name, setting in (("outbound_work", "STATE_QUEUE_OUTBOUND"), ("inbound_work", "STATE_QUEUE_INBOUND")):
        trigger = bindings[name][0]
        assert trigger["type"] == "queueTrigger"
        assert trigger["queueName"] == f"%{setting}%"
        assert trigger["connection"] == "STATE_QUEUES"


def test_poison_triggers_read_the_host_poison_queues(bindings: dict[str, list[dict[str, object]]]) -> None:
    for name, setting in (("outbound_poison", "STATE_QUEUE_OUTBOUND"), ("inbound_poison", "STATE_QUEUE_INBOUND")):
        trigger = bindings[name][0]
        assert trigger["type"] == "queueTrigger"
        assert trigger["queueName"] == f"%{setting}%-poison"
        assert trigger["connection"] == "STATE_QUEUES"


def test_host_json_matches_the_runtime() -> None:
    host = json.loads((REPO / "host.json").read_text())
    queues = host["extensions"]["queues"]
    assert queues["maxDequeueCount"] == StateSettings().queue_max_attempts
    assert queues["messageEncoding"] == "base64"
    assert queues["batchSize"] + queues["newBatchThreshold"] <= 8
    assert host["telemetryMode"] == "OpenTelemetry"
    excluded = host["logging"]["applicationInsights"]["samplingSettings"]["excludedTypes"].split(";")
    assert {"Request", "Exception", "Trace"} <= set(excluded)  # failures are never sampled away
    hours, minutes, seconds = (int(part) for part in host["functionTimeout"].split(":"))
    assert hours * 3600 + minutes * 60 + seconds <= 600  # the Consumption plan's ceiling


def test_sample_settings_carry_the_binding_expressions() -> None:
    sample = json.loads((REPO / "local.settings.sample.json").read_text())["Values"]
    assert sample["STERLING_POLL_SCHEDULE"] == DEFAULT_POLL_SCHEDULE
    assert sample["DYNAMICS_SWEEP_SCHEDULE"] == DEFAULT_SWEEP_SCHEDULE
    assert sample["ACK_OVERDUE_SCHEDULE"] == DEFAULT_ACK_OVERDUE_SCHEDULE
    for name in ("STATE_QUEUE_OUTBOUND", "STATE_QUEUE_INBOUND", "STATE_QUEUES"):
        assert sample[name]


def test_indexing_the_app_loads_no_client_or_storage_sdk() -> None:
    """Cold start: the host imports function_app to index it; clients and state load on the first invocation."""
    import subprocess
    import sys

    heavy = ["requests", "azure.data.tables", "azure.storage.queue", "azure.identity", "shared.composition", "sqlite3"]
    probe = f"import sys, function_app; print([m for m in {heavy!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
