"""Table Storage keys from partner-supplied text: safe, reversible, and readable for ordinary keys.

Table keys refuse ``/ \\ # ?`` and control characters, and Azurite stops at 512 characters (Azure at 1 KiB).
Partner natural keys (PO numbers, mailbox paths, EDIFACT references) contain all of these. The encoding:

- ``~XX`` (two uppercase hex digits) for a forbidden character, for ``~`` itself and for ``%`` and ``+``
  (both are mangled by URL decoding on some Table endpoints), so ``PO#12/A`` becomes ``PO~2312~2FA``;
- ``~u`` and four hex digits for a lone surrogate (text decoded with ``surrogateescape`` can carry one;
  Table keys are UTF-8);
- every other character as is, so ``4500012`` and ``ACME Corp|PO 77`` stay readable;
- an encoded key longer than :data:`MAX_ENCODED_CHARS` keeps a readable head and ends in ``~h`` plus the
  SHA-256 of the raw text: still unique, but no longer decodable, so adapters also store the raw value.
"""

from __future__ import annotations

import hashlib

__all__ = ["MAX_ENCODED_CHARS", "decode_key", "encode_key", "is_digest_key"]

MAX_ENCODED_CHARS = 400  # below Azurite's 512 with room for the prefixes adapters add
_HEAD_CHARS = 300
_ESCAPE = "~"
_ALWAYS_ESCAPED = frozenset("/\\#?~%+")
_HEX = frozenset("0123456789ABCDEF")


def _needs_escape(ch: str) -> bool:
    code = ord(ch)
    return ch in _ALWAYS_ESCAPED or code <= 0x1F or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"~{code:02X}"
    return f"~u{code:04X}"


def _escape_all(raw: str) -> list[str]:
    return [_escape(ch) if _needs_escape(ch) else ch for ch in raw]


def encode_key(raw: str) -> str:
    """A Table-safe key for ``raw``; distinct inputs always give distinct keys."""
    pieces = _escape_all(raw)
    encoded = "".join(pieces)
    if len(encoded) <= MAX_ENCODED_CHARS:
        return encoded
    head: list[str] = []
    size = 0
    for piece in pieces:  # cut between pieces so no escape is split
        if size + len(piece) > _HEAD_CHARS:
            break
        head.append(piece)
        size += len(piece)
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return "".join(head) + f"~h{digest}"


def is_digest_key(encoded: str) -> bool:
    """True for the long-key form, whose raw text must be read from the stored entity instead."""
    return len(encoded) >= 66 and encoded[-66:-64] == "~h"


def decode_key(encoded: str) -> str:
    """The raw text behind a key from :func:`encode_key`; a long-key digest form cannot be reversed."""
    if is_digest_key(encoded):
        raise ValueError("this key is a digest of a long natural key; read the raw key stored on the entity")
    out: list[str] = []
    i = 0
    while i < len(encoded):
        ch = encoded[i]
        if ch != _ESCAPE:
            out.append(ch)
            i += 1
            continue
        if encoded[i + 1 : i + 2] == "u":
            digits, i = encoded[i + 2 : i + 6], i + 6
            width = 4
        else:
            digits, i = encoded[i + 1 : i + 3], i + 3
            width = 2
        if len(digits) != width or not set(digits) <= _HEX:
            raise ValueError(f"malformed escape in table key {encoded!r}")
        out.append(chr(int(digits, 16)))
    return "".join(out)
