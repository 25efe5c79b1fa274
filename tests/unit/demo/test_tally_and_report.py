"""The demo's counting and output, without a sandbox: one document counted once per pass by its final state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.demo.control import CallTotals, Delivered
from shared.demo.counting import Business, CycleResult, Failure, ReportedFlow
from shared.demo.report import interchange_file_name, json_document, summary_table, write_out
from shared.demo.tally import ACKNOWLEDGMENTS, OVERHEAD, DocumentState, PassTally, message_key

pytestmark = pytest.mark.unit

FLOW = ReportedFlow.OUTBOUND_810


def test_a_document_seen_in_several_rounds_counts_once_by_its_final_state() -> None:
    tally = PassTally()
    tally.see(FLOW, "usmf/CIV-1")  # swept in round 1
    tally.see(FLOW, "usmf/CIV-1", DocumentState.DONE)  # delivered
    tally.see(FLOW, "usmf/CIV-1")  # swept again in round 2: still done
    tally.see(FLOW, "usmf/CIV-2", DocumentState.SUPPRESSED)
    tally.fail(FLOW, "outbound_810", "usmf/CIV-3", "MappingError: no PO number")
    counts = tally.counts(rounds=2, converged=True)[FLOW]
    assert (counts.found, counts.done, counts.failed, counts.duplicates_suppressed) == (3, 1, 1, 1)
    assert tally.failures == [Failure("outbound_810", "usmf/CIV-3", "MappingError: no PO number")]
    assert tally.unsettled() == []


def test_documents_never_finished_are_reported_as_unsettled() -> None:
    tally = PassTally()
    tally.see(ACKNOWLEDGMENTS, message_key(7024, "ACMEPACK"))
    tally.see(FLOW, "usmf/CIV-1", DocumentState.DONE)
    assert tally.unsettled() == [(ACKNOWLEDGMENTS, "message 7024 from ACMEPACK")]
    counts = tally.counts(rounds=1, converged=False)
    assert (counts.acknowledgments.found, counts.acknowledgments.done) == (1, 0)
    assert counts.unfinished == ("acknowledgments message 7024 from ACMEPACK",)
    assert counts.to_json()["unfinished"] == ["acknowledgments message 7024 from ACMEPACK"]


def test_calls_and_retries_are_charged_to_their_bucket() -> None:
    tally = PassTally()
    tally.charge(FLOW, CallTotals(dynamics=3, sterling=2))
    tally.charge(FLOW, CallTotals(dynamics=1, sterling=0))
    tally.charge(OVERHEAD, CallTotals(dynamics=0, sterling=5))
    tally.retried(FLOW)
    counts = tally.counts(rounds=1, converged=True)
    assert (counts[FLOW].dynamics_calls, counts[FLOW].sterling_calls, counts[FLOW].retries) == (4, 2, 1)
    assert counts.overhead.sterling_calls == 5
    assert CallTotals(5, 7) - CallTotals(2, 3) == CallTotals(3, 4)


def _result() -> CycleResult:
    first, second = PassTally(), PassTally()
    first.see(FLOW, "usmf/CIV-1", DocumentState.DONE)
    second.see(FLOW, "usmf/CIV-1", DocumentState.SUPPRESSED)
    return CycleResult(
        Business(1, 2, 1, 1, 1, 3),
        (first.counts(rounds=3, converged=True), second.counts(rounds=1, converged=True)),
    )


def test_json_document_carries_the_contract_keys_for_every_flow() -> None:
    document = json_document(_result(), exit_code=0)
    assert json.loads(json.dumps(document)) == document
    passes = document["passes"]
    assert isinstance(passes, list)
    assert len(passes) == 2
    for counts in passes:
        for flow in ReportedFlow:
            assert set(counts[flow.value]) >= {
                "found",
                "done",
                "failed",
                "duplicates_suppressed",
                "dynamics_calls",
                "sterling_calls",
            }
    assert passes[0]["outbound_810"]["done"] == 1
    assert passes[1]["outbound_810"]["duplicates_suppressed"] == 1
    assert document["failures"] == []


def test_summary_table_has_a_row_per_flow_and_pass() -> None:
    table = summary_table(_result())
    for number in (1, 2):
        for flow in ReportedFlow:
            assert f"pass {number}  {flow.value}" in table
    assert "did not converge" not in table


@pytest.mark.parametrize(
    ("name", "payload", "expected"),
    [
        ("BIGBOX_810_USMF-CIV-1.x12", b"ISA*00*", "BIGBOX_810_USMF-CIV-1.x12"),
        ("EUROMARKT_INVOIC_DEMF-CIV-2", b"UNA:+.? 'UNB+", "EUROMARKT_INVOIC_DEMF-CIV-2.edi"),
        ("../evil/name.edi", b"UNB+UNOC:3", "evil_name.edi"),
        ("odd.x12", b"UNB+UNOC:3", "odd.edi"),
    ],
)
def test_out_file_names_are_safe_and_end_with_the_standard(name: str, payload: bytes, expected: str) -> None:
    assert interchange_file_name(Delivered("P", 7, name, payload)) == expected


def test_write_out_writes_every_interchange_and_the_dynamics_records(tmp_path: Path) -> None:
    delivered = [
        Delivered("BIGBOX", 1, "BIGBOX_810_A.x12", b"ISA*one"),
        Delivered("BIGBOX", 2, "BIGBOX_810_A.x12", b"ISA*two"),  # the same name twice: both kept
    ]
    written = write_out(tmp_path, delivered, {"sales-orders": [{"SalesOrderNumber": "000017"}]})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "dynamics/sales-orders.json",
        "partners/BIGBOX/2_BIGBOX_810_A.x12",
        "partners/BIGBOX/BIGBOX_810_A.x12",
    ]
    assert (tmp_path / "partners/BIGBOX/BIGBOX_810_A.x12").read_bytes() == b"ISA*one"
    assert json.loads((tmp_path / "dynamics/sales-orders.json").read_text()) == [{"SalesOrderNumber": "000017"}]
