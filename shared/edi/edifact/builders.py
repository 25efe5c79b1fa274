"""Typed documents to message bodies: what the flows hand the writer instead of hand-built segments.

Each builder emits the segments in the order the directory's message structure requires (the same structures
the validator walks), so a built message validates clean; ``read_document`` of the written message gives the
typed fields back. Amounts and quantities are written with ``.`` as decimal mark, which ISO 9735 obliges every
receiver to accept whatever its UNA says.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from shared.edi.edifact.documents import Amount, DatePeriod, Despatch, Document, Invoice, Line, Order, Party
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.writer import OutboundMessage
from shared.errors import EdiError

__all__ = ["despatch_message", "invoice_message", "order_message"]

# GIN carries at most five identification composites (C208 x5); more SSCCs go in further GIN segments.
_GIN_IDS = 5
_RELEASES = {"D96A": "96A", "D01B": "01B"}


def _number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value, "f")


def _release(document: Document) -> str:
    release = _RELEASES.get(document.directory)
    if release is None:
        raise EdiError(
            f"{document.message_type} {document.number}: directory {document.directory!r} cannot be written",
            context={"document": document.number, "directory": document.directory},
            hint="write D96A or D01B, the directories the partner profile allows",
        )
    return release


def _dates(dates: Iterable[DatePeriod]) -> list[Segment]:
    out: list[Segment] = []
    for d in dates:
        text = d.text or (d.value.strftime("%Y%m%d") if d.value is not None else "")
        out.append(Segment.of("DTM", (d.qualifier, text, d.format or "102")))
    return out


def _references(references: Iterable[tuple[str, str]]) -> list[Segment]:
    return [Segment.of("RFF", (qualifier, value)) for qualifier, value in references]


def _parties(parties: Iterable[Party]) -> list[Segment]:
    return [Segment.of("NAD", p.function, (p.id, "", p.agency), None, p.name or None) for p in parties]


def _amounts(amounts: Iterable[Amount]) -> list[Segment]:
    return [Segment.of("MOA", (a.qualifier, _number(a.value) or "", a.currency)) for a in amounts]


def _line(line: Line) -> list[Segment]:
    """LIN with its PIA, QTY and MOA, then the PRI and RFF groups the line triggers."""
    out = [Segment.of("LIN", line.number, None, (line.item_id, line.item_type))]
    parts: list[tuple[str, str]] = []
    if line.supplier_part:
        parts.append((line.supplier_part, "SA"))
    if line.buyer_part:
        parts.append((line.buyer_part, "IN"))
    if parts:
        out.append(Segment.of("PIA", "1", *parts))
    out.extend(Segment.of("QTY", (qualifier, _number(value) or "")) for qualifier, value in line.quantities)
    out.extend(_amounts(line.amounts))
    out.extend(Segment.of("PRI", (p.qualifier, _number(p.value) or "")) for p in line.prices)
    out.extend(_references(line.references))
    return out


def _header(document: Document, name: str) -> list[Segment]:
    return [
        Segment.of("BGM", document.document_name or name, document.number, document.function or None),
        *_dates(document.dates),
        *_references(document.references),
        *_parties(document.parties),
    ]


def order_message(order: Order) -> OutboundMessage:
    """ORDERS: BGM, DTM, RFF, NAD, CUX, LIN groups, then UNS, the MOA totals and CNT 2 (number of lines)."""
    body = _header(order, "220")
    if order.currency:
        body.append(Segment.of("CUX", ("2", order.currency, "9")))
    for line in order.lines:
        body.extend(_line(line))
    body.append(Segment.of("UNS", "S"))
    body.extend(_amounts(order.totals))
    body.append(Segment.of("CNT", ("2", str(len(order.lines)))))
    return OutboundMessage("ORDERS", tuple(body), release=_release(order))


def invoice_message(invoice: Invoice) -> OutboundMessage:
    """INVOIC: header with TAX, CUX and ALC, LIN groups, then UNS, CNT 2 and the MOA totals."""
    body = _header(invoice, "380")
    body.extend(Segment.of("TAX", "7", (kind,), None, None, ("", "", "", rate)) for kind, rate in invoice.taxes)
    if invoice.currency:
        body.append(Segment.of("CUX", ("2", invoice.currency, "4")))
    body.extend(Segment.of("ALC", kind, None, None, None, (service,)) for kind, service in invoice.allowances)
    for line in invoice.lines:
        body.extend(_line(line))
    body.append(Segment.of("UNS", "S"))
    body.append(Segment.of("CNT", ("2", str(len(invoice.lines)))))
    if not invoice.totals:
        raise EdiError(
            f"invoice {invoice.number} has no totals: INVOIC requires at least one summary MOA",
            context={"document": invoice.number},
            hint="map the invoice total (MOA 77 or 86) and the line total (MOA 79)",
        )
    body.extend(_amounts(invoice.totals))
    return OutboundMessage("INVOIC", tuple(body), release=_release(invoice))


def despatch_message(despatch: Despatch) -> OutboundMessage:
    """DESADV: header, then per package CPS, PAC, PCI 33E with its GIN BJ SSCCs, and the package's lines;
    CNT 2 counts the lines."""
    body = _header(despatch, "351")
    lines = 0
    for package in despatch.packages:
        body.append(Segment.of("CPS", package.level, package.parent or None))
        if package.count is not None or package.package_type:
            body.append(Segment.of("PAC", _number(package.count), None, (package.package_type,)))
            if package.sscc:
                body.append(Segment.of("PCI", "33E"))
                for start in range(0, len(package.sscc), _GIN_IDS):
                    ids = package.sscc[start : start + _GIN_IDS]
                    body.append(Segment.of("GIN", "BJ", *((s,) for s in ids)))
        elif package.sscc:
            raise EdiError(
                f"despatch advice {despatch.number}: package {package.level} has SSCCs but no PAC",
                context={"document": despatch.number, "package": package.level},
                hint="give the package a count or type; the SSCC marking hangs off PAC",
            )
        for line in package.lines:
            body.extend(_line(line))
            lines += 1
    body.append(Segment.of("CNT", ("2", str(lines))))
    return OutboundMessage("DESADV", tuple(body), release=_release(despatch))
