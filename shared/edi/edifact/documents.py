"""Typed views of ORDERS, INVOIC, DESADV and REMADV (D96A and D01B read alike at segment level).

Each document keeps every segment it was read from, in order, so nothing a partner sends is dropped and the
message re-serialises unchanged; the typed fields name what the flows use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypedDict

from shared.edi.edifact.envelope import Message
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.sums import amount

__all__ = [
    "Adjustment",
    "Amount",
    "DatePeriod",
    "Despatch",
    "Document",
    "Invoice",
    "Line",
    "Order",
    "Package",
    "Party",
    "Remittance",
    "RemittedDocument",
    "read_document",
]


@dataclass(frozen=True, slots=True)
class DatePeriod:
    qualifier: str
    text: str
    format: str
    value: date | None


@dataclass(frozen=True, slots=True)
class Amount:
    qualifier: str
    value: Decimal | None
    currency: str = ""


@dataclass(frozen=True, slots=True)
class Party:
    function: str  # NAD 3035: BY, SU, DP, IV ...
    id: str
    agency: str  # 3055: 9 = GLN
    name: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    number: str
    item_id: str
    item_type: str  # EN = GTIN
    buyer_part: str = ""
    supplier_part: str = ""
    quantities: tuple[tuple[str, Decimal | None], ...] = ()
    prices: tuple[Amount, ...] = ()
    amounts: tuple[Amount, ...] = ()
    references: tuple[tuple[str, str], ...] = ()

    def quantity(self, qualifier: str) -> Decimal | None:
        return next((q for k, q in self.quantities if k == qualifier), None)


@dataclass(frozen=True, slots=True)
class Package:
    level: str  # CPS 7164
    parent: str  # CPS 7166
    count: Decimal | None
    package_type: str
    sscc: tuple[str, ...]
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Adjustment:
    reason: str
    amount: Decimal | None


@dataclass(frozen=True, slots=True)
class RemittedDocument:
    document_type: str  # 380 invoice, 381 credit note
    number: str
    amounts: tuple[Amount, ...]
    adjustments: tuple[Adjustment, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """Fields every business message has."""

    message_type: str
    directory: str  # D96A or D01B
    document_name: str  # BGM 1001
    number: str  # BGM 1004
    function: str  # BGM 1225
    dates: tuple[DatePeriod, ...]
    parties: tuple[Party, ...]
    references: tuple[tuple[str, str], ...]
    # What a received message came with: its UNH 0062 and every segment, in order. A document built for
    # sending leaves them empty; the writer allocates the reference and the builders make the segments.
    reference: str = ""
    segments: tuple[Segment, ...] = ()

    def date(self, qualifier: str) -> date | None:
        return next((d.value for d in self.dates if d.qualifier == qualifier), None)

    def party(self, function: str) -> Party | None:
        return next((p for p in self.parties if p.function == function), None)


@dataclass(frozen=True, slots=True)
class Order(Document):
    currency: str = ""
    lines: tuple[Line, ...] = ()
    totals: tuple[Amount, ...] = ()


@dataclass(frozen=True, slots=True)
class Invoice(Document):
    currency: str = ""
    lines: tuple[Line, ...] = ()
    totals: tuple[Amount, ...] = ()
    taxes: tuple[tuple[str, str], ...] = ()  # (type, rate)
    allowances: tuple[tuple[str, str], ...] = ()  # (A/C, service code)

    @property
    def order_number(self) -> str:
        return next((v for k, v in self.references if k == "ON"), "")


@dataclass(frozen=True, slots=True)
class Despatch(Document):
    packages: tuple[Package, ...] = ()


@dataclass(frozen=True, slots=True)
class Remittance(Document):
    institutions: tuple[tuple[str, str], ...] = ()  # (FII 3035, account)
    documents: tuple[RemittedDocument, ...] = ()
    totals: tuple[Amount, ...] = ()


def _date(segment: Segment) -> DatePeriod:
    text, fmt = segment.get(1, 2), segment.get(1, 3)
    value: date | None = None
    if fmt in ("102", "203", "") and len(text) >= 8 and text[:8].isdigit():
        try:
            value = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        except ValueError:
            value = None
    return DatePeriod(segment.get(1, 1), text, fmt, value)


def _amount(segment: Segment) -> Amount:
    return Amount(segment.get(1, 1), amount(segment.get(1, 2)), segment.get(1, 3))


class _LineBuilder:
    def __init__(self, lin: Segment) -> None:
        self.lin = lin
        self.buyer = ""
        self.supplier = ""
        self.quantities: list[tuple[str, Decimal | None]] = []
        self.prices: list[Amount] = []
        self.amounts: list[Amount] = []
        self.references: list[tuple[str, str]] = []

    def take(self, s: Segment) -> None:
        if s.tag == "PIA":
            for e in s.elements[1:]:
                kind = e[1] if len(e) > 1 else ""
                if kind in ("BP", "IN") and not self.buyer:
                    self.buyer = e[0]
                elif kind == "SA" and not self.supplier:
                    self.supplier = e[0]
        elif s.tag == "QTY":
            self.quantities.append((s.get(1, 1), amount(s.get(1, 2))))
        elif s.tag == "PRI":
            self.prices.append(Amount(s.get(1, 1), amount(s.get(1, 2))))
        elif s.tag == "MOA":
            self.amounts.append(_amount(s))
        elif s.tag == "RFF":
            self.references.append((s.get(1, 1), s.get(1, 2)))

    def build(self) -> Line:
        lin = self.lin
        return Line(
            lin.get(1),
            lin.get(3, 1),
            lin.get(3, 2),
            self.buyer,
            self.supplier,
            tuple(self.quantities),
            tuple(self.prices),
            tuple(self.amounts),
            tuple(self.references),
        )


class _Common(TypedDict):
    message_type: str
    directory: str
    document_name: str
    number: str
    function: str
    dates: tuple[DatePeriod, ...]
    parties: tuple[Party, ...]
    references: tuple[tuple[str, str], ...]
    reference: str
    segments: tuple[Segment, ...]


def read_document(message: Message) -> Document:
    """The typed view of a business message; unknown types get the common fields only."""
    body = message.body
    bgm = next((s for s in body if s.tag == "BGM"), Segment("BGM"))
    dates: list[DatePeriod] = []
    parties: list[Party] = []
    refs: list[tuple[str, str]] = []
    lines: list[Line] = []
    totals: list[Amount] = []
    currency = ""
    taxes: list[tuple[str, str]] = []
    allowances: list[tuple[str, str]] = []
    packages: list[Package] = []
    institutions: list[tuple[str, str]] = []
    remitted: list[RemittedDocument] = []
    line: _LineBuilder | None = None
    summary = False
    cps: Segment | None = None
    pac: Segment | None = None
    sscc: list[str] = []
    pkg_lines: list[Line] = []
    doc: Segment | None = None
    doc_amounts: list[Amount] = []
    adjustments: list[Adjustment] = []
    in_ajt = ""

    def close_line() -> None:
        nonlocal line
        if line is not None:
            built = line.build()
            (pkg_lines if cps is not None else lines).append(built)
        line = None

    def close_package() -> None:
        nonlocal cps, pac, sscc, pkg_lines
        close_line()
        if cps is not None:
            packages.append(
                Package(
                    cps.get(1),
                    cps.get(2),
                    amount(pac.get(1)) if pac else None,
                    pac.get(3, 1) if pac else "",
                    tuple(sscc),
                    tuple(pkg_lines),
                )
            )
        cps, pac, sscc, pkg_lines = None, None, [], []

    def close_doc() -> None:
        nonlocal doc, doc_amounts, adjustments
        if doc is not None:
            remitted.append(RemittedDocument(doc.get(1, 1), doc.get(2, 1), tuple(doc_amounts), tuple(adjustments)))
        doc, doc_amounts, adjustments = None, [], []

    for s in body:
        tag = s.tag
        if tag == "LIN":
            close_line()
            line = _LineBuilder(s)
        elif tag == "CPS":
            close_package()
            cps = s
        elif tag == "PAC" and cps is not None and line is None:
            pac = pac or s
        elif tag == "GIN" and s.get(1) == "BJ":
            sscc.extend(e[0] for e in s.elements[1:] if e and e[0])
        elif tag == "UNS":
            close_line()
            close_package()
            close_doc()
            summary = True
        elif tag == "DOC":
            close_doc()
            doc = s
        elif tag == "AJT":
            in_ajt = s.get(1)
        elif line is not None and not summary:
            line.take(s)
            if tag == "TAX":
                taxes.append((s.get(2, 1), s.get(5, 4)))
        elif tag == "MOA" and doc is not None:
            if in_ajt:
                adjustments.append(Adjustment(in_ajt, amount(s.get(1, 2))))
                in_ajt = ""
            else:
                doc_amounts.append(_amount(s))
        elif tag == "MOA" and summary:
            totals.append(_amount(s))
        elif tag == "DTM" and doc is None:
            dates.append(_date(s))
        elif tag == "NAD" and doc is None:
            parties.append(Party(s.get(1), s.get(2, 1), s.get(2, 3), s.get(4, 1) or s.get(3, 1)))
        elif tag == "RFF" and doc is None:
            refs.append((s.get(1, 1), s.get(1, 2)))
        elif tag == "CUX" and not currency:
            currency = s.get(1, 2)
        elif tag == "FII":
            institutions.append((s.get(1), s.get(2, 1)))
        elif tag == "TAX":
            taxes.append((s.get(2, 1), s.get(5, 4)))
        elif tag == "ALC":
            allowances.append((s.get(1), s.get(5, 1)))
    close_line()
    close_package()
    close_doc()
    common: _Common = {
        "message_type": message.type,
        "directory": message.directory,
        "document_name": bgm.get(1, 1),
        "number": bgm.get(2, 1),
        "function": bgm.get(3),
        "dates": tuple(dates),
        "parties": tuple(parties),
        "references": tuple(refs),
        "reference": message.reference,
        "segments": message.segments,
    }
    if message.type == "ORDERS":
        return Order(**common, currency=currency, lines=tuple(lines), totals=tuple(totals))
    if message.type == "INVOIC":
        return Invoice(
            **common,
            currency=currency,
            lines=tuple(lines),
            totals=tuple(totals),
            taxes=tuple(taxes),
            allowances=tuple(allowances),
        )
    if message.type == "DESADV":
        return Despatch(**common, packages=tuple(packages))
    if message.type == "REMADV":
        return Remittance(**common, institutions=tuple(institutions), documents=tuple(remitted), totals=tuple(totals))
    return Document(**common)
