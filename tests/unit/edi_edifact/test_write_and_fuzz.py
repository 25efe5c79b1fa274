from __future__ import annotations

import io
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.edi.edifact import facade
from shared.edi.edifact.numbers import InMemoryControlNumbers
from shared.edi.edifact.reader import iter_messages, read
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.syntax import SyntaxLevel
from shared.edi.edifact.writer import EnvelopeOptions, OutboundMessage, Party, serialise, write_interchange
from shared.errors import EdiError

pytestmark = pytest.mark.unit

WHEN = datetime(2026, 11, 27, 4, 30)  # noqa: DTZ001


def _orders(name: str) -> OutboundMessage:
    return OutboundMessage(
        "ORDERS",
        (
            Segment.of("BGM", "220", "PO-1", "9"),
            Segment.of("DTM", ("137", "20261127", "102")),
            Segment.of("NAD", "BY", ("5412345000013", "", "9"), None, name),
            Segment.of("LIN", "1", None, ("4000862141404", "EN")),
            Segment.of("QTY", ("21", "48")),
            Segment.of("UNS", "S"),
        ),
    )


def _options(level: SyntaxLevel) -> EnvelopeOptions:
    return EnvelopeOptions(Party("SENDER", "14"), Party("BUYER", "14"), WHEN, level=level)


def test_written_interchange_has_matching_counts_and_references() -> None:
    numbers = InMemoryControlNumbers(start=41)
    data = write_interchange([_orders("ACME"), _orders("ACME")], _options(SyntaxLevel.UNOA), numbers, "p1")
    assert data.startswith(b"UNA:+.? 'UNB+UNOA:3+SENDER:14+BUYER:14+261127:0430+41'")
    assert data.endswith(b"UNZ+2+41'")
    assert b"UNT+8+41'" in data
    assert b"UNT+8+42'" in data
    assert facade.validate(data).valid


def test_unoa_refuses_lower_case_naming_segment_and_element() -> None:
    with pytest.raises(EdiError, match=r"NAD element 4 component 1 holds 'c'"):
        write_interchange([_orders("Acme")], _options(SyntaxLevel.UNOA), InMemoryControlNumbers(), "p")


# Latin-1 printable text with the service characters over-represented, so escaping is exercised every run.
_UNOC_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("+:'?* "),
        st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"),
    ),
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(_UNOC_TEXT)
def test_values_round_trip_under_unoc_with_service_characters(value: str) -> None:
    data = write_interchange([_orders(value)], _options(SyntaxLevel.UNOC), InMemoryControlNumbers(), "p")
    result = read(data)
    message = result.interchanges[0].messages[0]
    # Exactly the segment that was written: every service character escaped on the way out and restored on
    # the way in, nothing trimmed (an empty name is a trailing empty element, which is not sent).
    assert message.body[2] == Segment.of("NAD", "BY", ("5412345000013", "", "9"), None, value)
    assert message.body[2].get(4) == value
    assert b"".join(serialise(ic) for ic in result.interchanges) == data
    assert facade.validate(data).issues == ()


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="ABC éüÅß", min_size=1, max_size=8).filter(lambda v: any(c in "éüÅß" for c in v)))
def test_non_ascii_refused_under_unoa(value: str) -> None:
    bad = next(c for c in value if c in "éüÅß")
    with pytest.raises(EdiError, match=rf"^NAD element 4 component 1 holds '{bad}', which syntax level UNOA cannot"):
        write_interchange([_orders(value)], _options(SyntaxLevel.UNOA), InMemoryControlNumbers(), "p")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_give_a_report_or_edierror(data: bytes) -> None:
    try:
        facade.validate(data)
        facade.to_json(data)
    except EdiError:
        pass


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=400))
def test_truncated_interchanges_are_reported(cut: int) -> None:
    data = write_interchange([_orders("ACME")], _options(SyntaxLevel.UNOA), InMemoryControlNumbers(), "p")
    try:
        report = facade.validate(data[:cut])
    except EdiError:
        return
    assert cut >= len(data) or not report.valid


def test_streaming_yields_messages_with_context() -> None:
    data = write_interchange([_orders("A"), _orders("B")], _options(SyntaxLevel.UNOC), InMemoryControlNumbers(), "p")
    messages = list(iter_messages(io.BytesIO(data * 3)))
    assert len(messages) == 6
    assert messages[0].interchange.reference == "1"
    assert messages[1].body[2].get(4) == "B"


def test_lower_case_under_unoa_is_read_with_a_warning_at_its_element() -> None:
    data = write_interchange([_orders("Acme")], _options(SyntaxLevel.UNOB), InMemoryControlNumbers(), "p")
    report = facade.validate(data.replace(b"UNOB", b"UNOA"))
    assert report.valid
    assert [
        (i.code, i.severity.value, i.location.segment, i.location.segment_tag, i.location.element)
        for i in report.issues
    ] == [("21", "warning", 4, "NAD", 4)]


def test_streaming_reads_a_released_terminator_cut_by_the_read_boundary() -> None:
    data = write_interchange([_orders("A'B?C")] * 40, _options(SyntaxLevel.UNOA), InMemoryControlNumbers(), "p")
    expected = [m.body for m in read(data).interchanges[0].messages]
    for chunk in (7, 64, 333):
        scanner_messages = list(iter_messages(io.BytesIO(data), chunk_size=chunk))
        assert [m.body for m in scanner_messages] == expected
        assert scanner_messages[0].body[2].get(4) == "A'B?C"
