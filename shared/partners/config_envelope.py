"""The standard-specific parts of a partner entry: identities, delimiters and envelope options.

The rules come from the envelopes themselves: ISA05/ISA07 take a code from the X12 I05 list and ISA06/ISA08 hold
at most 15 characters; UNB identifiers are an..35 with an an..4 qualifier; delimiters must be single,
distinct, non-alphanumeric characters that never occur in the data they separate.
"""

from __future__ import annotations

import re

from shared.edi.model import Standard
from shared.partners.config_fields import Table
from shared.partners.model import (
    EdifactEnvelope,
    EdifactServiceCharacters,
    EdiIdentity,
    EdiVersion,
    SyntaxLevel,
    X12AckKind,
    X12Delimiters,
    X12Envelope,
)

__all__ = [
    "X12_QUALIFIERS",
    "delimiter_characters",
    "read_edifact_envelope",
    "read_identity",
    "read_x12_envelope",
]

# X12 I05 Interchange ID Qualifier.  Retail mostly sees 01 (DUNS), 08 (UCC Comm ID), 12 (phone), 14 (DUNS plus
# suffix), 16 (DUNS + 4), ZZ (mutually defined).
X12_QUALIFIERS = frozenset({f"{n:02d}" for n in range(1, 39) if n not in (5, 6)} | {"AM", "NR", "SA", "SN", "ZZ"})
_EDIFACT_QUALIFIER = re.compile(r"^[A-Z0-9]{1,4}$")
_PRINTABLE = re.compile(r"^[\x21-\x7e][\x20-\x7e]*$")
_SEGMENT_SUFFIXES = ("", "\n", "\r\n")


def read_identity(table: Table | None, standard: Standard | None) -> EdiIdentity | None:
    """An identity table (qualifier, id, group_id); None after recording problems when it is unusable.

    Without a known standard the keys are read but cannot be checked (the standard's own problem is reported).
    """
    if table is None:
        return None
    qualifier = table.text("qualifier")
    ident = table.text("id")
    given_group = table.text("group_id", required=False)
    group_id = given_group or ident
    table.finish()
    if standard is None:
        return None
    ok = True
    if standard is Standard.X12:
        if qualifier and qualifier not in X12_QUALIFIERS:
            hint = " (qualifiers are two characters: 01, not 1)" if len(qualifier) == 1 else ""
            table.problem("qualifier", f"{qualifier!r} is not an X12 interchange id qualifier (I05){hint}")
            ok = False
        ok &= _check_id(table, "id", ident, 15)
        if not given_group and len(ident) == 1:
            table.problem(
                "group_id", f"is missing, and id {ident!r} is too short to stand in for it (GS02/GS03: 2 to 15)"
            )
            ok = False
        else:
            ok &= _check_id(table, "group_id", group_id, 15, minimum=2)
    else:
        if qualifier and not _EDIFACT_QUALIFIER.match(qualifier):
            table.problem("qualifier", f"{qualifier!r} is not an EDIFACT partner id code qualifier (an..4, e.g. 14)")
            ok = False
        ok &= _check_id(table, "id", ident, 35)
        ok &= _check_id(table, "group_id", group_id, 35)
    if not (ok and qualifier and ident):
        return None
    return EdiIdentity(qualifier, ident, group_id)


def _check_id(table: Table, name: str, value: str, maximum: int, minimum: int = 1) -> bool:
    if not value:
        return False
    if not _PRINTABLE.match(value) or not minimum <= len(value) <= maximum:
        table.problem(name, f"{value!r} must be {minimum} to {maximum} printable ASCII characters")
        return False
    return True


def _check_distinct(table: Table, named: dict[str, str]) -> bool:
    ok = True
    seen: dict[str, str] = {}
    for key, char in named.items():
        if char.isalnum() or (char == " " and key != "repetition_separator"):
            table.problem(key, f"{char!r} cannot be a delimiter: it occurs in ordinary data")
            ok = False
        elif char in seen:
            table.problem(key, f"{char!r} is already the {seen[char]}; every delimiter must be different")
            ok = False
        seen.setdefault(char, key)
    return ok


