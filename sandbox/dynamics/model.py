"""The shape of an entity set: keys, properties, navigation properties, company scope, read-only flag."""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.dynamics.values import NAMESPACE, Kind, Property

__all__ = ["EntitySet", "Navigation", "NumberSequence", "parse_properties"]

_KINDS = {
    "Str": Kind.STR,
    "Dec": Kind.DEC,
    "I32": Kind.I32,
    "I64": Kind.I64,
    "DTO": Kind.DTO,
    "Guid": Kind.GUID,
    "Bool": Kind.BOOL,
}


def parse_properties(spec: str) -> tuple[Property, ...]:
    """Read the Appendix B notation: ``Name:Str, Other:E:NoYes, When:DTO``; ``DTO!`` marks a UTC date-time."""
    props: list[Property] = []
    for raw in spec.replace("\n", " ").split(","):
        item = raw.strip()
        if not item:
            continue
        name, _, type_text = item.partition(":")
        if type_text.startswith("E:"):
            props.append(Property(name, Kind.ENUM, enum=type_text[2:]))
        elif type_text == "DTO!":
            props.append(Property(name, Kind.DTO, date_only=False))
        else:
            props.append(Property(name, _KINDS[type_text]))
    return tuple(props)


@dataclass(frozen=True)
class Navigation:
    """A navigation property: ``pairs`` joins (this side's property, the target's property)."""

    name: str
    target: str
    pairs: tuple[tuple[str, str], ...]
    many: bool = True


@dataclass(frozen=True)
class NumberSequence:
    """A key field F&O fills from a number sequence when a POST leaves it empty."""

    field: str
    pattern: str  # str.format pattern with {company} (upper case) and {n}
    numeric: bool = False  # RecId-style Int64 keys (FreeTextInvoiceHeaders.InvoiceIdentifier)


@dataclass(frozen=True)
class EntitySet:
    name: str
    type_name: str
    keys: tuple[str, ...]
    properties: tuple[Property, ...]
    aot_name: str  # the X++ entity name used in Infolog messages
    navigations: tuple[Navigation, ...] = ()
    read_only: bool = False
    number_sequence: NumberSequence | None = None
    by_name: dict[str, Property] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {p.name: p for p in self.properties})
        missing = [k for k in self.keys if k not in self.by_name]
        if missing:
            raise ValueError(f"{self.name}: key properties {missing} are not declared")

    @property
    def company_scoped(self) -> bool:
        """Shared entities (no dataAreaId in the key) ignore the company (reference §3.10, §7)."""
        return "dataAreaId" in self.keys

    @property
    def qualified_type(self) -> str:
        return f"{NAMESPACE}.{self.type_name}"

    def navigation(self, name: str) -> Navigation | None:
        for nav in self.navigations:
            if nav.name == name:
                return nav
        return None
