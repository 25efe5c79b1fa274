"""The one place that strips credentials out of text before it is logged or put into an error.

Two layers: known secret values (registered when a secret is loaded, so they are caught in any form of text)
and patterns for credentials that have a recognisable shape (bearer tokens, Basic credentials, ``client_secret``
and ``password`` in form bodies or JSON, SAS ``sig=``, storage ``AccountKey=``).  :class:`RedactingFilter`
applies both to every record a logger emits, including its arguments and exception text.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

from shared.settings import Secret

__all__ = ["MASK", "RedactingFilter", "forget_secret", "install_redacting_filter", "redact", "register_secret"]

MASK = "***"

# Shorter values are not registered: masking every "abc" in every log line would destroy the logs, and a
# credential that short is not worth protecting this way (the patterns below still apply).
_MIN_REGISTERED_LENGTH = 6

_known_values: set[str] = set()
_known_lock = threading.Lock()

# Each pattern keeps its first group (the label) and masks the rest.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Authorization headers in any rendering: "Authorization: Bearer x", "'Authorization': 'Basic x'".
    re.compile(r"(\b(?:Bearer|Basic)\s+)[A-Za-z0-9\-._~+/]+=*", re.IGNORECASE),
    # Form bodies and query strings: client_secret=..., password=..., client_assertion=..., access_token=...
    re.compile(
        r"((?:^|[?&\s\"'])(?:client_secret|password|client_assertion|access_token|refresh_token|code)=)[^&\s\"']+",
        re.IGNORECASE,
    ),
    # JSON bodies: "client_secret": "...", "password": "...", "access_token": "..."
    re.compile(
        r"(\"(?:client_secret|password|access_token|refresh_token|client_assertion|value)\"\s*:\s*\")[^\"]*",
        re.IGNORECASE,
    ),
    # Azure Storage: SAS signatures and account keys in connection strings.
    re.compile(r"((?:^|[?&;\s])sig=)[^&\s\"';]+", re.IGNORECASE),
    re.compile(r"(AccountKey=)[^;\s\"']+", re.IGNORECASE),
    # Credentials embedded in URLs: https://user:password@host
    re.compile(r"(://[^/\s:@]+:)[^@/\s]+(?=@)"),
)


def register_secret(value: Secret | str) -> None:
    """Remember a secret's value so :func:`redact` masks it wherever it appears."""
    plain = value.reveal() if isinstance(value, Secret) else value
    if len(plain) >= _MIN_REGISTERED_LENGTH:
        with _known_lock:
            _known_values.add(plain)


def forget_secret(value: Secret | str) -> None:
    plain = value.reveal() if isinstance(value, Secret) else value
    with _known_lock:
        _known_values.discard(plain)


def redact(text: str) -> str:
    """``text`` with every known secret value and every credential-shaped substring replaced by ``***``."""
    with _known_lock:
        # Longest first, so a secret that contains another secret is masked whole.
        known = sorted(_known_values, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + MASK, text)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the message, its arguments and any exception text of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            # Render the traceback now, redacted, so a handler cannot render the raw one later.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.msg = redact(message)
        record.args = None
        return True


def install_redacting_filter(loggers: Iterable[logging.Logger] | None = None) -> RedactingFilter:
    """Attach one :class:`RedactingFilter` to the given loggers' handlers (default: the root logger's).

    Filters on handlers see records from every child logger (azure, urllib3, msal ...); filters on loggers
    would not.
    """
    redacting = RedactingFilter()
    for logger in loggers if loggers is not None else [logging.getLogger()]:
        for handler in logger.handlers:
            if not any(isinstance(existing, RedactingFilter) for existing in handler.filters):
                handler.addFilter(redacting)
    return redacting
