"""``ml-connector run``: the local host's HTTP keys, timers-free one-shot run, and a clean stop on SIGTERM."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

from sandbox.launcher import RunningSandbox
from shared.composition import Runtime
from shared.flows.contract import FlowName
from shared.runtime.local_host import LocalHost, run_once
from shared.state.records import Direction, LedgerStatus
from tests.integration.runtime.support import ADMIN_KEY, FUNCTION_KEY, REPO, URL_TOKEN, ScriptedFlow, registered

pytestmark = pytest.mark.integration


def _event_body() -> bytes:
    return json.dumps(
        {
            "BusinessEventId": "SalesInvoicePostedBusinessEvent",
            "BusinessEventLegalEntity": "usmf",
            "ControlNumber": 5637150000,
            "EventId": str(uuid.uuid4()).upper(),
            "InvoiceAccount": "US-101",
            "InvoiceId": "CIV-LOCAL-1",
        }
    ).encode()


def test_the_local_host_checks_keys_like_the_functions_host(runtime: Runtime) -> None:
    host = LocalHost(runtime, port=0)
    host.start()
    base = f"http://127.0.0.1:{host.port}/api"
    try:
        url = f"{base}/events/dynamics"
        assert requests.post(url, data=_event_body(), params={"token": URL_TOKEN}, timeout=10).status_code == 401
        wrong = {"code": "nope", "token": URL_TOKEN}
        assert requests.post(url, data=_event_body(), params=wrong, timeout=10).status_code == 401
        no_token = {"code": FUNCTION_KEY}
        assert requests.post(url, data=_event_body(), params=no_token, timeout=10).status_code == 401
        accepted = requests.post(
            url, data=_event_body(), params={"token": URL_TOKEN}, headers={"x-functions-key": FUNCTION_KEY}, timeout=10
        )
        assert accepted.status_code == 202
        assert accepted.json()["status"] == "accepted"

        failures = f"{base}/ops/failures"
        assert requests.get(failures, params={"code": FUNCTION_KEY}, timeout=10).status_code == 401
        listed = requests.get(failures, params={"code": ADMIN_KEY}, timeout=10)
        assert listed.status_code == 200
        assert listed.json()["failed"] == []
        trail = requests.get(f"{base}/ops/audit", params={"code": ADMIN_KEY, "key": "usmf/CIV-LOCAL-1"}, timeout=10)
        assert trail.status_code == 200
        assert trail.json()["events"][0]["step"] == "event"
        assert requests.get(f"{base}/nothing", params={"code": ADMIN_KEY}, timeout=10).status_code == 404
    finally:
        host.stop()
    assert all(not thread.is_alive() for thread in host._threads)


def test_run_once_polls_and_drains(runtime: Runtime, sandbox: RunningSandbox) -> None:
    response = requests.post(
        f"{sandbox.info.sterling}/sandbox/sterling/partners/EUROMARKT/drop",
        json={"payload": base64.b64encode(b"UNA:+.? 'UNB+UNOC:3'").decode(), "name": "once.edi"},
        verify=str(sandbox.info.ca_cert),
        timeout=10,
    )
    response.raise_for_status()
    message_id = str(response.json()["messages"][0]["messageId"])
    flow = ScriptedFlow(direction=Direction.INBOUND)
    with registered({FlowName.INBOUND_MESSAGE: flow}):
        counts = run_once(runtime)
    assert counts.get("done", 0) >= 1
    assert "poll_failed" not in counts
    entry = runtime.services.state.ledger.find_by_message_id(message_id)
    assert entry is not None
    assert entry.status is LedgerStatus.CREATED


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_ml_connector_run_stops_cleanly_on_sigterm(values: dict[str, str], tmp_path: Path) -> None:
    settings = tmp_path / "local.settings.json"
    settings.write_text(json.dumps({"IsEncrypted": False, "Values": values}))
    with subprocess.Popen(
        [sys.executable, "-m", "shared.cli", "run", "--settings", str(settings)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if not k.startswith(("STATE_", "DYNAMICS_", "STERLING_"))},  # noqa: TID251 - the child gets our environment minus the connector settings
    ) as process:
        try:
            assert process.stdout is not None
            first = json.loads(process.stdout.readline())
            answer = requests.get(f"{first['url']}/ops/failures", params={"code": ADMIN_KEY}, timeout=10)
            assert answer.status_code == 200
            process.send_signal(signal.SIGTERM)
            _, errors = process.communicate(timeout=30)
            assert process.returncode == 0, errors
            assert b"stopped" in errors
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_local_timer_polls_on_its_schedule(values: dict[str, str], sandbox: RunningSandbox) -> None:
    import time

    from shared.composition import build_runtime
    from shared.settings import SettingsSource

    runtime = build_runtime(SettingsSource({**values, "STERLING_POLL_SCHEDULE": "* * * * * *"}))  # every second
    response = requests.post(
        f"{sandbox.info.sterling}/sandbox/sterling/partners/HANSEHAUS/drop",
        json={"payload": base64.b64encode(b"UNA:+.? 'UNB+UNOC:3'").decode(), "name": "timer.edi"},
        verify=str(sandbox.info.ca_cert),
        timeout=10,
    )
    response.raise_for_status()
    message_id = str(response.json()["messages"][0]["messageId"])
    host = LocalHost(runtime, port=0)
    flow = ScriptedFlow(direction=Direction.INBOUND)
    try:
        with registered({FlowName.INBOUND_MESSAGE: flow}):
            host.start()
            deadline = time.monotonic() + 20
            while message_id not in flow.calls and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        host.stop()
        runtime.close()
    assert message_id in flow.calls  # polled by the timer, run by the inbound worker
