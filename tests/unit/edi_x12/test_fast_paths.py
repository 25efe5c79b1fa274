"""The validator's shortcuts (whole-segment expressions, remembered segments and tag sequences) report exactly
what the element-by-element and walk-every-segment checks report."""

from __future__ import annotations

import io
import re
from dataclasses import fields, is_dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.edi.model import Issue
from shared.edi.x12.codes import CLOSED
from shared.edi.x12.delimiters import Delimiters
from shared.edi.x12.dictionary import SEGMENTS
from shared.edi.x12.element_rules import segment_checker, segment_pattern
from shared.edi.x12.envelope import Segment
from shared.edi.x12.reader import read_bytes, read_events
from shared.edi.x12.syntax import SyntaxChecker
from shared.edi.x12.validate import Validator, validate_bytes
from shared.edi.x12.writer import GroupSpec, InMemoryControlNumbers, TransactionSpec, build_interchange

from .scenarios import RETAILER, STANDARD_ORDER, US, WHEN

pytestmark = pytest.mark.unit


def orders(*bodies: tuple[Segment, ...]) -> bytes:
    specs = tuple(TransactionSpec("850", body) for body in bodies)
    return build_interchange(US, RETAILER, [GroupSpec("PO", "004010", specs)], InMemoryControlNumbers(), when=WHEN)


def replaced(body: tuple[Segment, ...], tag: str, segment: Segment) -> tuple[Segment, ...]:
    return tuple(segment if s[0] == tag else s for s in body)


def found(issues: tuple[Issue, ...]) -> list[tuple[int | None, int | None, str | None, int | None, str]]:
    return [
        (i.location.transaction, i.location.segment, i.location.segment_tag, i.location.element, i.code) for i in issues
    ]


def test_a_truncated_segment_reports_every_missing_mandatory_element() -> None:
    # BEG03 and BEG05 are mandatory; a partner's BEG cut after BEG02 must not pass as "trailing elements omitted".
    data = orders(STANDARD_ORDER, replaced(STANDARD_ORDER, "BEG", ("BEG", "00", "SA")))
    assert found(validate_bytes(data).issues) == [
        (2, 2, "BEG", None, "8"),
        (2, 2, "BEG", 3, "1"),
        (2, 2, "BEG", 5, "1"),
    ]


def test_a_decimal_shorter_than_its_minimum_length_is_reported() -> None:
    # CUR03 (exchange rate, R 4..10) counts digits: "1.5" has two.
    data = orders(replaced(STANDARD_ORDER, "CUR", ("CUR", "BY", "USD", "1.5")))
    assert found(validate_bytes(data).issues) == [(1, 3, "CUR", None, "8"), (1, 3, "CUR", 3, "4")]
    assert [f.code for f in segment_checker("CUR", False)(("CUR", "BY", "USD", "1.5"))] == ["4"]


def test_year_zero_is_not_a_date() -> None:
    data = orders(replaced(STANDARD_ORDER, "BEG", ("BEG", "00", "SA", "PO-1001", "", "00000301")))
    assert found(validate_bytes(data).issues) == [(1, 2, "BEG", None, "8"), (1, 2, "BEG", 5, "8")]


def test_a_long_tag_is_reported_after_a_valid_set_with_the_same_first_letters() -> None:
    # The second set differs from the first only in a four-letter tag whose first three letters are PID.
    wrong = tuple(("PIDX", *s[1:]) if s[0] == "PID" else s for s in STANDARD_ORDER)
    issues = validate_bytes(orders(STANDARD_ORDER, wrong)).issues
    assert found(issues) == [(2, 8, "PIDX", None, "1")]


_VALUES = st.one_of(
    st.sampled_from(["", "0", "00", "1.5", "-2", "20260229", "20280229", "00000101", "2400", "2360", "ZZ", "A"]),
    st.text(alphabet="0123456789.-ABZ ", max_size=12),
)


