"""Service characters (UNA) and syntax levels (UNB S001): the rules that decide how bytes become values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from shared.errors import EdiError

__all__ = ["DEFAULT_SERVICE", "PLACEHOLDERS", "ServiceChars", "SyntaxLevel", "level_violation", "outside_level"]


@dataclass(frozen=True)
class ServiceChars:
    """The six UNA characters. Frozen: an interchange's delimiters never change half-way through it."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    # Syntax 3 reserves this position and sends a space; syntax 4 uses it (commonly ``*``).
    repetition: str = " "
    terminator: str = "'"

    def __post_init__(self) -> None:
        chars = (self.component, self.element, self.decimal, self.release, self.repetition, self.terminator)
        if any(len(c) != 1 for c in chars):
            raise EdiError("UNA service characters must be single characters", context={"una": "".join(chars)})
        active = [self.component, self.element, self.release, self.terminator]
        if self.repeats:
            active.append(self.repetition)
        if len(set(active)) != len(active) or any(c.isalnum() for c in active):
            raise EdiError(
                "UNA service characters must be distinct and not letters or digits",
                context={"una": self.una},
                hint="check the partner's UNA segment; each of the separators must be a different character",
            )

    @classmethod
    def from_una(cls, una: str) -> ServiceChars:
        """``una`` is the nine characters ``UNA:+.? '``."""
        if len(una) < 9 or not una.startswith("UNA"):
            raise EdiError("UNA segment is shorter than nine characters", context={"una": una[:9]})
        return cls(una[3], una[4], una[5], una[6], una[7], una[8])

    @classmethod
    def for_version(cls, version: str) -> ServiceChars:
        """Defaults when no UNA is sent: syntax 4 assigns ``*`` as the repetition separator."""
        return _DEFAULT_V4 if version == "4" else DEFAULT_SERVICE

    @property
    def repeats(self) -> bool:
        return self.repetition != " "

    @property
    def una(self) -> str:
        return f"UNA{self.component}{self.element}{self.decimal}{self.release}{self.repetition}{self.terminator}"

    @cached_property
    def specials(self) -> str:
        """Characters that must be preceded by the release character inside a value."""
        chars = self.release + self.element + self.component + self.terminator
        return chars + self.repetition if self.repeats else chars

    @cached_property
    def _escape_re(self) -> re.Pattern[str]:
        return re.compile("[" + re.escape(self.specials) + "]")

    @cached_property
    def _unescape_re(self) -> re.Pattern[str]:
        return re.compile(re.escape(self.release) + "(.)", re.DOTALL)

    @cached_property
    def _protections(self) -> tuple[tuple[str, str], ...]:
        # Released release first, so ``???+`` reads as a literal ``?`` then a literal ``+``.
        order = [self.release, self.element, self.component, self.terminator]
        if self.repeats:
            order.append(self.repetition)
        return tuple((self.release + c, chr(_PROTECT_BASE + i)) for i, c in enumerate(order))

    @cached_property
    def restore(self) -> dict[int, str]:
        """``str.translate`` table from the placeholders ``protect`` puts in back to the literal characters."""
        return {ord(placeholder): pair[1] for pair, placeholder in self._protections}

    @cached_property
    def unprotect(self) -> dict[int, str]:
        """``str.translate`` table from the placeholders back to the escaped pairs, for the general path."""
        return {ord(placeholder): pair for pair, placeholder in self._protections}

    def protect_text(self, text: str) -> str:
        """``text`` (which holds no placeholder: Latin-1 decoded bytes never do) with released pairs replaced."""
        for pair, placeholder in self._protections:
            if pair in text:
                text = text.replace(pair, placeholder)
        return text

    def protect(self, raw: str) -> str | None:
        """``raw`` with every released service character replaced by a private-use placeholder, so plain
        ``str.split`` finds only real separators; None when ``raw`` already holds a placeholder character."""
        if _PROTECT_RE.search(raw) is not None:
            return None
        return self.protect_text(raw)

    def escape(self, value: str) -> str:
        rel = self.release
        return self._escape_re.sub(lambda m: rel + m.group(0), value)

    def unescape(self, value: str) -> str:
        return self._unescape_re.sub(r"\1", value)


