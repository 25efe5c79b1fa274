"""GTIN normalisation: UPC-A, EAN-13, EAN-8 and GTIN-14 are one number; bad check digits are caught."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.seed.catalog import catalog
from shared.errors import MappingError
from shared.partners import Gtin, InvalidGtinError
from shared.partners.gtin import check_digit, gtin_problem

pytestmark = pytest.mark.unit


def test_catalog_forms_are_the_same_number() -> None:
    for item in catalog():
        gtin = Gtin.parse(item.gtin)
        assert Gtin.parse(item.upc) == gtin
        assert Gtin.parse(item.gtin[1:]) == gtin  # the EAN-13 EDIFACT partners send
        assert gtin.upc_a == item.upc
        assert gtin.indicator == "0"


def test_known_numbers() -> None:
    # Published GS1 examples: UPC-A 036000291452, EAN-13 4006381333931, EAN-8 96385074.
    assert Gtin.parse("036000291452").digits == "00036000291452"
    assert Gtin.parse("4006381333931").upc_a is None
    assert Gtin.parse("4006381333931").ean13 == "4006381333931"
    assert Gtin.parse("96385074").representations == ("00000096385074", "0000096385074", "000096385074", "96385074")
    # A case of twelve: indicator 1, its own check digit.
    case = Gtin.parse("10036000291459")
    assert case.indicator == "1"
    assert case.upc_a is None
    assert case.representations == ("10036000291459",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("036000291453", "UPC-A 036000291453 has check digit 3, expected 2"),
        ("4006381333932", "EAN-13 4006381333932 has check digit 2, expected 1"),
        ("10036000291458", "GTIN-14 10036000291458 has check digit 8, expected 9"),
        ("03600029145", "has 11 digits, expected 8, 12, 13 or 14 (a UPC without its check digit?)"),
        ("0360002914520", "EAN-13 0360002914520 has check digit 0, expected 2"),
        ("ABC-123", "digits only"),
        ("٠٣٦٠٠٠٢٩١٤٥٢", "digits only"),
    ],
)
def test_bad_numbers_say_why(text: str, message: str) -> None:
    problem = gtin_problem(text)
    assert problem is not None
    assert message in problem
    with pytest.raises(InvalidGtinError) as info:
        Gtin.parse(text)
    assert isinstance(info.value, MappingError)
    assert Gtin.try_parse(text) is None


def test_padding_and_spaces_are_tolerated() -> None:
    assert Gtin.parse(" 036000291452 ") == Gtin.parse("00036000291452")


@given(st.text(alphabet="0123456789", min_size=11, max_size=13))
def test_any_body_with_its_check_digit_round_trips(body: str) -> None:
    number = body + check_digit(body)
    gtin = Gtin.parse(number)
    assert number in gtin.representations
    assert Gtin.parse(gtin.digits) == gtin
    wrong = body + str((int(check_digit(body)) + 1) % 10)
    assert gtin_problem(wrong) is not None
