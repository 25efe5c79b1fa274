"""A partner's 997 marks the outbound documents it answers acknowledged, or failed when it rejects them."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

import pytest

from sandbox.launcher import RunningSandbox
from shared.edi.edifact.reader import read
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.writer import EnvelopeOptions, OutboundMessage, write_interchange
from shared.edi.edifact.writer import Party as EdifactParty
from shared.edi.x12.writer import GroupSpec, Party, TransactionSpec, build_interchange
from shared.flows.inbound_received import PartnerControlNumbers
from shared.state.records import Direction, EnvelopeControls, LedgerChange, LedgerClaim, LedgerEntry, LedgerStatus
from tests.integration.flows_inbound.harness import InboundRun

pytestmark = pytest.mark.integration

US = Party("ZZ", "CONTOSOUSMF", "CONTOSOUSMF")
BIGBOX = Party("01", "0078742000008", "BIGBOXAP")


def _send_invoice(run: InboundRun, number: str, *, break_count: bool = False) -> LedgerEntry:
    """What the outbound 810 flow does: an interchange in BIGBOX's mailbox and a delivered ledger entry."""
    body = (
        ("BIG", "20261127", number, "", "BIGB2611270001"),
        ("IT1", "1", "12", "EA", "4.25", "", "UP", "012345678905"),
        ("TDS", "5100"),
        ("CTT", "1"),
    )
    numbers = PartnerControlNumbers(run.stores.control_numbers, "BIGBOX")
    payload = build_interchange(
        US, BIGBOX, [GroupSpec("IN", "004010", (TransactionSpec("810", body),))], numbers, when=datetime.now(UTC)
    )
    text = payload.decode()
    isa13 = text[90:99]
    gs06 = text.split("~GS*")[1].split("*")[5]
    st02 = text.split("~ST*810*")[1].split("~")[0]
    if break_count:
        payload = payload.replace(b"~SE*6*", b"~SE*9*")
    name = f"BIGBOX_810_{number}.x12"
    delivery = run.services.sterling.deliver(payload, "/BIGBOX/Outbound", name)
    ledger = run.stores.ledger
    entry = ledger.claim(
        LedgerClaim(
            flow="outbound_810",
            natural_key=f"usmf/{number}",
            partner="BIGBOX",
            direction=Direction.OUTBOUND,
            correlation_id=str(uuid.uuid4()),
        )
    ).entry
    entry = ledger.transition(
        entry, LedgerChange(LedgerStatus.TRANSLATED, controls=EnvelopeControls(isa13, gs06, st02))
    )
    return ledger.transition(
        entry,
        LedgerChange(
            LedgerStatus.DELIVERED,
            sterling_message_name=name,
            sterling_message_id=str(delivery.message_id),
            sterling_document_id=delivery.document_id,
        ),
    )


def _partner_answers(sandbox: RunningSandbox, run: InboundRun, entry: LedgerEntry) -> None:
    acks = sandbox.sterling.simulator.acknowledge("BIGBOX")
    mine = [a.dropped for a in acks if str(a.acknowledged_message_id) == entry.sterling_message_id]
    assert len(mine) == 1
    run.receive(*mine)
    run.drain()


def test_an_accepting_997_marks_the_invoice_acknowledged(
    sandbox: RunningSandbox, run: InboundRun, caplog: pytest.LogCaptureFixture
) -> None:
    sent = _send_invoice(run, f"USMF-INV-{uuid.uuid4().hex[:6].upper()}")

    with caplog.at_level(logging.INFO, logger="ml_connector"):
        _partner_answers(sandbox, run, sent)

    entry = run.stores.ledger.get("outbound_810", sent.natural_key)
    assert entry is not None
    assert entry.status is LedgerStatus.ACKNOWLEDGED
    assert entry.acknowledged_at is not None
    received = [r for r in caplog.records if getattr(r, "event", None) == "ack.received"]
    assert any(getattr(r, "ml_key", None) == sent.natural_key for r in received)
    kinds = [o.work.flow for o in run.outcomes if o.outcome == "done"]
    assert "inbound_ack" in kinds


def test_a_rejecting_997_fails_the_invoice_with_the_partners_codes(sandbox: RunningSandbox, run: InboundRun) -> None:
    sent = _send_invoice(run, f"USMF-INV-{uuid.uuid4().hex[:6].upper()}", break_count=True)

    _partner_answers(sandbox, run, sent)

    entry = run.stores.ledger.get("outbound_810", sent.natural_key)
    assert entry is not None
    assert entry.status is LedgerStatus.FAILED
    assert entry.failure_reason is not None
    assert "rejected" in entry.failure_reason
    assert f"810 {sent.controls.transaction}" in entry.failure_reason


def _send_edifact_invoice(run: InboundRun, number: str) -> LedgerEntry:
    """What the outbound INVOIC flow does for EuroMarkt: an interchange in its mailbox and a delivered entry."""
    body = (
        Segment.of("BGM", "380", number, "9"),
        Segment.of("DTM", ("137", "20261127", "102")),
        Segment.of("LIN", "1", None, ("4012345678901", "EN")),
        Segment.of("QTY", ("47", "12")),
        Segment.of("UNS", "S"),
        Segment.of("MOA", ("77", "120.00")),
    )
    options = EnvelopeOptions(
        sender=EdifactParty("4012345000009", "14"),
        recipient=EdifactParty("4098765000001", "14"),
        prepared=datetime.now(UTC),
    )
    numbers = PartnerControlNumbers(run.stores.control_numbers, "EUROMARKT")
    payload = write_interchange([OutboundMessage("INVOIC", body)], options, numbers, "EUROMARKT")
    [interchange] = read(payload).interchanges
    name = f"EUROMARKT_INVOIC_{number}.edi"
    delivery = run.services.sterling.deliver(payload, "/EUROMARKT/Outbound", name)
    ledger = run.stores.ledger
    entry = ledger.claim(
        LedgerClaim("outbound_810", f"demf/{number}", "EUROMARKT", Direction.OUTBOUND, str(uuid.uuid4()))
    ).entry
    controls = EnvelopeControls(interchange.header.reference, None, interchange.messages[0].reference)
    entry = ledger.transition(entry, LedgerChange(LedgerStatus.TRANSLATED, controls=controls))
    return ledger.transition(
        entry,
        LedgerChange(LedgerStatus.DELIVERED, sterling_message_name=name, sterling_message_id=str(delivery.message_id)),
    )


def test_a_contrl_marks_the_edifact_invoice_acknowledged(sandbox: RunningSandbox, run: InboundRun) -> None:
    sent = _send_edifact_invoice(run, f"DEMF-INV-{uuid.uuid4().hex[:6].upper()}")

    acks = sandbox.sterling.simulator.acknowledge("EUROMARKT")
    mine = [a.dropped for a in acks if str(a.acknowledged_message_id) == sent.sterling_message_id]
    run.receive(*mine)
    run.drain()

    entry = run.stores.ledger.get("outbound_810", sent.natural_key)
    assert entry is not None
    assert entry.status is LedgerStatus.ACKNOWLEDGED
