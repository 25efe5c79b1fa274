"""Trading partner profiles and cross-references: partner ids ↔ Dynamics accounts, partner item ids ↔ our items.

The partner file (TOML, ``PARTNERS_FILE``) is read once into a ``PartnerDirectory``; ``ItemResolver`` maps item
identifiers through an ``ItemDirectory`` (the Dynamics client, adapted).  docs/partners.md explains the file.
"""

from __future__ import annotations

from shared.partners.config import PartnerSettings, item_resolver, load_directory
from shared.partners.config_fields import ConfigProblem, PartnerFileError
from shared.partners.config_reader import OurIdentity, PartnerConfiguration, load_partner_file, parse_partner_text
from shared.partners.directory import InterchangeParty, PartnerDirectory
from shared.partners.gtin import Gtin, InvalidGtinError
from shared.partners.item_cache import CachedItemDirectory
from shared.partners.item_memory import InMemoryItemDirectory
from shared.partners.item_resolver import ItemMatch, ItemResolver, MatchSource
from shared.partners.items import ItemDirectory, ItemKey, ProductId, ProductVariant, ResolvedItem
from shared.partners.model import (
    AccountRole,
    AckPolicy,
    DocumentType,
    DynamicsAccount,
    EdifactEnvelope,
    EdifactServiceCharacters,
    EdiIdentity,
    EdiVersion,
    FlowDirection,
    FlowKind,
    ItemIdKind,
    ItemOverride,
    ItemPolicy,
    Mailboxes,
    PartnerProfile,
    SyntaxLevel,
    Usage,
    X12AckKind,
    X12Delimiters,
    X12Envelope,
)

__all__ = [
    "AccountRole",
    "AckPolicy",
    "CachedItemDirectory",
    "ConfigProblem",
    "DocumentType",
    "DynamicsAccount",
    "EdiIdentity",
    "EdiVersion",
    "EdifactEnvelope",
    "EdifactServiceCharacters",
    "FlowDirection",
    "FlowKind",
    "Gtin",
    "InMemoryItemDirectory",
    "InterchangeParty",
    "InvalidGtinError",
    "ItemDirectory",
    "ItemIdKind",
    "ItemKey",
    "ItemMatch",
    "ItemOverride",
    "ItemPolicy",
    "ItemResolver",
    "Mailboxes",
    "MatchSource",
    "OurIdentity",
    "PartnerConfiguration",
    "PartnerDirectory",
    "PartnerFileError",
    "PartnerProfile",
    "PartnerSettings",
    "ProductId",
    "ProductVariant",
    "ResolvedItem",
    "SyntaxLevel",
    "Usage",
    "X12AckKind",
    "X12Delimiters",
    "X12Envelope",
    "item_resolver",
    "load_directory",
    "load_partner_file",
    "parse_partner_text",
]
