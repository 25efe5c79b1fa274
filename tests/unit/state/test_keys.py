"""Table keys from partner text: never a forbidden character, never too long, reversible, never colliding."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.state.keys import MAX_ENCODED_CHARS, decode_key, encode_key, is_digest_key

pytestmark = pytest.mark.unit

FORBIDDEN = re.compile(r"[/\\#?\x00-\x1f\x7f-\x9f]")
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=600)
short_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)


def table_safe(key: str) -> bool:
    return not FORBIDDEN.search(key) and "%" not in key and len(key) <= MAX_ENCODED_CHARS


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        ("4500012", "4500012"),
        ("USMF|PO-000123", "USMF|PO-000123"),
        ("ACME Corp PO 77", "ACME Corp PO 77"),
        ("PO#12/A", "PO~2312~2FA"),
        ("a?b\\c", "a~3Fb~5Cc"),
        ("~", "~7E"),
        ("50%+", "50~25~2B"),
        ("tab\there\x7f\x9f", "tab~09here~7F~9F"),
        ("Straße 注文", "Straße 注文"),
        ("\udc80", "~uDC80"),
        ("", ""),
    ],
)
def test_common_keys_stay_readable(raw: str, encoded: str) -> None:
    assert encode_key(raw) == encoded
    assert decode_key(encoded) == raw


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(any_text)
def test_every_key_is_table_safe(raw: str) -> None:
    assert table_safe(encode_key(raw))


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(any_text)
def test_keys_decode_back_unless_digested(raw: str) -> None:
    encoded = encode_key(raw)
    if is_digest_key(encoded):
        assert len(raw) > 60  # only long text is digested
        with pytest.raises(ValueError, match="long natural key"):
            decode_key(encoded)
    else:
        assert decode_key(encoded) == raw


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(short_text, short_text)
def test_distinct_short_keys_never_collide(a: str, b: str) -> None:
    if a != b:
        assert encode_key(a) != encode_key(b)


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text(min_size=1, max_size=50), st.text(min_size=1, max_size=50))
def test_long_keys_with_one_head_still_differ(tail_a: str, tail_b: str) -> None:
    head = "#" * 500
    if tail_a != tail_b:
        assert encode_key(head + tail_a) != encode_key(head + tail_b)
        assert is_digest_key(encode_key(head + tail_a))


def test_a_long_key_keeps_a_readable_head_and_never_splits_an_escape() -> None:
    encoded = encode_key("PO/" * 300)
    assert encoded.startswith("PO~2FPO~2F")
    assert is_digest_key(encoded)
    assert table_safe(encoded)
    head = encoded[:-66]
    assert decode_key(head) == "PO/" * (len(decode_key(head)) // 3) + "PO/"[: len(decode_key(head)) % 3]


@pytest.mark.parametrize("bad", ["~", "~4", "~ZZ", "~u12", "abc~g0"])
def test_malformed_keys_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="malformed"):
        decode_key(bad)