def _mutate(body: tuple[Segment, ...], data: st.DataObject) -> tuple[Segment, ...]:
    segments = [list(s) for s in body]
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        index = data.draw(st.integers(min_value=0, max_value=len(segments) - 1))
        segment = segments[index]
        action = data.draw(st.sampled_from(["value", "truncate", "extend", "tag", "drop", "repeat"]))
        if action == "value" and len(segment) > 1:
            segment[data.draw(st.integers(min_value=1, max_value=len(segment) - 1))] = data.draw(_VALUES)
        elif action == "truncate" and len(segment) > 1:
            del segment[data.draw(st.integers(min_value=1, max_value=len(segment) - 1)) :]
        elif action == "extend":
            segment.extend(data.draw(st.lists(_VALUES, max_size=3)))
        elif action == "tag":
            segment[0] = data.draw(st.sampled_from(["PO1", "PID", "DTM", "REF", "PIDX", "N9", "CTT", "BEG", "X"]))
        elif action == "drop" and len(segments) > 1:
            del segments[index]
        elif action == "repeat":
            segments.insert(index, list(segment))
    return tuple(tuple(s) for s in segments)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_shortcuts_report_exactly_what_checking_everything_afresh_reports(data: st.DataObject) -> None:
    # Valid sets first, so the mutated ones meet remembered segments and sequences.
    bodies = [STANDARD_ORDER, STANDARD_ORDER, *(_mutate(STANDARD_ORDER, data) for _ in range(3)), STANDARD_ORDER]
    raw = orders(*bodies)
    fast, reference = Validator(), Validator(shortcuts=False)
    for event in read_bytes(raw):
        list(fast.feed(event))
        list(reference.feed(event))
    assert fast.issues == reference.issues


_ELEMENT = st.one_of(_VALUES, st.sampled_from(["PO", "SA", "EA", "UP", "ST", "01", "002", "PO-1", "0001", "C", "A"]))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(SEGMENTS)), st.lists(_ELEMENT, max_size=14), st.booleans())
def test_a_segment_the_expressions_accept_has_no_element_finding(tag: str, elements: list[str], v5010: bool) -> None:
    fields = (tag, *elements)
    text = "*".join(fields)
    precise = segment_checker(tag, v5010, precise=True)
    assert precise is not None
    findings = precise(fields)
    if re.compile(segment_pattern(tag, v5010, "*", "[^*]")).fullmatch(text) is not None:
        assert findings == []
    checker = segment_checker(tag, v5010)
    assert checker is not None
    assert checker(fields) == findings
    together = SyntaxChecker("*", "~", v5010)
    listed = together.check(f"ST*850*0001~{text}~SE*3*0001~", "ZZZ")
    assert [(f.code, f.element) for f in listed if f.level == "element"] == [(f.code, f.position) for f in findings]


@settings(max_examples=80, deadline=None)
@given(st.data(), st.sampled_from([64, 1000, 1 << 20]))
def test_reading_a_set_in_one_slice_gives_the_events_of_reading_it_stretch_by_stretch(
    data: st.DataObject, chunk_size: int
) -> None:
    # Whole segments dropped or repeated anywhere, envelopes included (lost SE, ST inside a set, stray GE).
    segments = orders(STANDARD_ORDER, STANDARD_ORDER, STANDARD_ORDER).split(b"~")[:-1]
    for _ in range(data.draw(st.integers(min_value=0, max_value=3))):
        index = data.draw(st.integers(min_value=1, max_value=len(segments) - 1))
        if data.draw(st.booleans()):
            del segments[index]
        else:
            segments.insert(index, segments[data.draw(st.integers(min_value=1, max_value=len(segments) - 1))])
    clean = b"~".join(segments) + b"~"
    # A line break after the last terminator makes the text untidy, which turns the one-slice path off.
    untidy = clean + b"\r\n"
    assert list(read_events(io.BytesIO(clean), chunk_size)) == list(read_events(io.BytesIO(untidy), chunk_size))


def test_the_envelope_shortcut_rests_on_what_the_dictionary_says_of_st_and_se() -> None:
    # SyntaxChecker checks ST and SE of a set with a matching trailer by element lengths alone.
    (st01, _), (st02, _), (st03, _) = SEGMENTS["ST"].elements
    (se01, _), (se02, _) = SEGMENTS["SE"].elements
    assert all(d.kind in ("AN", "ID") and d.ref not in CLOSED for d in (st01, st02, st03))
    assert st01.min_len == st01.max_len
    assert se02.ref == st02.ref
    assert (se01.kind, se01.min_len) == ("N0", 1)
    assert se01.max_len >= 6  # SE01 is the count the reader made, and no set here has a million segments


