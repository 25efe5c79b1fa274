"""ShapeMemory recognises exactly the tag sequences it learned, whatever the element data between them."""

from __future__ import annotations

import pytest

from shared.edi.x12.shape_memory import ShapeMemory

pytestmark = pytest.mark.unit

ORDER = ("ST", "BEG", "PO1", "PO1", "CTT", "SE")


def raw(*segments: str, term: str = "~") -> str:
    return "".join(segment + term for segment in segments)


def taught(*shapes: tuple[str, ...], set_id: str = "850") -> ShapeMemory:
    memory = ShapeMemory("*", "~")
    for shape in shapes:
        memory.knows(set_id, "")  # the miss that leads a caller to check and learn
        memory.learn(set_id, shape)
    return memory


def test_a_learned_sequence_is_known_with_any_element_data() -> None:
    memory = taught(ORDER)
    text = raw("ST*850*0001", "BEG*00*SA*PO-1**20260301", "PO1*1*6*EA", "PO1", "CTT*2", "SE*6*0001")
    assert memory.knows("850", text)
    assert not memory.knows("810", text)


@pytest.mark.parametrize(
    "segments",
    [
        ("ST*850*1", "BEG*00", "PO1*1", "CTT*1", "SE*5*1"),  # one PO1 fewer
        ("ST*850*1", "BEG*00", "PO1*1", "PO1*2", "PO1*3", "CTT*3", "SE*7*1"),  # one more
        ("ST*850*1", "BEG*00", "PO12*1", "PO1*2", "CTT*2", "SE*6*1"),  # a longer tag that starts like PO1
        ("ST*850*1", "BEG*00", "PO*1", "PO1*2", "CTT*2", "SE*6*1"),  # a shorter one
        ("ST*850*1", "BEG*00", "PO1*1", "PO1*2", "CTT*2", "SE*6*1", ""),  # an empty segment after SE
    ],
)
def test_any_other_sequence_is_not_known(segments: tuple[str, ...]) -> None:
    assert not taught(ORDER).knows("850", raw(*segments))


def test_text_with_another_terminator_is_not_known() -> None:
    memory = taught(ORDER)
    assert not memory.knows("850", raw("ST*850*1", "BEG*00", "PO1*1", "PO1*2", "CTT*2", "SE*6*1", term="\n"))


def test_several_sequences_sharing_a_beginning_are_all_known() -> None:
    longer = (*ORDER[:4], "PO1", *ORDER[4:])
    memory = taught(ORDER, longer, ("ST", "BEG", "SE"))
    # Learned after the last compile: known once enough sets have missed it to pay for compiling again.
    for _ in range(20):
        memory.knows("850", raw("ST*850*1", "BEG", "SE*3*1"))
    assert memory.knows("850", raw("ST*850*1", "BEG*00", "PO1*1", "PO1*2", "CTT*2", "SE*6*1"))
    assert memory.knows("850", raw("ST*850*1", "BEG*00", "PO1*1", "PO1*2", "PO1*3", "CTT*3", "SE*7*1"))
    assert memory.knows("850", raw("ST*850*1", "BEG", "SE*3*1"))


def test_a_multi_character_terminator_is_matched_whole() -> None:
    memory = ShapeMemory("*", "~\r\n")
    memory.knows("850", "")
    memory.learn("850", ("ST", "BEG", "SE"))
    assert memory.knows("850", raw("ST*850*1", "BEG*00", "SE*3*1", term="~\r\n"))
    assert not memory.knows("850", raw("ST*850*1", "BEG*00\r", "SE*3*1", term="~\r\n"))


def test_long_sets_and_shapes_past_the_cap_are_not_remembered() -> None:
    memory = ShapeMemory("*", "~")
    long = ("ST", *("PO1",) * ShapeMemory.MAX_SEGMENTS, "SE")
    memory.knows("850", "")
    memory.learn("850", long)
    assert not memory.knows("850", raw("ST", *("PO1*1",) * ShapeMemory.MAX_SEGMENTS, "SE"))
    for count in range(ShapeMemory.MAX_SHAPES + 5):
        memory.learn("850", ("ST", *("PO1",) * (count % 90), "N9", *("PID",) * (count // 90), "SE"))
    for _ in range(4 * ShapeMemory.MAX_SHAPES + 2):
        memory.knows("850", "")
    assert memory.knows("850", raw("ST", "N9", "SE"))
    # The 257th shape (count 256: 76 PO1, 2 PID) came after the cap.
    assert not memory.knows("850", raw("ST", *("PO1",) * 76, "N9", "PID", "PID", "SE"))


def test_an_empty_tag_is_a_tag_not_the_end_of_a_sequence() -> None:
    memory = taught(("ST", "BEG", "", "PO1", "SE"))
    assert memory.knows("850", raw("ST*850*1", "BEG*00", "", "PO1*1", "SE*5*1"))
    assert not memory.knows("850", raw("ST*850*1", "BEG*00"))
    assert not memory.knows("850", raw("ST*850*1", "BEG*00", "SE*3*1"))
