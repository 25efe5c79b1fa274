"""The Azurite fixture finds the emulator or fails loudly, telling the developer how to install it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contract.azurite import REPO, AzuriteUnavailableError, find_azurite

pytestmark = pytest.mark.unit


def test_missing_azurite_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(AzuriteUnavailableError, match="run scripts/bootstrap"):
        find_azurite(repo=tmp_path, search_path=str(tmp_path))


def test_the_bootstrapped_copy_is_found_without_path(tmp_path: Path) -> None:
    binary = tmp_path / ".tools" / "node_modules" / ".bin" / "azurite"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    assert find_azurite(repo=tmp_path, search_path=str(tmp_path / "empty")) == binary


def test_this_checkout_has_azurite() -> None:
    assert find_azurite(repo=REPO).name == "azurite"
