"""Every X12 file of the shared corpus: it parses, broken files report the fault the manifest names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from shared.edi.x12.facade import acknowledge, render, to_json, validate
from shared.edi.x12.reader import read_bytes
from shared.edi.x12.writer import serialise_events

pytestmark = pytest.mark.unit

MANIFEST = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "MANIFEST.tsv"
ROWS = [
    r
    for r in csv.DictReader(MANIFEST.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    if "ISA" in r["version"]
]

# auto_checks finding → the standard's code our validator must report for it.
EXPECTED_CODES = {
    "SE01": ("transaction", "4"),
    "GE01": ("group", "5"),
    "GE02": ("group", "4"),
    "IEA02": ("interchange", "001"),
}


def _path(corpus: Path, row: dict[str, str]) -> Path:
    return corpus / row["repo"].replace("/", "__") / row["path"]


@pytest.mark.parametrize("row", ROWS, ids=[r["path"].rsplit("/", 1)[-1] for r in ROWS])
def test_corpus_file_reads_validates_and_acknowledges(corpus_dir: Path, row: dict[str, str]) -> None:
    data = _path(corpus_dir, row).read_bytes()
    events = read_bytes(data)
    assert events
    report = validate(data)
    check = row["auto_checks"]
    # The manifest profiler split ShrinkWrapped at every space; read with its real " CRLF" terminator, SE01 is right.
    if check and not row["path"].endswith("Example4_Adobe_ShrinkWrapped.txt"):
        level, code = EXPECTED_CODES[check.split()[0]]
        assert any(i.level == level and i.code == code for i in report.issues), report.issues
    assert render(data).count("\n") > 5
    assert isinstance(to_json(data), dict)
    ack = acknowledge(data)
    if not row["types"].startswith(("997", "999", "TA1")):
        assert b"997" in ack


CLEAN = [
    "Example2_Adobe_TLP.txt",
    "Example1_CaliforniaISO.txt",
    "2011110815164104.txt",
    "FromGregarican.txt",
    "Example1.txt",
    "Example3.txt",
    "850-004010VICS-01.x12",
    "850-004010-08.x12",
    "850-004010-12.x12",
    "997-004010VICS-01.x12",
    "810-004010VICS-01.x12",
    "simple997.edi",
    "simple999.edi",
    "inbound.edi",
    "From_aojuk.txt",
]


@pytest.mark.parametrize("name", CLEAN)
def test_valid_corpus_files_have_no_errors(corpus_dir: Path, name: str) -> None:
    row = next(r for r in ROWS if r["path"].endswith("/" + name))
    report = validate(_path(corpus_dir, row).read_bytes())
    assert report.valid, [i.describe() for i in report.errors]


def test_mailbag_redetects_delimiters_at_every_interchange(corpus_dir: Path) -> None:
    row = next(r for r in ROWS if r["path"].endswith("mailbag01.x12"))
    events = read_bytes(_path(corpus_dir, row).read_bytes())
    headers = [e for e in events if type(e).__name__ == "InterchangeHeader"]
    assert len(headers) == 8
    assert {h.delimiters.segment for h in headers} == {"\x15", "\n", "~"}  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["DuplicateInterchange.txt", "DuplicateGroup.txt", "DuplicateMessage.txt"])
def test_duplicate_control_numbers_are_reported(corpus_dir: Path, name: str) -> None:
    row = next(r for r in ROWS if r["path"].endswith(name))
    codes = {(i.level, i.code) for i in validate(_path(corpus_dir, row).read_bytes()).issues}
    expected = {
        "DuplicateInterchange.txt": ("interchange", "025"),
        "DuplicateGroup.txt": ("group", "6"),
        "DuplicateMessage.txt": ("transaction", "23"),
    }[name]
    assert expected in codes


def test_canonical_file_round_trips_byte_for_byte(corpus_dir: Path) -> None:
    row = next(r for r in ROWS if r["path"].endswith("850-004010-12.x12"))
    data = _path(corpus_dir, row).read_bytes()
    assert serialise_events(read_bytes(data)) == data
