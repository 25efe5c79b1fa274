from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.edi.edifact.dictionary import LAYOUTS
from shared.edi.edifact.element_rules import rule_for
from shared.edi.edifact.segments import Segment

pytestmark = pytest.mark.unit

# Values near the edges the rules care about: empty, numeric forms, lengths, codes, letters and digits.
_VALUES = st.one_of(
    st.sampled_from(
        ["", "1", "-5", "12.50", "3,5", ".5", "-", "5.", "1.2.3", "A", "ab", "220", "9", "D", "UN", "EAN008"]
    ),
    st.text(alphabet="AB09.,-: é", max_size=40),
)
_ELEMENT = st.lists(_VALUES, min_size=1, max_size=5).map(tuple)
_SEGMENT = st.tuples(
    st.sampled_from(sorted(LAYOUTS)), st.sampled_from(["D96A", "D01B"]), st.lists(_ELEMENT, max_size=7)
)


@settings(max_examples=800, deadline=None)
@given(_SEGMENT)
def test_fast_path_accepts_exactly_what_the_explaining_path_finds_nothing_in(case: tuple[str, str, list]) -> None:
    tag, directory, elements = case
    rule = rule_for(tag, directory)
    assert rule is not None
    segment = Segment(tag, tuple(elements))
    findings: list[str] = []
    rule.explain(segment, lambda code, *_: findings.append(code))
    assert rule.accepts(segment.elements) == (not findings), findings


@pytest.mark.parametrize(
    ("elements", "codes"),
    [
        ((("21", "48"),), []),
        ((("21",),), ["13"]),
        ((("21", "4x8"),), ["37"]),
        ((("21", ".5x"),), ["38"]),
        ((("21", "1234567890123456"),), ["39"]),
        ((("21", "48", "PCE", "X"),), ["16"]),
        ((("", "", ""),), ["13"]),
    ],
)
def test_quantity_findings_carry_the_contrl_codes(elements: tuple[tuple[str, ...], ...], codes: list[str]) -> None:
    rule = rule_for("QTY", "D96A")
    assert rule is not None
    found: list[str] = []
    rule.explain(Segment("QTY", elements), lambda code, *_: found.append(code))
    assert found == codes
    assert rule.accepts(elements) is (not codes)
