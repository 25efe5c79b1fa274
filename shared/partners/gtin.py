"""GS1 trade item numbers: one normal form (GTIN-14) for UPC-A, EAN-13, EAN-8 and GTIN-14, check digit verified.

Partners send the same product as a 12-digit UPC in one document and a 14-digit GTIN in another, and Dynamics
may hold either as the barcode; comparing the zero-padded 14-digit form makes them the same number.  A wrong
check digit means the number was mistyped or truncated somewhere upstream, so it is never used to find an item.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.errors import MappingError

__all__ = ["Gtin", "InvalidGtinError", "check_digit", "gtin_problem"]

_LENGTHS = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13", 14: "GTIN-14"}


class InvalidGtinError(MappingError):
    """A value that should be a GTIN is not one (wrong length, not digits, bad check digit)."""


def check_digit(body: str) -> str:
    """The GS1 mod-10 check digit for ``body`` (all digits but the last): weights 3,1,3,... from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def gtin_problem(text: str) -> str | None:
    """Why ``text`` is not a valid GTIN, in words an operator can act on; None when it is valid."""
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        return f"{value!r} is not a GTIN: it must be digits only"
    if len(value) not in _LENGTHS:
        hint = " (a UPC without its check digit?)" if len(value) == 11 else ""
        return f"{value!r} is not a GTIN: it has {len(value)} digits, expected 8, 12, 13 or 14{hint}"
    expected = check_digit(value[:-1])
    if value[-1] != expected:
        kind = _LENGTHS[len(value)]
        return f"{kind} {value} has check digit {value[-1]}, expected {expected}"
    return None


@dataclass(frozen=True, slots=True)
class Gtin:
    """A valid GTIN held as its 14-digit form."""

    digits: str

    def __post_init__(self) -> None:
        if len(self.digits) != 14 or gtin_problem(self.digits) is not None:
            raise InvalidGtinError(f"{self.digits!r} is not a valid GTIN-14")

    @classmethod
    def parse(cls, text: str) -> Gtin:
        problem = gtin_problem(text)
        if problem is not None:
            raise InvalidGtinError(problem, hint="ask the partner to correct the item number, or map it in the file")
        return cls(text.strip().zfill(14))

    @classmethod
    def try_parse(cls, text: str) -> Gtin | None:
        return None if gtin_problem(text) is not None else cls(text.strip().zfill(14))

    @property
    def indicator(self) -> str:
        """0 for a consumer unit; 1-8 for a case or pack of it; 9 for a variable-measure item."""
        return self.digits[0]

    @property
    def upc_a(self) -> str | None:
        """The 12-digit UPC-A form, when the number has one."""
        return self.digits[2:] if self.digits.startswith("00") else None

    @property
    def ean13(self) -> str | None:
        return self.digits[1:] if self.digits.startswith("0") else None

    @property
    def ean8(self) -> str | None:
        return self.digits[6:] if self.digits.startswith("000000") else None

    @property
    def representations(self) -> tuple[str, ...]:
        """Every form this number can be written in, longest first: what a barcode table may hold."""
        forms = [self.digits, self.ean13, self.upc_a, self.ean8]
        return tuple(f for f in forms if f is not None)

    def __str__(self) -> str:
        return self.digits
