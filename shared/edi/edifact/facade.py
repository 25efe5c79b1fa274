"""The EDIFACT engine as the CLI and flows call it: bytes in, a report, an acknowledgment, text or JSON out.

Unreadable input raises EdiError with a clear message; no other exception escapes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from shared.edi.edifact.contrl import build_contrl, parse_contrl
from shared.edi.edifact.documents import read_document
from shared.edi.edifact.numbers import InMemoryControlNumbers
from shared.edi.edifact.reader import ReadResult, read
from shared.edi.edifact.render import render_read
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.validate import validate_interchange, validate_read
from shared.edi.model import JsonValue, ValidationReport
from shared.errors import ConnectorError, EdiError

__all__ = ["acknowledge", "detect", "render", "to_json", "validate"]

T = TypeVar("T")


def _guard(action: Callable[[], T]) -> T:
    try:
        return action()
    except ConnectorError:
        raise
    except (ValueError, IndexError, KeyError, UnicodeError, TypeError) as exc:
        raise EdiError(f"the input could not be read as EDIFACT: {exc}", hint="check the file is EDIFACT") from exc


def detect(data: bytes) -> bool:
    """True when ``data`` starts (after a BOM and blanks) with UNA or UNB."""
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith((b"UNA", b"UNB"))


def _read(data: bytes) -> ReadResult:
    result = _guard(lambda: read(data))
    if not result.interchanges and not detect(data):
        first = result.stray[0].tag if result.stray else ""
        if not first.isalnum() or len(first) != 3:
            raise EdiError(
                "the input is not EDIFACT: it has no UNA/UNB and no recognisable segments",
                hint="check the file type; X12 starts with ISA",
            )
    return result


def validate(data: bytes) -> ValidationReport:
    result = _read(data)
    return _guard(lambda: validate_read(result))


def acknowledge(data: bytes) -> bytes:
    """CONTRL interchange(s), one per received interchange that is not itself CONTRL, addressed back to the
    sender. References come from a fresh in-memory allocator and the date is the received UNB's, so the output
    is reproducible; flows that send it pass their own allocator to ``contrl.build_contrl``."""
    result = _read(data)
    if not result.interchanges:
        raise EdiError("nothing to acknowledge: the input has no UNB interchange header")
    numbers = InMemoryControlNumbers()
    out: list[bytes] = []
    seen: set[tuple[str, ...]] = set()
    for interchange in result.interchanges:
        issues = _guard(lambda ic=interchange: validate_interchange(ic, seen))  # type: ignore[misc]
        prepared = _prepared(interchange.header.unb)
        ack = build_contrl(interchange, issues, numbers, ":".join(interchange.header.sender), prepared=prepared)
        if ack is not None:
            out.append(ack)
    return b"".join(out)


def _prepared(unb: Segment) -> datetime:
    d, t = unb.get(4, 1), unb.get(4, 2)
    try:
        if len(d) == 8:
            return datetime.strptime(d + t, "%Y%m%d%H%M")  # noqa: DTZ007 - UNB carries no zone
        return datetime.strptime(d + t, "%y%m%d%H%M")  # noqa: DTZ007
    except ValueError:
        return datetime(2000, 1, 1)  # noqa: DTZ001 - a fixed stand-in when the partner's UNB date is unreadable


def render(data: bytes) -> str:
    result = _read(data)
    return _guard(lambda: render_read(result))


def to_json(data: bytes) -> JsonValue:
    result = _read(data)
    return _guard(lambda: _json(result))


def _json(result: ReadResult) -> JsonValue:
    interchanges: list[JsonValue] = []
    for ic in result.interchanges:
        messages: list[JsonValue] = []
        for m in ic.messages:
            doc = parse_contrl(m) if m.type == "CONTRL" else read_document(m)
            messages.append(_value(doc))
        h = ic.header
        interchanges.append(
            {
                "reference": h.reference,
                "sender": list(h.sender),
                "recipient": list(h.recipient),
                "syntax": h.unb.get(1, 1),
                "version": h.syntax_version,
                "test": h.test,
                "messages": messages,
            }
        )
    return {"standard": "EDIFACT", "interchanges": interchanges}


def _value(obj: object) -> JsonValue:
    if isinstance(obj, Segment):
        parts: list[JsonValue] = [obj.tag]
        parts.extend([list(e) for e in obj.elements])
        return parts
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _value(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, tuple | list):
        return [_value(v) for v in obj]
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    return str(obj)
