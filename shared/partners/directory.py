"""Finding the partner a document belongs to: by interchange identifiers (inbound), by Dynamics account
(outbound), by mailbox or by code.  Built once from the partner file; lookups are dictionary reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from shared.edi.model import Standard
from shared.errors import UnknownPartnerError
from shared.partners.config_reader import OurIdentity, PartnerConfiguration, load_partner_file
from shared.partners.model import AccountRole, EdiIdentity, PartnerProfile

__all__ = ["InterchangeParty", "PartnerDirectory"]


@dataclass(frozen=True, slots=True)
class InterchangeParty:
    """A sender or receiver as an envelope carries it (ISA05/06, ISA07/08; UNB S002/S003)."""

    qualifier: str | None  # EDIFACT allows none
    id: str

    @classmethod
    def of(cls, qualifier: str | None, ident: str) -> InterchangeParty:
        # ISA06/ISA08 are space-padded to 15 characters.
        q = (qualifier or "").strip().upper()
        return cls(q or None, ident.strip())

    def matches(self, identity: EdiIdentity) -> bool:
        if self.id != identity.id:
            return False
        return self.qualifier is None or self.qualifier == identity.qualifier

    def describe(self) -> str:
        return f"{self.qualifier}:{self.id}" if self.qualifier else self.id


class PartnerDirectory:
    """The configured partners, indexed the ways flows need to find them."""

    def __init__(self, configuration: PartnerConfiguration) -> None:
        self.source = configuration.source
        self._partners = configuration.partners
        self._ours = configuration.our_identities
        self._by_code = {p.code: p for p in self._partners}
        self._by_account = {(p.legal_entity, p.role, p.account.number.casefold()): p for p in self._partners}
        self._by_inbound_mailbox = {p.mailboxes.inbound: p for p in self._partners}

    @classmethod
    def from_file(cls, path: Path) -> PartnerDirectory:
        return cls(load_partner_file(path))

    def __iter__(self) -> Iterator[PartnerProfile]:
        return iter(self._partners)

    def __len__(self) -> int:
        return len(self._partners)

    @property
    def our_identities(self) -> tuple[OurIdentity, ...]:
        return self._ours

    def by_code(self, code: str) -> PartnerProfile:
        partner = self._by_code.get(code.strip().upper())
        if partner is None:
            raise UnknownPartnerError(
                f"no partner with code {code!r} in {self.source}",
                context={"partner": code},
                hint=f"known codes: {', '.join(sorted(self._by_code)) or 'none'}",
            )
        return partner

    def by_inbound_mailbox(self, path: str) -> PartnerProfile:
        partner = self._by_inbound_mailbox.get(path.rstrip("/"))
        if partner is None:
            raise UnknownPartnerError(
                f"mailbox {path} is no partner's inbound mailbox in {self.source}",
                context={"mailbox": path},
                hint="add the path as mailboxes.inbound of the partner that drops documents there",
            )
        return partner

    def find_outbound(self, legal_entity: str, role: AccountRole, account: str) -> PartnerProfile | None:
        """The partner trading as ``account``, or None: most customers and vendors do not trade EDI."""
        return self._by_account.get((legal_entity.strip().lower(), role, account.strip().casefold()))

    def for_outbound(self, legal_entity: str, role: AccountRole, account: str) -> PartnerProfile:
        partner = self.find_outbound(legal_entity, role, account)
        if partner is None:
            raise UnknownPartnerError(
                f"no trading partner is configured for {role.value} {account} in legal entity {legal_entity}",
                context={"legal_entity": legal_entity, "account": account},
                hint=(
                    f"add a [partners.CODE] entry with legal_entity = {legal_entity.lower()!r}, "
                    f"role = {role.value!r}, account = {account!r} to {self.source}"
                ),
            )
        return partner

    def for_inbound(self, standard: Standard, sender: InterchangeParty, receiver: InterchangeParty) -> PartnerProfile:
        """The partner sending an interchange to one of our identities (which also names the legal entity)."""
        senders = [p for p in self._partners if p.standard is standard and sender.matches(p.identity)]
        matching = [p for p in senders if receiver.matches(p.our_identity)]
        context = {"sender": sender.describe(), "receiver": receiver.describe(), "standard": standard.value}
        if len(matching) == 1:
            return matching[0]
        if len(matching) > 1:
            # Only possible when the envelope leaves out the qualifier and two partners share the id.
            codes = ", ".join(p.code for p in matching)
            raise UnknownPartnerError(
                f"{standard.value} interchange from {sender.describe()} matches partners {codes}",
                context=context,
                hint="ask the partner to send its id qualifier (UNB S002 0007), or give each partner its own id",
            )
        if senders:
            expected = ", ".join(f"{p.our_identity.describe()} ({p.code}, {p.legal_entity})" for p in senders)
            raise UnknownPartnerError(
                f"{standard.value} interchange from {sender.describe()} is addressed to {receiver.describe()}, "
                f"which is not how that partner knows us (expected {expected})",
                context=context,
                hint="if the partner was given this identity, set it as our_identity of the partner in the file",
            )
        raise UnknownPartnerError(
            f"no {standard.value} trading partner sends as {sender.describe()} to {receiver.describe()}",
            context=context,
            hint=self._inbound_hint(standard, sender, receiver),
        )

    def _inbound_hint(self, standard: Standard, sender: InterchangeParty, receiver: InterchangeParty) -> str:
        near = [
            p
            for p in self._partners
            if p.standard is standard
            and p.identity.id.casefold() == sender.id.casefold()
            and not sender.matches(p.identity)
        ]
        if near:
            p = near[0]
            return (
                f"partner {p.code} is configured as {p.identity.describe()}: check the qualifier and spelling in the "
                f"envelope or in the file"
            )
        ours = [o for o in self._ours if o.standard is standard and receiver.matches(o.identity)]
        entity = ours[0].legal_entity if ours else "<legal entity>"
        qualifier = sender.qualifier or "<qualifier>"
        return (
            f"if this is a new partner, add [partners.CODE] with legal_entity = {entity!r}, standard = "
            f'{standard.value!r} and [partners.CODE.identity] qualifier = "{qualifier}", id = "{sender.id}" '
            f"to {self.source}"
        )
