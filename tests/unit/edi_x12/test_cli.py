"""The ``ml-connector edi`` commands: exit codes and output are a contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.cli import main

from .scenarios import golden

pytestmark = pytest.mark.unit


@pytest.fixture
def order_file(tmp_path: Path) -> Path:
    path = tmp_path / "order.edi"
    path.write_bytes(golden("00401", "850"))
    return path


def test_validate_valid_file_exits_0(order_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edi", "validate", str(order_file)]) == 0
    assert "X12 valid" in capsys.readouterr().out


def test_validate_json_lists_issues_with_codes_and_locations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.edi"
    path.write_bytes(golden("00401", "850").replace(b"SE*11*0001", b"SE*12*0001"))
    assert main(["edi", "validate", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert report["standard"] == "X12"
    issue = next(i for i in report["issues"] if i["code"] == "4")
    assert issue["level"] == "transaction"
    assert issue["location"]["transaction_control"] == "0001"
    assert issue["location"]["segment_tag"] == "SE"


def test_validate_human_output_names_location_and_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.edi"
    path.write_bytes(golden("00401", "850").replace(b"IEA*1*000000001", b"IEA*1*000000009"))
    assert main(["edi", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "interchange 001" in out
    assert "IEA02 '000000009' does not match ISA13 '000000001'" in out


def test_ack_prints_a_997(order_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edi", "ack", str(order_file)]) == 0
    out = capsys.readouterr().out
    assert "ST*997*" in out
    assert "AK1*PO*1~" in out
    assert "AK9*A*1*1*1~" in out


def test_render_names_segments_elements_and_codes(order_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edi", "render", str(order_file)]) == 0
    out = capsys.readouterr().out
    assert "BEG Beginning Segment for Purchase Order" in out
    assert "BEG01 Transaction Set Purpose Code: '00' (Original)" in out


def test_parse_json_prints_typed_documents(order_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edi", "parse", str(order_file), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    order = document["interchanges"][0]["groups"][0]["transactions"][0]["document"]
    assert order["po_number"] == "PO-1001"
    assert order["lines"][1]["unit_price"] == "19.99"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not X12 or EDIFACT"),
        (b"ISA*00*    ", "truncated"),
        (b"ISA*00*          *00*          *ZZ*A", "truncated"),
        (bytes(range(256)) * 4, "not X12 or EDIFACT"),
        ("ISA*00*          *00*".encode("utf-16"), "not X12 or EDIFACT"),
        (b"hello, this is a report", "not X12 or EDIFACT"),
    ],
    ids=["empty", "short-isa", "truncated-isa", "binary", "utf16", "text"],
)
def test_unreadable_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "input.edi"
    path.write_bytes(content)
    assert main(["edi", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_directory_and_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edi", "validate", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert main(["edi", "render", str(tmp_path / "nope.edi")]) == 2
    assert "no such file" in capsys.readouterr().err
