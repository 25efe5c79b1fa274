"""``ml-connector demo`` refuses bad options before starting anything (exit 2, the CLI's usage code)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.cli import main

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["demo", "--scale", "0"], "--scale must be at least 1"),
        (["demo", "--orders", "0"], "--orders must be between 1 and 1000"),
        (["demo", "--faults", "earthquake"], "unknown fault profile"),
    ],
)
def test_bad_options_exit_2_with_the_reason(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_sandbox_info_cannot_be_combined_with_sandbox_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    info = tmp_path / "sandbox.json"
    info.write_text("{}\n", encoding="utf-8")
    assert main(["demo", "--sandbox-info", str(info), "--faults", "chaos"]) == 2
    assert "start the sandbox with them" in capsys.readouterr().err


def test_an_unreadable_sandbox_info_file_says_what_to_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--sandbox-info", str(tmp_path / "missing.json")]) == 2
    assert "ml-connector sandbox" in capsys.readouterr().err
