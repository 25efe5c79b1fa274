"""The settings catalog declares every setting the product reads, and the generated files are current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shared.settings import SettingsProblems, SettingsSource
from shared.settings_catalog import CATALOG, main, render_sample

pytestmark = pytest.mark.unit

SHARED = Path(__file__).resolve().parents[3] / "shared"
# The ways a setting name reaches a reader: problems.text(src, "X" ...), helper(problems, src, "X" ...),
# name = "X" in the parsers, src.get("X") and "X" in source.
_READS = (
    re.compile(r"problems\.\w+\(\s*\w+,\s*\"([A-Z][A-Za-z0-9_]+)\""),
    re.compile(r"\(\s*(?:problems,\s*)?(?:src|source),\s*(?:problems,\s*)?\"([A-Z][A-Za-z0-9_]+)\""),
    re.compile(r"\bname = \"([A-Z][A-Z0-9_]+)\""),
    re.compile(r"\b(?:src|source)\.get\(\s*\"([A-Z][A-Za-z0-9_]+)\""),
    re.compile(r"\"([A-Z][A-Z0-9_]+)\" in (?:src|source)\b"),
)


def _names_read_in_shared() -> set[str]:
    found: set[str] = set()
    for path in SHARED.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in _READS:
            found.update(pattern.findall(text))
    return found


def test_every_setting_read_anywhere_is_in_the_catalog() -> None:
    read = _names_read_in_shared()
    assert len(read) > 40  # the scan still finds the parsers
    declared = {s.name for s in CATALOG}
    assert sorted(read - declared) == []


def test_names_are_unique_and_secrets_have_no_real_default() -> None:
    names = [s.name for s in CATALOG]
    assert len(names) == len(set(names))
    for setting in CATALOG:
        if setting.secret:
            assert not setting.default, setting.name


def test_the_sample_parses_with_every_section() -> None:
    import json

    from shared.partners import PartnerSettings
    from shared.runtime.settings import read_runtime_settings
    from shared.state import read_state_settings

    values = json.loads(render_sample())["Values"]
    source = SettingsSource({**values, "PARTNERS_FILE": str(SHARED.parent / "config" / "partners.sandbox.toml")})
    problems = SettingsProblems()
    read_state_settings(source, problems)
    read_runtime_settings(source, problems)
    PartnerSettings.parse(source, problems)
    assert problems.problems == []


def test_generated_files_are_current() -> None:
    assert main(["--check"]) == 0, "run python -m shared.settings_catalog and commit the output"