@pytest.mark.parametrize(
    ("header", "trailer", "expected"),
    [
        # (segment, element, AK403) of each element finding; the set's trailer always matches its header.
        ("ST*850*001", "SE*{n}*001", [("ST", 2, "4"), ("SE", 2, "4")]),
        ("ST*850*0001234567", "SE*{n}*0001234567", [("ST", 2, "5"), ("SE", 2, "5")]),
        ("ST*85*0001", "SE*{n}*0001", [("ST", 1, "4")]),
        ("ST*850*0001*X*Y", "SE*{n}*0001", [("ST", 4, "3")]),
        ("ST*850*0001", "SE*{n}*0001*X", [("SE", 3, "3")]),
        ("ST*850*0001*", "SE*{n}*0001**", []),
        ("ST*850*0001*" + "C" * 35, "SE*{n}*0001", []),
        ("ST*850*0001*" + "C" * 36, "SE*{n}*0001", [("ST", 3, "5")]),
    ],
)
def test_st_and_se_element_errors_are_found_when_the_trailer_matches(
    header: str, trailer: str, expected: list[tuple[str, int, str]]
) -> None:
    segments = orders(STANDARD_ORDER, STANDARD_ORDER).decode().split("~")
    st = next(i for i, s in enumerate(segments) if s.startswith("ST*"))
    se = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
    segments[st], segments[se] = header, trailer.format(n=se - st + 1)
    data = "~".join(segments).encode()
    reference = Validator(shortcuts=False)
    for event in read_bytes(data):
        reference.take(event)
    issues = validate_bytes(data).issues
    assert issues == tuple(reference.issues)
    assert [(i.location.segment_tag, i.location.element, i.code) for i in issues if i.level == "element"] == expected


def test_a_po1_without_elements_counts_as_a_line_whether_or_not_the_shape_is_known() -> None:
    # The second PO1 cut down to its tag: still a line, so CTT01 2 stays right.
    bare = (*STANDARD_ORDER[:7], ("PO1",), STANDARD_ORDER[8])
    assert [s[0] for s in bare] == [s[0] for s in STANDARD_ORDER]
    wrong = (*bare[:8], ("CTT", "3"))
    # Enough repeats that the shape is compiled and known for the later sets.
    data = orders(*([STANDARD_ORDER] * 12), bare, bare, wrong)
    reference = Validator(shortcuts=False)
    for event in read_bytes(data):
        reference.take(event)
    issues = validate_bytes(data).issues
    assert issues == tuple(reference.issues)
    assert [(i.location.transaction, i.location.segment_tag, i.code) for i in issues] == [(15, "CTT", "8")]


def _comparable(value: object) -> object:
    """An event as nested tuples, every field included (a set's raw text too), less the line ending the
    reader noticed after terminators: that is kept only to answer the partner in kind."""
    if isinstance(value, Delimiters):
        return replace(value, line_ending="")
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(_comparable(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, tuple | list):
        return tuple(_comparable(item) for item in value)
    return value


_LAYOUTS = {
    # name: (bytes after every terminator, bytes after some)
    "a line feed after every terminator": (b"\n", None),
    "CR LF after every terminator": (b"\r\n", None),
    "a carriage return after every terminator": (b"\r", None),
    "line breaks after some terminators only": (b"", b"\r\n"),
    "CR LF everywhere and an indented segment": (b"\r\n", b"\r\n  "),
    "CR LF everywhere and a blank line": (b"\r\n", b"\r\n\r\n"),
    "CR LF everywhere and a break inside an element": (b"\r\n", b"\r\n"),
}


@settings(max_examples=120, deadline=None)
@given(st.data(), st.sampled_from(sorted(_LAYOUTS)), st.sampled_from([64, 1000, 1 << 20]))
def test_line_breaks_between_segments_change_nothing_the_reader_yields(
    data: st.DataObject, layout: str, chunk_size: int
) -> None:
    # The one-slice path for text with a line break after every terminator must read what the stretch path
    # reads; odd layouts (breaks here and there, indentation, blank lines, wrapped elements) take the stretch
    # path, and still read the same.
    segments = orders(STANDARD_ORDER, STANDARD_ORDER, STANDARD_ORDER).split(b"~")[:-1]
    for _ in range(data.draw(st.integers(min_value=0, max_value=2))):
        index = data.draw(st.integers(min_value=1, max_value=len(segments) - 1))
        if data.draw(st.booleans()):
            del segments[index]
        else:
            segments.insert(index, segments[data.draw(st.integers(min_value=1, max_value=len(segments) - 1))])
    clean = b"~".join(segments) + b"~"
    every, some = _LAYOUTS[layout]
    pieces = [segment + b"~" + every for segment in segments]
    if some is not None:
        at = data.draw(st.integers(min_value=1, max_value=len(pieces) - 1))
        if layout.endswith("inside an element"):
            cut = data.draw(st.integers(min_value=3, max_value=max(3, len(segments[at]) - 1)))
            pieces[at] = segments[at][:cut] + some + segments[at][cut:] + b"~" + every
        else:
            pieces[at] = segments[at] + b"~" + some
    broken = b"".join(pieces)
    expected = _comparable(list(read_events(io.BytesIO(clean), chunk_size)))
    assert _comparable(list(read_events(io.BytesIO(broken), chunk_size))) == expected
