"""Delivered documents without an acknowledgment past the partner's expectation are reported and logged."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from shared.flows.ack_overdue import find_overdue
from shared.partners import PartnerDirectory, parse_partner_text
from shared.state.records import Direction, EnvelopeControls, LedgerChange, LedgerClaim, LedgerEntry, LedgerStatus
from tests.integration.flows_inbound.harness import PARTNER_FILE, InboundRun

pytestmark = pytest.mark.integration


def _delivered(run: InboundRun, partner: str, number: str) -> LedgerEntry:
    ledger = run.stores.ledger
    entry = ledger.claim(
        LedgerClaim("outbound_856", f"usmf/{number}", partner, Direction.OUTBOUND, str(uuid.uuid4()))
    ).entry
    entry = ledger.transition(entry, LedgerChange(LedgerStatus.TRANSLATED, controls=EnvelopeControls("17", "17", "1")))
    return ledger.transition(entry, LedgerChange(LedgerStatus.DELIVERED, sterling_message_name=f"{partner}_856.x12"))


def test_an_unanswered_delivery_is_overdue_only_after_the_partners_expectation(
    run: InboundRun, caplog: pytest.LogCaptureFixture
) -> None:
    late = _delivered(run, "BIGBOX", "PS-1")
    answered = _delivered(run, "BIGBOX", "PS-2")
    run.stores.ledger.transition(answered, LedgerChange(LedgerStatus.ACKNOWLEDGED))
    delivered_at = late.delivered_at
    assert delivered_at is not None

    within = dataclasses.replace(run.services, clock=lambda: delivered_at + timedelta(hours=23, minutes=59))
    assert find_overdue(within, partner="BIGBOX") == []

    later = dataclasses.replace(run.services, clock=lambda: delivered_at + timedelta(hours=25))
    with caplog.at_level(logging.INFO, logger="ml_connector"):
        [overdue] = find_overdue(later, partner="BIGBOX")

    assert overdue.natural_key == "usmf/PS-1"
    assert overdue.flow == "outbound_856"
    assert overdue.expected_within == timedelta(hours=24)
    assert abs(overdue.overdue_by - timedelta(hours=1)) < timedelta(seconds=1)
    assert overdue.controls.group == "17"
    [logged] = [r for r in caplog.records if getattr(r, "event", None) == "ack.overdue"]
    assert logged.levelno == logging.WARNING
    assert getattr(logged, "ml_key", None) == "usmf/PS-1"
    assert "BIGBOX" in logged.getMessage()


def test_a_partner_that_sends_no_acknowledgments_is_never_overdue(run: InboundRun) -> None:
    text = PARTNER_FILE.read_text().replace('ack_expected_within = "24h"', 'ack_expected_within = "never"', 1)
    quiet = dataclasses.replace(
        run.services,
        partners=PartnerDirectory(parse_partner_text(text, str(PARTNER_FILE))),
        clock=lambda: datetime.now(UTC) + timedelta(days=30),
    )
    _delivered(run, "BIGBOX", "PS-3")
    _delivered(run, "HOMEPRO", "PS-4")

    overdue = find_overdue(quiet)

    assert [(o.partner, o.natural_key) for o in overdue] == [("HOMEPRO", "usmf/PS-4")]
