"""``--out``: what the partners received is valid EDI by our engine and readable by pyx12; the records created in
Dynamics are plain JSON."""

from __future__ import annotations

import json

import pytest

from shared.edi.formats import facade_for
from tests.e2e.conftest import DemoRun
from tests.e2e.documents import partner_files, pyx12_errors

pytestmark = pytest.mark.e2e


def test_every_interchange_the_partners_received_is_written_once_and_validates(cli_run: DemoRun) -> None:
    assert cli_run.out is not None
    files = partner_files(cli_run.out)
    assert files, "the partners received nothing"
    problems = {}
    for file in files:
        assert file.path.suffix == (".x12" if file.standard == "X12" else ".edi"), file.path.name
        data = file.path.read_bytes()
        report = facade_for(data).validate(data)
        if not report.valid:
            problems[file.path.name] = [str(issue) for issue in report.errors]
    assert problems == {}


def test_pyx12_reads_every_x12_interchange(cli_run: DemoRun) -> None:
    assert cli_run.out is not None
    x12 = [f for f in partner_files(cli_run.out) if f.standard == "X12"]
    assert x12
    assert {f.path.name: pyx12_errors(f.path.read_bytes()) for f in x12} == {f.path.name: [] for f in x12}


def test_dynamics_records_are_json_arrays(cli_run: DemoRun) -> None:
    assert cli_run.out is not None
    for name in ("sales-orders.json", "payment-journal-lines.json"):
        records = json.loads((cli_run.out / "dynamics" / name).read_text(encoding="utf-8"))
        assert isinstance(records, list)
        assert records, f"{name} is empty"
        assert all(isinstance(record, dict) for record in records)
