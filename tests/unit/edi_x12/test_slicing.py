"""Which chunks of text the reader may cut into whole sets, one slice each."""

from __future__ import annotations

import pytest

from shared.edi.x12.slicing import SliceMode, slice_mode

pytestmark = pytest.mark.unit

SETS = "ST*850*0001~BEG*00*SA*PO-1~PO1*1*2*EA~CTT*1~SE*5*0001~"


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        (SETS, SliceMode.PLAIN),
        (SETS.replace("~", "~\n"), SliceMode.LINE_BREAKS),
        (SETS.replace("~", "~\r\n"), SliceMode.LINE_BREAKS),
        (SETS.replace("~", "~\r"), SliceMode.LINE_BREAKS),
        # An unfinished segment after the last terminator (the chunk ends inside it) is no slice's business.
        (SETS.replace("~", "~\r\n") + "GE*1*\r", SliceMode.LINE_BREAKS),
        (SETS.replace("~", "~\r\n", 2), SliceMode.LINE_BREAKS),  # breaks after some terminators only
        (SETS.replace("~", "~\r\n").replace("~\r\nPO1", "~\r\n\r\nPO1"), SliceMode.STRETCHES),  # a blank line
        (SETS.replace("~", "~\r\n").replace("~\r\nPO1", "~\r\n  PO1"), SliceMode.STRETCHES),  # indentation
        (SETS.replace("~", "~\n").replace("PO-1", "PO\n-1"), SliceMode.STRETCHES),  # a wrapped element
        (SETS.replace("~", "~ "), SliceMode.STRETCHES),  # padding without line breaks
        (SETS.replace("~", "~\n").replace("~\n", "~\r\n", 1), SliceMode.STRETCHES),  # mixed line endings
    ],
)
def test_slice_mode(text: str, mode: SliceMode) -> None:
    assert slice_mode(text, "~", "\r\n") is mode


def test_a_line_break_that_is_the_terminator_is_no_padding() -> None:
    assert slice_mode(SETS.replace("~", "\n"), "\n", "\r") is SliceMode.PLAIN
    assert slice_mode(SETS.replace("~", "\n\r"), "\n", "\r") is SliceMode.LINE_BREAKS
