"""Malformed input never escapes as an unhandled exception: a report, or an EdiError that says why."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.edi.x12.acks import acknowledge_bytes
from shared.edi.x12.render import render_bytes
from shared.edi.x12.validate import validate_bytes
from shared.errors import EdiError

from .scenarios import golden

pytestmark = pytest.mark.unit

MANIFEST = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "MANIFEST.tsv"
X12_FILES = [
    r["repo"].replace("/", "__") + "/" + r["path"]
    for r in csv.DictReader(MANIFEST.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    if "ISA" in r["version"]
]


def _survives(data: bytes) -> None:
    """Either every entry point answers, or the input is refused with an EdiError that says why."""
    failure: EdiError | None = None
    try:
        validate_bytes(data)
        acknowledge_bytes(data)
        render_bytes(data)
    except EdiError as exc:
        failure = exc
    if failure is not None:
        assert failure.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_after_an_isa(data: bytes) -> None:
    _survives(b"ISA*" + data)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    _survives(data)


@settings(max_examples=120, deadline=None)
@given(st.integers(min_value=0, max_value=len(X12_FILES) - 1), st.randoms(use_true_random=False))
def test_mutated_corpus_files(corpus_dir: Path, index: int, rng: random.Random) -> None:
    data = bytearray((corpus_dir / X12_FILES[index]).read_bytes())
    for _ in range(rng.randint(1, 8)):
        action = rng.randrange(3)
        at = rng.randrange(len(data))
        if action == 0:
            data[at] = rng.randrange(256)
        elif action == 1:
            del data[at : at + rng.randint(1, 40)]
        else:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 10)))
    _survives(bytes(data))


def test_truncated_interchange_reports_premature_end() -> None:
    data = golden("00401", "850")
    cut = data[: data.index(b"SE*")]
    codes = {(i.level, i.code) for i in validate_bytes(cut).issues}
    assert ("interchange", "023") in codes
    assert ("transaction", "2") in codes
    assert ("group", "3") in codes


def test_wrong_counts_and_control_numbers_get_their_codes() -> None:
    data = golden("00401", "850")
    broken = data.replace(b"GE*1*1~", b"GE*2*7~").replace(b"IEA*1*", b"IEA*3*").replace(b"SE*11*0001", b"SE*11*0002")
    codes = {(i.level, i.code) for i in validate_bytes(broken).issues}
    assert {("group", "5"), ("group", "4"), ("interchange", "021"), ("transaction", "3")} <= codes


def test_ta1_is_sent_when_the_interchange_is_bad() -> None:
    data = golden("00401", "850").replace(b"IEA*1*000000001", b"IEA*1*000000002")
    ack = acknowledge_bytes(data)
    assert b"TA1*000000001*260301*0930*R*001~" in ack


def test_element_errors_become_ak3_and_ak4() -> None:
    data = golden("00401", "850").replace(b"BEG*00*SA*PO-1001**20260301", b"BEG*00*SA*PO-1001**20260231")
    ack = acknowledge_bytes(data)
    assert b"AK3*BEG*2**8~AK4*5**8~AK5*R*5~" in ack


def test_999_for_a_005010_partner_when_asked() -> None:
    data = golden("00501", "850").replace(b"PO1*2*3*CA", b"PO1*2*3*CASE")
    ack = acknowledge_bytes(data, use_999=True)
    assert b"ST*999*" in ack
    assert b"IK3*PO1*" in ack
    assert b"IK4*3**5~" in ack
    assert b"AK1*PO*1*005010~" in ack
