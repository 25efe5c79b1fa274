"""``/data/$metadata`` (a trimmed CSDL of the served sets) and the ``/data/`` service document."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.dynamics.values import ENUMS, NAMESPACE, Kind
from sandbox.web import JsonValue

__all__ = ["csdl", "service_document"]


def csdl() -> str:
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
        "<edmx:DataServices>",
        f'<Schema Namespace="{NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">',
    ]
    for entity in ENTITY_SETS.values():
        lines.append(f"<EntityType Name={quoteattr(entity.type_name)}>")
        lines.append("<Key>" + "".join(f"<PropertyRef Name={quoteattr(k)} />" for k in entity.keys) + "</Key>")
        for prop in entity.properties:
            nullable = prop.name not in entity.keys and prop.kind in (Kind.STR, Kind.ENUM)
            lines.append(
                f"<Property Name={quoteattr(prop.name)} Type={quoteattr(prop.edm_type)}"
                f' Nullable="{"true" if nullable else "false"}" />'
            )
        for nav in entity.navigations:
            target = f"{NAMESPACE}.{ENTITY_SETS[nav.target].type_name}"
            type_text = f"Collection({target})" if nav.many else target
            lines.append(f"<NavigationProperty Name={quoteattr(nav.name)} Type={quoteattr(type_text)}>")
            lines.extend(
                f"<ReferentialConstraint Property={quoteattr(src)} ReferencedProperty={quoteattr(dst)} />"
                for src, dst in nav.pairs
            )
            lines.append("</NavigationProperty>")
        if entity.read_only:
            lines.append('<Annotation Term="Microsoft.Dynamics.OData.Core.V1.IsReadOnly" Bool="true" />')
        lines.append("</EntityType>")
    for name, members in ENUMS.items():
        lines.append(f"<EnumType Name={quoteattr(name)}>")
        lines.extend(f'<Member Name={quoteattr(m)} Value="{i}" />' for i, m in enumerate(members))
        lines.append("</EnumType>")
    lines.append('<EntityContainer Name="Resources">')
    for entity in ENTITY_SETS.values():
        lines.append(f"<EntitySet Name={quoteattr(entity.name)} EntityType={quoteattr(entity.qualified_type)}>")
        for nav in entity.navigations:
            lines.append(f"<NavigationPropertyBinding Path={quoteattr(nav.name)} Target={quoteattr(nav.target)} />")
        lines.append("</EntitySet>")
    lines += ["</EntityContainer>", "</Schema>", "</edmx:DataServices>", "</edmx:Edmx>"]
    return "\n".join(lines)


def service_document(service_root: str) -> JsonValue:
    return {
        "@odata.context": f"{service_root}/$metadata",
        "value": [{"name": name, "kind": "EntitySet", "url": name} for name in ENTITY_SETS],
    }
