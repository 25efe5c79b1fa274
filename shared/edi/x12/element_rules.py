"""Element checks (997 AK403 codes), compiled once per segment tag.

The hot path is one regular expression per segment that accepts only valid segments; a segment it rejects
(rare in practice) is checked element by element to say exactly what is wrong. The expression is never more
lenient than the slow path, so a match means "no findings".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from shared.edi.x12.codes import CLOSED, CODES
from shared.edi.x12.dictionary import SEGMENTS, V5010_MAX, ElementDef

__all__ = ["ElementFinding", "max_length", "segment_checker", "segment_pattern", "value_pattern"]


@dataclass(frozen=True, slots=True)
class ElementFinding:
    position: int  # element position, 1-based
    ref: str  # data element reference number
    code: str  # AK403
    message: str
    value: str


SegmentChecker = Callable[[tuple[str, ...]], list[ElementFinding]]


def max_length(definition: ElementDef, v5010: bool) -> int:
    return V5010_MAX.get(definition.ref, definition.max_len) if v5010 else definition.max_len


_ANY = r"[^\x00]"
# MMDD with 31/30-day months and February 28; the 29th is added only for leap years.
_DAY_MONTH = r"(?:(?:0[13578]|1[02])(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)(?:0[1-9]|[12]\d|30)|02(?:0[1-9]|1\d|2[0-8]))"
# A calendar-exact CCYYMMDD (there is no year 0).
_DATE8 = (
    r"(?!0000)(?:\d{4}" + _DAY_MONTH + r"|(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)0229)"
)
# YYMMDD as _valid_date reads it (YY below 70 is 20YY, else 19YY): every leap year of both centuries has YY % 4 == 0.
_DATE6 = r"(?:\d\d" + _DAY_MONTH + r"|(?:[02468][048]|[13579][26])0229)"
_TIME_LENGTHS = {4: "", 6: r"[0-5]\d", 7: r"[0-5]\d\d", 8: r"[0-5]\d\d\d"}


def value_pattern(definition: ElementDef, v5010: bool, anychar: str = _ANY) -> str:
    """An expression matching only valid non-empty values of ``definition``: never more lenient than
    ``_check_value``, which decides whenever it does not match.

    A value is always followed by a separator, a terminator or the end, none of which a value can start with,
    so the only useful match of a value ends at that boundary. Repeats are therefore possessive and choices
    atomic (longest first): the engine keeps no state to backtrack into, which is cheaper, and finds nothing
    the backtracking forms would have found. (A decimal's two forms stay a plain choice: the whole-number
    form can succeed short of a point, and the engine runs the plain choice faster than an atomic one.)"""
    low, high = definition.min_len, max_length(definition, v5010)
    kind = definition.kind
    if kind == "DT":
        dates = [pattern for length, pattern in ((8, _DATE8), (6, _DATE6)) if low <= length <= high]
        return "(?>" + "|".join(dates) + ")" if dates else "(?!)"
    if kind == "TM":
        tails = [tail for length, tail in _TIME_LENGTHS.items() if low <= length <= high]
        if not tails:
            return "(?!)"
        return r"(?>(?:[01]\d|2[0-3])[0-5]\d(?:" + "|".join(sorted(tails, key=len, reverse=True)) + "))"
    if kind.startswith("N"):
        return rf"-?+\d{{{max(low, 1)},{high}}}+"
    if kind == "R":
        # Length counts digits only: a whole number, or a run of digits and one point checked by lookahead.
        low = max(low, 1)
        return rf"-?+(?:\d{{{low},{high}}}+(?!\.)|(?=[\d.]{{{low + 1},{high + 1}}}+(?![\d.]))\d*+\.\d++)"
    if kind == "ID" and definition.ref in CLOSED:
        return "(?>" + "|".join(re.escape(code) for code in sorted(CODES[definition.ref], key=len, reverse=True)) + ")"
    return rf"{anychar}{{{max(low, 1)},{high}}}+"


def segment_pattern(tag: str, v5010: bool, sep: str, anychar: str) -> str:
    """The whole segment (without terminator) as one expression; unknown tags accept any elements.

    Every element up to the last mandatory one must be present; after it the segment may stop at any element.
    Trailing empty elements are tolerated (some partners pad), a value after the last defined element is not.
    Optional parts are written ``(?:x|)`` rather than ``(?:x)?``: the engine runs a branch without setting up
    a repeat, which makes the common 12-element segment about a third faster."""
    definition = SEGMENTS.get(tag)
    esc = re.escape(sep)
    if definition is None:
        return re.escape(tag) + f"(?:{esc}{anychar}*)*"
    elements = definition.elements
    last_required = max((i for i, (_, required) in enumerate(elements, 1) if required), default=0)
    head = ""
    for element_def, required in elements[:last_required]:
        value = value_pattern(element_def, v5010, anychar)
        head += f"{esc}{value}" if required else f"{esc}{_optional(value, anychar)}"
    tail = ""
    for element_def, _ in reversed(elements[last_required:]):
        value = _optional(value_pattern(element_def, v5010, anychar), anychar)
        tail = f"{esc}{value}(?:{tail}|)" if tail else f"{esc}{value}"
    return re.escape(tag) + head + (f"(?:{tail}|)" if tail else "") + f"{esc}*"


def _optional(value: str, anychar: str) -> str:
    """``value`` or nothing. Free text of minimum length one is one repeat from zero instead of a branch,
    which the engine runs faster."""
    free_text = re.fullmatch(re.escape(anychar) + r"\{1,(\d+)\}\+", value)
    return f"{anychar}{{0,{free_text[1]}}}+" if free_text else f"(?:{value}|)"


@cache
def segment_checker(tag: str, v5010: bool, *, precise: bool = False) -> SegmentChecker | None:
    """Element findings for one split segment. ``precise`` skips the whole-segment expression and checks
    every element: the reference the expression is tested against."""
    definition = SEGMENTS.get(tag)
    if definition is None:
        return None
    fast = re.compile(segment_pattern(tag, v5010, "\x00", _ANY)).fullmatch
    elements = definition.elements
    if precise:
        return lambda fields: _slow(fields, elements, v5010)

    def check(fields: tuple[str, ...]) -> list[ElementFinding]:
        joined = "\x00".join(fields)
        # A NUL inside a value would shift the elements the expression sees; such a segment takes the slow path.
        if fast(joined) is not None and joined.count("\x00") == len(fields) - 1:
            return []
        return _slow(fields, elements, v5010)

    return check


@lru_cache(maxsize=4096)
def _valid_date(value: str) -> bool:
    if len(value) == 6:
        value = ("20" if value[:2] < "70" else "19") + value
    if len(value) != 8 or not value.isdigit():
        return False
    try:
        date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return False
    return True


def _valid_time(value: str) -> bool:
    if not value.isdigit() or len(value) not in (4, 6, 7, 8):
        return False
    return int(value[:2]) < 24 and int(value[2:4]) < 60 and (len(value) < 6 or int(value[4:6]) < 60)


def _slow(fields: tuple[str, ...], elements: tuple[tuple[ElementDef, bool], ...], v5010: bool) -> list[ElementFinding]:
    findings: list[ElementFinding] = []
    if len(fields) - 1 > len(elements) and any(fields[len(elements) + 1 :]):
        findings.append(ElementFinding(len(elements) + 1, "", "3", "too many data elements", fields[len(elements) + 1]))
    for position, (definition, required) in enumerate(elements, start=1):
        value = fields[position] if position < len(fields) else ""
        finding = _check_value(position, definition, required, value, v5010)
        if finding is not None:
            findings.append(finding)
    return findings


def _check_value(position: int, d: ElementDef, required: bool, value: str, v5010: bool) -> ElementFinding | None:
    name = f"{d.name} ({d.ref})"
    if not value:
        if required:
            return ElementFinding(position, d.ref, "1", f"mandatory element {name} is missing", value)
        return None
    kind = d.kind
    digits = value
    if kind.startswith("N") or kind == "R":
        body = value[1:] if value.startswith("-") else value
        ok = body.isdigit() if kind.startswith("N") else bool(re.fullmatch(r"\d*\.?\d*", body)) and body != "."
        if not ok or not body:
            return ElementFinding(position, d.ref, "6", f"{name} {value!r} is not a valid {kind} number", value)
        digits = body.replace(".", "")
    if kind == "DT" and not _valid_date(value):
        return ElementFinding(position, d.ref, "8", f"{name} {value!r} is not a valid date", value)
    if kind == "TM" and not _valid_time(value):
        return ElementFinding(position, d.ref, "9", f"{name} {value!r} is not a valid time", value)
    high = max_length(d, v5010)
    if len(digits) < d.min_len:
        return ElementFinding(position, d.ref, "4", f"{name} {value!r} is shorter than {d.min_len}", value)
    if len(digits) > high:
        return ElementFinding(position, d.ref, "5", f"{name} is longer than {high} ({len(digits)})", value)
    if kind == "ID" and d.ref in CLOSED and value not in CODES[d.ref]:
        return ElementFinding(position, d.ref, "7", f"{name} {value!r} is not a valid code", value)
    return None
