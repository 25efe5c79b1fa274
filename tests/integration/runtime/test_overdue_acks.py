"""Overdue acknowledgments from the timer (reported once an hour per document), the CLI and the local host."""

from __future__ import annotations

import dataclasses
import json
import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests

from shared.cli import main
from shared.composition import Runtime
from shared.flows.contract import Services
from shared.runtime.ack_check import ACK_OVERDUE_STEP, check_overdue_acks
from shared.runtime.journal import Invocation
from shared.runtime.local_host import LocalHost
from shared.runtime.scheduled import scheduled_ack_check
from shared.state.records import AuditQuery, Direction, EnvelopeControls, LedgerChange, LedgerClaim, LedgerEntry
from shared.state.records import LedgerStatus as S
from tests.integration.runtime.support import ADMIN_KEY, PARTNERS_FILE

pytestmark = pytest.mark.integration

INVOCATION = Invocation("ack-check-test", "test")


def deliver(services: Services, partner: str, number: str, *, acknowledge: bool = False) -> LedgerEntry:
    """An outbound 856 walked to delivered (and acknowledged, if asked) the way the outbound flow walks it."""
    ledger = services.state.ledger
    claim = LedgerClaim("outbound_856", f"usmf/{number}", partner, Direction.OUTBOUND, str(uuid.uuid4()))
    entry = ledger.claim(claim).entry
    entry = ledger.transition(entry, LedgerChange(S.TRANSLATED, controls=EnvelopeControls("41", "41", "0001")))
    entry = ledger.transition(entry, LedgerChange(S.DELIVERED, sterling_message_name=f"{partner}_{number}.x12"))
    if acknowledge:
        entry = ledger.transition(entry, LedgerChange(S.ACKNOWLEDGED))
    return entry


def at(services: Services, moment: datetime) -> Services:
    return dataclasses.replace(services, clock=lambda: moment)


def overdue_events(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "event", None) == "ack.overdue"]


def test_the_timer_reports_an_overdue_document_once_an_hour_and_never_an_acknowledged_one(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    late = deliver(runtime.services, "BIGBOX", "PS-LATE")
    deliver(runtime.services, "BIGBOX", "PS-ANSWERED", acknowledge=True)
    assert late.delivered_at is not None
    # Five seconds into the first full hour after the document became overdue (hourly timers fire just after hh:00).
    first = (late.delivered_at + timedelta(hours=25)).replace(minute=0, second=5, microsecond=0)

    assert check_overdue_acks(at(runtime.services, late.delivered_at + timedelta(hours=23)), INVOCATION).overdue == ()

    with caplog.at_level(logging.INFO, logger="ml_connector"):
        report = scheduled_ack_check(dataclasses.replace(runtime, services=at(runtime.services, first)), INVOCATION)
    assert [o.natural_key for o in report.reported] == ["usmf/PS-LATE"]
    [event] = overdue_events(caplog)
    assert event.levelno == logging.WARNING
    assert getattr(event, "ml_natural_key", None) == "usmf/PS-LATE"
    assert getattr(event, "ml_partner", None) == "BIGBOX"
    assert getattr(event, "ml_group_control", None) == "41"

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="ml_connector"):
        again = check_overdue_acks(at(runtime.services, first + timedelta(minutes=59, seconds=50)), INVOCATION)
    assert [o.natural_key for o in again.overdue] == ["usmf/PS-LATE"]  # still overdue
    assert again.reported == ()  # but already reported within the hour
    assert overdue_events(caplog) == []

    # The next hourly run fires a little earlier past the hour than the first did: reported all the same.
    hour_later = check_overdue_acks(at(runtime.services, first + timedelta(minutes=59, seconds=57)), INVOCATION)
    assert [o.natural_key for o in hour_later.reported] == ["usmf/PS-LATE"]

    trail = runtime.services.state.audit.query(AuditQuery(natural_key="usmf/PS-LATE"))
    assert [e.step for e in trail].count(ACK_OVERDUE_STEP) == 2
    assert runtime.services.state.audit.query(AuditQuery(natural_key="usmf/PS-ANSWERED")) == []


