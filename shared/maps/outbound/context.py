"""What every outbound map is given besides the Dynamics records: who trades, when, and the lines' item ids."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from shared.partners import PartnerProfile, ProductId

__all__ = ["LineIds", "OutboundContext", "PostalAddress"]

# Item identifiers to write on each line, keyed by the line's number in its Dynamics document; the partner's
# preferred identifier first (ItemResolver.partner_ids).
LineIds = Mapping[int, tuple[ProductId, ...]]


@dataclass(frozen=True, slots=True)
class OutboundContext:
    partner: PartnerProfile
    # Our party id as this partner knows us (the interchange identity), and the name written in N1 loops.
    our_id: str
    our_name: str
    translated_at: datetime
    document_key: str
    # Free-text characters the partner's delimiters reserve; replaced by spaces in names and descriptions.
    reserved: tuple[str, ...] = field(default=("*", ">", "~", "^"))


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """An address as Dynamics holds it (delivery address of an order); empty parts are left out of N3/N4."""

    name: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""  # F&O region id, e.g. USA

    @property
    def present(self) -> bool:
        return bool(self.street or self.city)