def read_x12_envelope(table: Table | None, versions: set[EdiVersion], partner_table: Table) -> X12Envelope:
    """The ``[partners.X.x12]`` table (all keys optional) and the partner's ``acknowledgment`` key."""
    ack = partner_table.choice("acknowledgment", X12AckKind, X12AckKind.ACK_997) or X12AckKind.ACK_997
    if ack is X12AckKind.ACK_999 and EdiVersion.X12_005010 not in versions:
        partner_table.problem("acknowledgment", '"999" exists from 005010 on; this partner trades 004010 only')
        ack = X12AckKind.ACK_997
    # A 004010-only partner has no repetition separator, so its component separator may well be "^".
    uses_repetition = EdiVersion.X12_005010 in versions
    defaults = X12Delimiters() if uses_repetition else X12Delimiters(repetition=None)
    if table is None:
        return X12Envelope(delimiters=defaults, acknowledgment=ack)
    explicit_repetition = table.has("repetition_separator")
    delimiters = X12Delimiters(
        element=table.char("element_separator", defaults.element),
        component=table.char("component_separator", defaults.component),
        repetition=table.char("repetition_separator", "^") if explicit_repetition else defaults.repetition,
        segment=table.char("segment_terminator", defaults.segment),
        segment_suffix=_suffix(table),
    )
    industry = table.text("industry_identifier", required=False)
    table.finish()
    named = {
        "element_separator": delimiters.element,
        "component_separator": delimiters.component,
        "repetition_separator": delimiters.repetition,
        "segment_terminator": delimiters.segment,
    }
    if not _check_distinct(table, {k: v for k, v in named.items() if v is not None}):
        delimiters = defaults
    if delimiters.segment in "\r\n" and delimiters.segment_suffix:
        table.problem("segment_suffix", "must be empty when the segment terminator is itself a line break")
    if industry and not re.fullmatch(r"[A-Z0-9]{1,6}", industry):
        table.problem("industry_identifier", f"{industry!r} must be 1 to 6 capital letters or digits, e.g. VICS")
        industry = ""
    return X12Envelope(delimiters=delimiters, acknowledgment=ack, industry_identifier=industry)


def _suffix(table: Table) -> str:
    value = table.raw("segment_suffix")
    if value is None:
        return ""
    if value not in _SEGMENT_SUFFIXES:
        table.problem("segment_suffix", f'must be "", "\\n" or "\\r\\n", got {value!r}')
        return ""
    assert isinstance(value, str)
    return value


def read_edifact_envelope(table: Table | None) -> EdifactEnvelope:
    """The ``[partners.X.edifact]`` table; every key is optional."""
    if table is None:
        return EdifactEnvelope()
    level = table.choice("syntax_level", SyntaxLevel, SyntaxLevel.UNOC) or SyntaxLevel.UNOC
    version = table.integer("syntax_version", 3, (3, 4))
    defaults = EdifactServiceCharacters()
    chars = EdifactServiceCharacters(
        component=table.char("component_separator", defaults.component),
        element=table.char("element_separator", defaults.element),
        decimal_mark=table.char("decimal_mark", defaults.decimal_mark),
        release=table.char("release_character", defaults.release),
        repetition=table.char("repetition_separator", " " if version == 3 else "*"),
        segment=table.char("segment_terminator", defaults.segment),
    )
    send_una = table.boolean("send_una", True)
    table.finish()
    if chars.decimal_mark not in ".,":
        table.problem("decimal_mark", f'must be "." or ",", got {chars.decimal_mark!r}')
    if version == 3 and chars.repetition != " ":
        table.problem("repetition_separator", "must be a space under syntax version 3, which reserves the position")
    if version == 4 and chars.repetition == " ":
        table.problem("repetition_separator", 'needs a character under syntax version 4, usually "*"')
    named = {
        "component_separator": chars.component,
        "element_separator": chars.element,
        "decimal_mark": chars.decimal_mark,
        "release_character": chars.release,
        "repetition_separator": chars.repetition,
        "segment_terminator": chars.segment,
    }
    if not _check_distinct(table, named):
        chars = defaults
    if not send_una and chars != EdifactServiceCharacters(repetition=chars.repetition):
        table.problem("send_una", "must be true when the service characters differ from the defaults :+.? '")
    return EdifactEnvelope(service_characters=chars, syntax_level=level, syntax_version=version, send_una=send_una)


def delimiter_characters(envelope: X12Envelope | EdifactEnvelope) -> frozenset[str]:
    if isinstance(envelope, X12Envelope):
        return frozenset(envelope.delimiters.characters)
    chars = envelope.service_characters
    return frozenset({chars.component, chars.element, chars.release, chars.segment} - {" "})