def _settings_with_ack_window(values: dict[str, str], tmp_path: Path, window: str) -> Path:
    partners = tmp_path / "partners.toml"
    partners.write_text(
        PARTNERS_FILE.read_text().replace('ack_expected_within = "24h"', f'ack_expected_within = "{window}"')
    )
    settings = tmp_path / "local.settings.json"
    settings.write_text(json.dumps({"Values": {**values, "PARTNERS_FILE": str(partners)}}))
    return settings


def _wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline, "the delivery never became overdue"
        time.sleep(0.1)


def test_the_acks_command_lists_overdue_documents_and_exits_1(
    runtime: Runtime,
    values: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The CLI runs on the real clock, so the partners here expect their acknowledgment within one second.
    settings = _settings_with_ack_window(values, tmp_path, "1s")
    assert main(["acks", "--overdue", "--settings", str(settings)]) == 0
    assert "no overdue" in capsys.readouterr().out

    late = deliver(runtime.services, "BIGBOX", "PS-CLI")
    deliver(runtime.services, "BIGBOX", "PS-CLI-ACKED", acknowledge=True)
    deliver(runtime.services, "HOMEPRO", "PS-OTHER")
    _wait_until(lambda: main(["acks", "--settings", str(settings)]) == 1)
    capsys.readouterr()

    with caplog.at_level(logging.INFO, logger="ml_connector"):
        assert main(["acks", "--overdue", "--partner", "BIGBOX", "--settings", str(settings)]) == 1
    listed = capsys.readouterr().out
    assert "usmf/PS-CLI" in listed
    assert "PS-CLI-ACKED" not in listed
    assert "PS-OTHER" not in listed
    assert overdue_events(caplog) == []  # looking does not fire the alert

    assert main(["acks", "--partner", "BIGBOX", "--json", "--settings", str(settings)]) == 1
    [row] = json.loads(capsys.readouterr().out)["overdue"]
    assert row["natural_key"] == "usmf/PS-CLI"
    assert row["flow"] == "outbound_856"
    assert row["expected_within_seconds"] == 1
    assert isinstance(row["overdue_by_seconds"], int)
    assert row["overdue_by_seconds"] >= 0
    assert (row["interchange_control"], row["group_control"], row["transaction_control"]) == ("41", "41", "0001")
    assert row["sterling_message_name"] == "BIGBOX_PS-CLI.x12"
    assert late.delivered_at is not None
    assert row["delivered_at"] == late.delivered_at.isoformat()

    runtime.services.state.ledger.transition(late, LedgerChange(S.ACKNOWLEDGED))
    assert main(["acks", "--partner", "BIGBOX", "--settings", str(settings)]) == 0
    assert main(["acks", "--partner", "NOSUCH", "--settings", str(settings)]) == 2
    assert "NOSUCH" in capsys.readouterr().err


def test_the_local_host_serves_overdue_acks_to_the_admin_key_only(runtime: Runtime) -> None:
    late = deliver(runtime.services, "BIGBOX", "PS-HTTP")
    assert late.delivered_at is not None
    later = dataclasses.replace(runtime, services=at(runtime.services, late.delivered_at + timedelta(hours=30)))
    host = LocalHost(later, port=0)
    host.start()
    try:
        url = f"http://127.0.0.1:{host.port}/api/ops/acks/overdue"
        assert requests.get(url, params={"partner": "BIGBOX"}, timeout=10).status_code == 401
        answer = requests.get(url, params={"partner": "BIGBOX", "code": ADMIN_KEY}, timeout=10)
        assert answer.status_code == 200
        [row] = answer.json()["overdue"]
        assert row["natural_key"] == "usmf/PS-HTTP"
        assert row["overdue_by_seconds"] == 6 * 3600
        bad = requests.get(url, params={"limit": "0", "code": ADMIN_KEY}, timeout=10)
        assert bad.status_code == 400
    finally:
        host.stop()
