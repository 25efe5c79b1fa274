"""Shared test configuration: where the read-only reference material lives."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.sandbox_fixtures"]

REPO = Path(__file__).resolve().parent.parent
# ../shared/ beside the repository (read-only, present in CI too).
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
REFERENCE = SHARED / "reference"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the EDI corpus is missing at {CORPUS}; it must sit beside the repository")
    return CORPUS


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    if not REFERENCE.is_dir():
        pytest.fail(f"the reference material is missing at {REFERENCE}")
    return REFERENCE
