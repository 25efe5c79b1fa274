"""The payload archive's contract: bytes in, a SHA-256 reference out, the same bytes back."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from shared.state import StateStores
from shared.state.errors import PayloadNotFoundError
from shared.state.records import PayloadRef

pytestmark = pytest.mark.contract


PGW_850 = "Inteligenz__X12Parser/tests/OopFactory.X12.Tests.Unit/Parsing/_SampleEdiFiles/ORD/_850/Example1_PGWGlass.txt"


def test_round_trip_of_a_real_interchange(stores: StateStores, corpus_dir: Path) -> None:
    data = (corpus_dir / PGW_850).read_bytes()  # a real 850 with '|' segment terminators
    ref = stores.payloads.put(data)
    assert ref == PayloadRef(hashlib.sha256(data).hexdigest())
    assert stores.payloads.get(ref) == data


def test_five_megabytes_round_trip(stores: StateStores) -> None:
    data = os.urandom(5 * 1024 * 1024)
    ref = stores.payloads.put(data)
    assert stores.payloads.get(ref) == data


def test_putting_the_same_bytes_twice_is_harmless(stores: StateStores) -> None:
    first = stores.payloads.put(b"UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER'")
    second = stores.payloads.put(b"UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER'")
    assert first == second
    assert stores.payloads.get(first) == b"UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER'"
    assert stores.payloads.get(stores.payloads.put(b"")) == b""


def test_an_unknown_reference_is_a_named_error(stores: StateStores) -> None:
    with pytest.raises(PayloadNotFoundError) as caught:
        stores.payloads.get(PayloadRef("0" * 64))
    assert "sha256:" + "0" * 64 in str(caught.value)
