"""Names that must come out the same on every attempt: a work item's natural key, and the mailbox message name
that is the exactly-once guard of a delivery."""

from __future__ import annotations

import re

from shared.edi.model import Standard
from shared.errors import MappingError
from shared.partners import DocumentType, PartnerProfile

__all__ = ["message_name", "split_key"]

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def split_key(natural_key: str) -> tuple[str, str]:
    """``usmf/USMF-000123`` → (``usmf``, ``USMF-000123``); document numbers may themselves hold ``/``."""
    legal_entity, sep, number = natural_key.partition("/")
    if not sep or not legal_entity or not number:
        raise MappingError(
            f"work item key {natural_key!r} is not <legal entity>/<document number>",
            context={"natural_key": natural_key},
            hint="the work item was not made by this connector's sweep or event endpoint; drop it",
        )
    return legal_entity.lower(), number


def message_name(partner: PartnerProfile, document: DocumentType, legal_entity: str, number: str) -> str:
    """The mailbox message name, the same on every attempt: ``BIGBOX_810_USMF-CIV-000123.x12``."""
    code = document.code(partner.standard)
    suffix = "x12" if partner.standard is Standard.X12 else "edi"
    safe_number = _UNSAFE_NAME.sub("_", number)
    return f"{partner.code}_{code}_{legal_entity.upper()}-{safe_number}.{suffix}"
