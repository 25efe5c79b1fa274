"""The partner file (TOML) → ``PartnerConfiguration``, with every problem reported at once.

Shape (docs/partners.md and config/partners.example.toml explain each key)::

    [legal_entities.<dataAreaId>.x12|edifact]   our interchange identity per legal entity and standard
    [partners.<CODE>]                            one trading partner
      .identity  .our_identity  .mailboxes  .versions  .x12|.edifact  .items  .items.overrides
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from shared.edi.model import Standard
from shared.errors import ConfigurationError
from shared.partners.config_envelope import (
    delimiter_characters,
    read_edifact_envelope,
    read_identity,
    read_x12_envelope,
)
from shared.partners.config_fields import PartnerFileError, Problems, Table, parse_duration
from shared.partners.items import IdRole, id_role
from shared.partners.model import (
    AccountRole,
    AckPolicy,
    DocumentType,
    DynamicsAccount,
    EdifactEnvelope,
    EdiIdentity,
    EdiVersion,
    FlowKind,
    ItemIdKind,
    ItemOverride,
    ItemPolicy,
    Mailboxes,
    PartnerProfile,
    Usage,
    X12Envelope,
)

__all__ = ["OurIdentity", "PartnerConfiguration", "load_partner_file", "parse_partner_text"]

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
_LEGAL_ENTITY = re.compile(r"^[a-z0-9]{1,4}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
# Sterling mailbox names may hold spaces, but not at either end of a name, and never a backslash.
_MAILBOX = re.compile(r"^(/[^/\\\s]([^/\\]*[^/\\\s])?)+$")
_KIND_ROLES = {ItemIdKind.GTIN: IdRole.GTIN, ItemIdKind.BUYER_PART: IdRole.BUYER, ItemIdKind.VENDOR_PART: IdRole.SELLER}


@dataclass(frozen=True, slots=True)
class OurIdentity:
    """How one of our legal entities appears in interchanges of one standard."""

    legal_entity: str
    standard: Standard
    identity: EdiIdentity


@dataclass(frozen=True, slots=True)
class PartnerConfiguration:
    source: str
    our_identities: tuple[OurIdentity, ...]
    partners: tuple[PartnerProfile, ...]


def load_partner_file(path: Path) -> PartnerConfiguration:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigurationError(
            f"partner file {path} does not exist",
            hint="set PARTNERS_FILE to the partner file (see config/partners.example.toml)",
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"partner file {path} cannot be read: {exc}") from exc
    return parse_partner_text(text, str(path))


def parse_partner_text(text: str, source: str = "<text>") -> PartnerConfiguration:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(
            f"partner file {source} is not valid TOML: {exc}", hint="fix the syntax at the line and column shown"
        ) from exc
    return _read(document, source)


def _read(document: Mapping[str, object], source: str) -> PartnerConfiguration:
    problems = Problems()
    root = Table(document, problems, None)
    ours = _read_our_identities(root.table("legal_entities", required=True))
    partners_table = root.table("partners", required=True)
    root.finish()
    partners: list[PartnerProfile] = []
    if partners_table is not None:
        for code, value in partners_table.entries():
            if not _CODE.match(code):
                problems.add(code, "", "is not a usable partner code: use 1 to 32 capital letters, digits, - or _")
                continue
            if not isinstance(value, dict):
                problems.add(code, "", "must be a table ([partners.CODE])")
                continue
            partner = _read_partner(code, Table(value, problems, code), ours)
            if partner is not None:
                partners.append(partner)
    _check_across_partners(partners, ours, problems)
    if problems:
        raise PartnerFileError(source, tuple(problems))
    return PartnerConfiguration(source, tuple(ours), tuple(partners))


def _read_our_identities(table: Table | None) -> list[OurIdentity]:
    ours: list[OurIdentity] = []
    if table is None:
        return ours
    for entity, _ in table.entries():
        if not _LEGAL_ENTITY.match(entity):
            table.problem(entity, "is not a legal entity id (dataAreaId: 1 to 4 lower-case letters or digits)")
            continue
        entity_table = table.table(entity)
        if entity_table is None:
            continue
        for standard in Standard:
            identity = read_identity(entity_table.table(standard.value.lower()), standard)
            if identity is not None:
                ours.append(OurIdentity(entity, standard, identity))
        entity_table.finish()
        if (
            not any(o.legal_entity == entity for o in ours)
            and not entity_table.has("x12")
            and not entity_table.has("edifact")
        ):
            entity_table.problem("x12", "or edifact: a legal entity needs at least one identity")
    return ours


def _read_partner(code: str, table: Table, ours: list[OurIdentity]) -> PartnerProfile | None:
    name = table.text("name")
    entity = table.text("legal_entity").lower()
    role = table.choice("role", AccountRole)
    account = table.text("account")
    standard = table.choice("standard", Standard)
    version = table.choice("version", EdiVersion)
    usage = table.choice("usage", Usage)
    currency = table.optional_text("currency")
    if currency is not None and not _CURRENCY.match(currency):
        table.problem("currency", f"{currency!r} must be a three-letter ISO 4217 code such as USD")
    if entity and not any(o.legal_entity == entity for o in ours):
        table.problem("legal_entity", f"{entity!r} has no [legal_entities.{entity}] entry with our identity")
    if standard is not None and version is not None and version.standard is not standard:
        table.problem("version", f"{version.value} is not a {standard.value} version")
        version = None
    overrides = _read_versions(table, standard)
    flows = _read_flows(table, role)
    ack_within = _read_ack(table)
    their_identity = read_identity(table.table("identity", required=True), standard)
    our_table = table.table("our_identity")
    our_identity = read_identity(our_table, standard)
    if standard is not None and our_table is None:
        our_identity = _our_default(table, ours, entity, standard)
    mailboxes = _read_mailboxes(table.table("mailboxes", required=True))
    items = _read_items(table.table("items", required=True), standard, role)
    envelope_versions = {v for v in (version, *(v for _, v in overrides)) if v is not None}
    x12_table, edifact_table = table.table("x12"), table.table("edifact")
    envelope: X12Envelope | EdifactEnvelope
    if standard is Standard.X12:
        envelope = read_x12_envelope(x12_table, envelope_versions, table)
        if edifact_table is not None:
            table.problem("edifact", "does not apply to an X12 partner")
    elif standard is Standard.EDIFACT:
        envelope = read_edifact_envelope(edifact_table)
        if x12_table is not None:
            table.problem("x12", "does not apply to an EDIFACT partner")
        if table.raw("acknowledgment") is not None:
            table.problem("acknowledgment", "applies to X12 partners only (EDIFACT partners get CONTRL)")
    else:
        # The standard itself is wrong (already reported); its envelope keys cannot be judged.
        table.raw("acknowledgment")
        for sub in (x12_table, edifact_table):
            if sub is not None:
                sub.entries()
        envelope = X12Envelope()
    table.finish()
    if (
        role is None
        or standard is None
        or version is None
        or usage is None
        or their_identity is None
        or our_identity is None
        or mailboxes is None
        or items is None
        or not (name and entity and account)
    ):
        return None
    for which, identity in (("identity", their_identity), ("our_identity", our_identity)):
        clash = set(identity.id + identity.group_id) & delimiter_characters(envelope)
        if clash:
            table.problem(which, f"contains the delimiter {''.join(sorted(clash))!r}; choose other delimiters")
    return PartnerProfile(
        code=code,
        name=name,
        account=DynamicsAccount(entity, role, account),
        standard=standard,
        default_version=version,
        version_overrides=overrides,
        identity=their_identity,
        our_identity=our_identity,
        envelope=envelope,
        usage=usage,
        mailboxes=mailboxes,
        flows=frozenset(flows),
        acks=AckPolicy(ack_within),
        items=items,
        currency=currency,
    )


def _our_default(table: Table, ours: list[OurIdentity], entity: str, standard: Standard) -> EdiIdentity | None:
    for our in ours:
        if our.legal_entity == entity and our.standard is standard:
            return our.identity
    if any(o.legal_entity == entity for o in ours):
        table.problem(
            "our_identity",
            f"is missing: legal entity {entity} has no {standard.value} identity; add "
            f"[legal_entities.{entity}.{standard.value.lower()}] or an our_identity table here",
        )
    return None


def _read_versions(table: Table, standard: Standard | None) -> tuple[tuple[DocumentType, EdiVersion], ...]:
    versions = table.table("versions")
    if versions is None or standard is None:
        return ()
    found: list[tuple[DocumentType, EdiVersion]] = []
    for code, value in versions.entries():
        document = DocumentType.from_code(standard, code)
        if document is None:
            known = ", ".join(DocumentType.codes(standard))
            versions.problem(code, f"is not a {standard.value} document this connector handles ({known})")
            continue
        version = next((v for v in EdiVersion if isinstance(value, str) and v.value == value.strip()), None)
        if version is None or version.standard is not standard:
            allowed = ", ".join(v.value for v in EdiVersion.for_standard(standard))
            versions.problem(code, f"must be one of {allowed}, got {value!r}")
            continue
        found.append((document, version))
    return tuple(found)


def _read_flows(table: Table, role: AccountRole | None) -> list[FlowKind]:
    flows: list[FlowKind] = []
    for name in table.text_list("flows"):
        flow = next((f for f in FlowKind if f.value == name), None)
        if flow is None:
            close = ", ".join(f.value for f in FlowKind)
            table.problem("flows", f"{name!r} is not a flow; the flows are {close}")
        elif flow in flows:
            table.problem("flows", f"lists {name} twice")
        elif role is not None and role not in flow.roles:
            table.problem("flows", f"{name} does not apply to a {role.value}")
        else:
            flows.append(flow)
    return flows


def _read_ack(table: Table) -> timedelta | None:
    raw = table.text("ack_expected_within", required=False, default="24h")
    if raw.lower() == "never":
        return None
    duration = parse_duration(raw)
    if duration is None or duration.total_seconds() <= 0:
        table.problem("ack_expected_within", f'{raw!r} is not a duration such as "24h", "90m", "2d" or "never"')
        return AckPolicy().expected_within
    return duration


def _read_mailboxes(table: Table | None) -> Mailboxes | None:
    if table is None:
        return None
    paths = {}
    for direction in ("inbound", "outbound"):
        path = table.text(direction)
        if path and not _MAILBOX.fullmatch(path):
            table.problem(direction, f"{path!r} must be an absolute Sterling mailbox path such as /ACME/Inbound")
            path = ""
        if path and any(part in {".", ".."} for part in path.split("/")):
            table.problem(direction, f"{path!r} must not contain . or .. parts")
            path = ""
        paths[direction] = path
    table.finish()
    if paths["inbound"] and paths["inbound"] == paths["outbound"]:
        table.problem("outbound", "must differ from inbound, or the connector would read back its own deliveries")
        return None
    if not (paths["inbound"] and paths["outbound"]):
        return None
    return Mailboxes(paths["inbound"], paths["outbound"])


def _read_items(table: Table | None, standard: Standard | None, role: AccountRole | None) -> ItemPolicy | None:
    if table is None:
        return None
    kind = table.choice("id_kind", ItemIdKind)
    qualifier = table.optional_text("qualifier")
    overrides_table = table.table("overrides")
    table.finish()
    if qualifier is not None and kind is not None and standard is not None:
        qualifier = qualifier.upper()
        wanted = _KIND_ROLES[kind]
        if id_role(standard, qualifier) is not wanted:
            table.problem(
                "qualifier", f"{qualifier!r} is not a {standard.value} qualifier for a {kind.value} identifier"
            )
    overrides: list[ItemOverride] = []
    if overrides_table is not None:
        for partner_id, item_number in overrides_table.entries():
            if not isinstance(item_number, str) or not item_number.strip() or len(item_number.strip()) > 20:
                overrides_table.problem(
                    partner_id, f"must be our item number (1 to 20 characters), got {item_number!r}"
                )
                continue
            overrides.append(ItemOverride(partner_id.strip(), item_number.strip()))
    if kind is None:
        return None
    return ItemPolicy(kind, qualifier, tuple(overrides))


def _check_across_partners(partners: list[PartnerProfile], ours: list[OurIdentity], problems: Problems) -> None:
    by_pair: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    by_account: dict[tuple[str, AccountRole, str], list[str]] = defaultdict(list)
    by_mailbox: dict[str, list[str]] = defaultdict(list)
    our_ids = {(o.identity.qualifier, o.identity.id) for o in ours}
    for p in partners:
        their, our = p.identity, p.our_identity
        by_pair[(their.qualifier, their.id, our.qualifier, our.id)].append(p.code)
        # Dynamics compares account numbers without regard to case.
        by_account[(p.legal_entity, p.role, p.account.number.casefold())].append(p.code)
        by_mailbox[p.mailboxes.inbound].append(p.code)
        by_mailbox[p.mailboxes.outbound].append(p.code)
        if (their.qualifier, their.id) in our_ids | {(our.qualifier, our.id)}:
            problems.add(p.code, "identity", f"{their.describe()} is one of our own identities")
    for (q, i, oq, oi), codes in by_pair.items():
        if len(codes) > 1:
            problems.add(
                codes[-1],
                "identity",
                f"{q}:{i} trading with our {oq}:{oi} is already partner {', '.join(codes[:-1])}; an inbound "
                "interchange could not tell them apart",
            )
    for (entity, role, _), codes in by_account.items():
        if len(codes) > 1:
            account = next(p.account.number for p in partners if p.code == codes[-1])
            problems.add(codes[-1], "account", f"{role.value} {account} in {entity} is already partner {codes[0]}")
    for path, codes in by_mailbox.items():
        if len(codes) > 1:
            problems.add(codes[-1], "mailboxes", f"{path} is already used by partner {codes[0]}")
