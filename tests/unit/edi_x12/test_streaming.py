"""Streaming: the same events whatever the read size, so chunk boundaries can fall anywhere."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from shared.edi.x12.envelope import ReaderIssue, Transaction
from shared.edi.x12.reader import read_events

pytestmark = pytest.mark.unit

FILES = [
    "bots-edi__bots-plugins/demo/one-on-one_x12_xml/botssys/infile/x122xml/x12/mailbag01.x12",
    "bots-edi__bots-plugins/x12/850_fixed/botssys/infile/x12_850tofixed/850/850-004010-08.x12",
    "Inteligenz__X12Parser/tests/OopFactory.X12.Tests.Unit/Parsing/_SampleEdiFiles/ORD/_856/Example3.txt",
    "Inteligenz__X12Parser/tests/OopFactory.X12.Tests.Unit/Parsing/_SampleEdiFiles/ORD/_850/Example4_Adobe_ShrinkWrapped.txt",
    "Inteligenz__X12Parser/tests/OopFactory.X12.Tests.Unit/Parsing/_SampleEdiFiles/ORD/_810/Example5_Walmart.txt",
]


def _summary(data: bytes, chunk_size: int) -> list[object]:
    summary: list[object] = []
    for event in read_events(io.BytesIO(data), chunk_size):
        if isinstance(event, Transaction):
            summary.append((event.set_id, event.control_number, event.segments))
        elif isinstance(event, ReaderIssue):
            summary.append(event.issue.code)
        else:
            summary.append(type(event).__name__)
    return summary


@pytest.mark.parametrize("name", FILES, ids=[f.rsplit("/", 1)[-1] for f in FILES])
@pytest.mark.parametrize("chunk_size", [1, 7, 64, 1000])
def test_small_reads_give_the_same_events(corpus_dir: Path, name: str, chunk_size: int) -> None:
    data = (corpus_dir / name).read_bytes()
    assert _summary(data, chunk_size) == _summary(data, 1 << 20)


def test_a_multibyte_terminator_split_across_reads_is_decoded_whole(corpus_dir: Path) -> None:
    data = (corpus_dir / FILES[2]).read_bytes()
    transactions = [e for e in read_events(io.BytesIO(data), 3) if isinstance(e, Transaction)]
    assert len(transactions) == 1
    assert transactions[0].terminator == "\u2026"