# Private-use code points (U+E000..U+E004) stand in for released service characters while a segment is split.
_PROTECT_BASE = 0xE000
PLACEHOLDERS = "".join(chr(_PROTECT_BASE + i) for i in range(5))
_PROTECT_RE = re.compile(f"[{PLACEHOLDERS}]")

DEFAULT_SERVICE = ServiceChars()
_DEFAULT_V4 = ServiceChars(repetition="*")


class SyntaxLevel(StrEnum):
    """UNB S001/0001. The value decides the character repertoire and the byte encoding."""

    UNOA = "UNOA"
    UNOB = "UNOB"
    UNOC = "UNOC"
    UNOD = "UNOD"
    UNOE = "UNOE"
    UNOF = "UNOF"
    UNOW = "UNOW"
    UNOY = "UNOY"

    @property
    def codec(self) -> str:
        return _CODECS[self]

    @property
    def screen(self) -> re.Pattern[str]:
        """Matches, in text decoded as Latin-1, any character that may put a value outside this level. One
        search over a whole block of segments clears them all at C speed; only a hit needs the exact check
        (``level_violation``) value by value."""
        return _SCREENS[self]

    @classmethod
    def parse(cls, text: str) -> SyntaxLevel | None:
        try:
            return cls(text)
        except ValueError:
            return None


_CODECS = {
    SyntaxLevel.UNOA: "latin-1",
    SyntaxLevel.UNOB: "latin-1",
    SyntaxLevel.UNOC: "latin-1",
    SyntaxLevel.UNOD: "iso8859_2",
    SyntaxLevel.UNOE: "iso8859_5",
    SyntaxLevel.UNOF: "iso8859_7",
    SyntaxLevel.UNOW: "utf-8",
    SyntaxLevel.UNOY: "utf-8",
}

# ISO 9735 level A: upper case, digits, space and a short list of punctuation; level B adds lower case.
_LEVEL_A = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-()/='+:?!\"%&*;<>")
_LEVEL_B = _LEVEL_A | frozenset("abcdefghijklmnopqrstuvwxyz")


_LEVEL_A_CLASS = "A-Z0-9 .,\\-()/='+:?!\"%&*;<>"
_SCREENS = {
    SyntaxLevel.UNOA: re.compile(f"[^{_LEVEL_A_CLASS}]"),
    SyntaxLevel.UNOB: re.compile(f"[^a-z{_LEVEL_A_CLASS}]"),
    SyntaxLevel.UNOC: re.compile(r"[\x00-\x1f\x7f\u0100-\U0010ffff]"),
    # Other single-byte sets are re-decoded from their own code page, so anything outside printable ASCII
    # needs the exact look (an encodability check).
    SyntaxLevel.UNOD: re.compile(r"[^\x20-\x7e]"),
    SyntaxLevel.UNOE: re.compile(r"[^\x20-\x7e]"),
    SyntaxLevel.UNOF: re.compile(r"[^\x20-\x7e]"),
    SyntaxLevel.UNOW: re.compile(r"[\x80-\xff]"),
    SyntaxLevel.UNOY: re.compile(r"[\x80-\xff]"),
}


def outside_level(level: SyntaxLevel, value: str) -> bool:
    """True when ``value`` holds a character ``level`` cannot carry (the screen first, the exact check after)."""
    if level is SyntaxLevel.UNOW or level is SyntaxLevel.UNOY:
        return "\ufffd" in value
    return _SCREENS[level].search(value) is not None and level_violation(level, value) is not None


def level_violation(level: SyntaxLevel, value: str) -> str | None:
    """The first character of ``value`` that ``level`` cannot carry, or None."""
    if level is SyntaxLevel.UNOA or level is SyntaxLevel.UNOB:
        bad = set(value) - (_LEVEL_A if level is SyntaxLevel.UNOA else _LEVEL_B)
        return next(c for c in value if c in bad) if bad else None
    if level in (SyntaxLevel.UNOW, SyntaxLevel.UNOY):
        return "\ufffd" if "\ufffd" in value else None
    codec = level.codec
    for c in set(value):
        if c < " " or c == "\x7f":
            return c
    try:
        value.encode(codec)
    except UnicodeEncodeError as exc:
        return value[exc.start]
    return None
