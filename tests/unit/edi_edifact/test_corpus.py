from __future__ import annotations

import csv
from pathlib import Path

import pytest

from shared.edi.edifact import facade
from shared.edi.edifact.contrl import parse_contrl
from shared.edi.edifact.reader import read
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.writer import serialise

pytestmark = pytest.mark.unit

# Faults the manifest names (or the file carries) and the CONTRL code each must produce.
BROKEN = {
    "Files/EDIFACT/Invoice.txt": ("29", "UNZ"),
    "Files/EANCOM/DespatchAdvice.txt": ("29", "UNZ"),
    "Files/EANCOM/Invoice.txt": ("29", "UNZ"),
    "Files/EDIFACT/DuplicateInterchange.txt": ("26", "UNB"),
    "Files/EDIFACT/CONTRL.txt": ("13", "UNB"),
    "src/test/resources/EDIFACT/orders-with-group.edi": ("29", "UNT"),
    "tests/files/D96ADESADV.edi": ("39", "BGM"),
    "tests/data/order.edi": ("4", "UNZ"),
    "src/test/resources/edifact/ORDERS-D01B-UNOE.edi": ("12", "UNS"),
    "ect/src/test/resources/testfiles/d96a-invoic-1/input.edi": ("4", "BGM"),
}


def _rows(corpus: Path) -> list[tuple[str, Path]]:
    with (corpus / "MANIFEST.tsv").open() as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if ":" in r["types"] or "body-only" in r["types"]]
    return [(r["path"], corpus / r["repo"].replace("/", "__") / r["path"]) for r in rows]


def test_every_edifact_file_is_classified(corpus_dir: Path) -> None:
    paths = [p for p, _ in _rows(corpus_dir)]
    assert len(paths) >= 20
    assert set(BROKEN) <= set(paths)


def test_valid_files_validate_without_errors_and_round_trip(corpus_dir: Path) -> None:
    for path, file in _rows(corpus_dir):
        if path in BROKEN:
            continue
        data = file.read_bytes()
        report = facade.validate(data)
        assert report.valid, (path, [i.describe() for i in report.errors])
        out = b"".join(serialise(ic) for ic in read(data).interchanges)
        strip = data.removeprefix(b"\xef\xbb\xbf")
        # Files mixing CRLF and LF round-trip modulo the line breaks between segments.
        assert out.replace(b"\r", b"").replace(b"\n", b"") == strip.replace(b"\r", b"").replace(b"\n", b"")


def test_canonical_files_round_trip_byte_for_byte(corpus_dir: Path) -> None:
    exact = 0
    for path, file in _rows(corpus_dir):
        data = file.read_bytes().removeprefix(b"\xef\xbb\xbf")
        if b"\r\n" in data and data.count(b"\r\n") != data.count(b"\n"):
            continue
        result = read(data)
        if not result.interchanges:
            continue
        assert b"".join(serialise(ic) for ic in result.interchanges) == data, path
        exact += 1
    assert exact >= 15


@pytest.mark.parametrize(("path", "expected"), sorted(BROKEN.items()))
def test_broken_files_report_their_fault(corpus_dir: Path, path: str, expected: tuple[str, str]) -> None:
    file = dict(_rows(corpus_dir))[path]
    report = facade.validate(file.read_bytes())
    code, tag = expected
    assert any(i.code == code and i.location.segment_tag == tag for i in report.errors), [
        i.describe() for i in report.issues
    ]


def test_contrl_rejects_wrong_count_and_echoes_references(corpus_dir: Path) -> None:
    data = (corpus_dir / "EdiFabric__EDIFACT.NET/Files/EANCOM/DespatchAdvice.txt").read_bytes()
    ack = facade.acknowledge(data)
    back = read(ack).interchanges[0]
    assert back.header.sender == ("RECEIVER1", "1")
    assert back.header.recipient == ("SENDER1", "1")
    uci = back.messages[0].body[0]
    assert (uci.tag, uci.get(1), uci.get(4), uci.get(5)) == ("UCI", "131", "4", "29")
    assert facade.validate(ack).valid


def test_contrl_is_never_acknowledged(corpus_dir: Path) -> None:
    data = (corpus_dir / "EdiFabric__EDIFACT.NET/Files/EDIFACT/CONTRL.txt").read_bytes()
    assert facade.acknowledge(data) == b""
    parsed = facade.to_json(data)
    assert isinstance(parsed, dict)
    messages = parsed["interchanges"][0]["messages"]  # type: ignore[index,call-overload]
    assert messages[0]["action"] == "8"


def test_render_names_segments_and_codes(corpus_dir: Path) -> None:
    data = (corpus_dir / "EdiFabric__EDIFACT.NET/Files/EDIFACT/PurchaseOrder.txt").read_bytes()
    text = facade.render(data)
    assert "BGM Beginning of message" in text
    assert "220 (Order)" in text


def test_contrl_answers_each_ung_group_with_ucf(corpus_dir: Path) -> None:
    data = (corpus_dir / "xlate__staedi/src/test/resources/EDIFACT/orders-with-group.edi").read_bytes()
    ack = facade.acknowledge(data)
    # The UCM echoes the partner's S009 as sent, over-long association code (EAN008B, an..6) included.
    assert [(i.location.segment_tag, i.code) for i in facade.validate(ack).errors] == [("UCM", "39")]
    message = read(ack).interchanges[0].messages[0]
    assert [s.tag for s in message.body] == ["UCI", "UCF", "UCM", "UCS", "UCD"]
    # The group reference and application sender/recipient exactly as the UNG sent them, the group's own
    # finding (UNG S008 has a fourth component) and its position.
    assert message.body[1] == Segment.of(
        "UCF", "1", ("5400110000009", "14"), ("5013546107732", "14"), "4", "16", "UNG", ("7", "4")
    )
    result = parse_contrl(message)
    assert [(g.reference, g.action, g.code) for g in result.groups] == [("1", "4", "16")]
    assert [(m.reference, m.action) for m in result.groups[0].messages] == [("1", "4")]
    # The wrong UNT count is reported at the UNT's position (18) as element 1, code 29.
    assert result.messages[0].segments[0].position == 18
    assert [(e.code, e.element) for e in result.messages[0].segments[0].elements] == [("29", 1)]
    assert result.rejected
