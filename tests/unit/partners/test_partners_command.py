"""``ml-connector partners check``: exit 0 with a summary, 1 with every problem, 2 without a file to check."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.cli import main

from .conftest import SANDBOX_FILE

pytestmark = pytest.mark.unit


def test_check_summarises_a_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["partners", "check", str(SANDBOX_FILE)]) == 0
    out = capsys.readouterr().out
    assert "10 partner(s), no problems" in out
    assert "we are ZZ:CONTOSOUSMF in usmf (X12)" in out
    assert "BIGBOX" in out
    assert "01:0078742000008 -> ZZ:CONTOSOUSMF" in out


def test_check_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "partners.toml"
    broken.write_text(
        '[legal_entities.usmf.x12]\nqualifier = "1"\nid = "X"\n\n[partners.ACME]\nname = "Acme"\n', encoding="utf-8"
    )
    assert main(["partners", "check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "legal_entities.usmf.x12.qualifier '1' is not an X12 interchange id qualifier" in out
    assert "legal_entities.usmf.x12.group_id is missing, and id 'X' is too short" in out
    assert "partner ACME: usage is missing" in out
    assert "partner ACME: mailboxes is missing (a table)" in out


def test_check_without_a_file_needs_the_setting(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARTNERS_FILE", raising=False)
    assert main(["partners", "check"]) == 2
    assert "PARTNERS_FILE: is required" in capsys.readouterr().err
    monkeypatch.setenv("PARTNERS_FILE", str(SANDBOX_FILE))
    assert main(["partners", "check"]) == 0
