"""Realistic documents a retail partner sends us: X12 850 / 820 and EDIFACT ORDERS / REMADV.

Purchase order lines name catalog items with the identifier kind each partner uses (UPC / GTIN-14 / GTIN-13 for
GTIN partners, the buyer's part number otherwise), exactly as ``sandbox.seed.catalog.partner_item_id`` says.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sandbox.seed.catalog import CatalogItem, partner_item_id
from sandbox.seed.partners import OUR_IDENTIFIERS, SandboxPartner
from sandbox.sterling.edifact_writer import EdifactParty, Segment, edifact_interchange
from sandbox.sterling.x12_writer import X12Party, x12_interchange

__all__ = [
    "Deduction",
    "OrderLine",
    "RemittedInvoice",
    "choose_order_lines",
    "orders_edifact",
    "purchase_order_850",
    "remadv_edifact",
    "remittance_820",
]

CENT = Decimal("0.01")


@dataclass(frozen=True)
class OrderLine:
    item: CatalogItem
    partner_item_id: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class Deduction:
    amount: Decimal  # positive: what the partner withholds (a chargeback, a promotion, a shortage)
    reason: str = "59"
    reference: str = ""


@dataclass(frozen=True)
class RemittedInvoice:
    number: str
    amount: Decimal  # the invoice's gross amount
    deductions: tuple[Deduction, ...] = ()

    @property
    def net(self) -> Decimal:
        return self.amount - sum((d.amount for d in self.deductions), Decimal(0))


def choose_order_lines(partner: SandboxPartner, items: Sequence[CatalogItem], rng: random.Random) -> list[OrderLine]:
    chosen = rng.sample(list(items), k=min(len(items), rng.randint(1, 5)))
    return [
        OrderLine(item, partner_item_id(partner, item), rng.choice((6, 12, 24, 48, 96)), item.unit_price)
        for item in chosen
    ]


def _x12_parties(partner: SandboxPartner) -> tuple[X12Party, X12Party]:
    qualifier, interchange_id, group_id = OUR_IDENTIFIERS[partner.legal_entity]
    return X12Party(partner.qualifier, partner.interchange_id, partner.group_id), X12Party(
        qualifier, interchange_id, group_id
    )


def _edifact_parties(partner: SandboxPartner) -> tuple[EdifactParty, EdifactParty]:
    qualifier, interchange_id, _ = OUR_IDENTIFIERS[partner.legal_entity]
    return EdifactParty(partner.interchange_id, partner.qualifier), EdifactParty(interchange_id, qualifier)


def _x12_item_ids(partner: SandboxPartner, line: OrderLine) -> list[str]:
    if partner.item_id_kind != "gtin":
        return ["BP", line.partner_item_id]
    if partner.version.startswith("005"):
        # 5010 retailers commonly send the GTIN-14 first and the UPC beside it.
        return ["UK", line.item.gtin, "UP", line.partner_item_id]
    return ["UP", line.partner_item_id]


def purchase_order_850(
    partner: SandboxPartner,
    po_number: str,
    lines: Sequence[OrderLine],
    moment: datetime,
    *,
    interchange_control: int,
    group_control: int,
) -> bytes:
    body: list[list[str]] = [
        ["BEG", "00", "SA", po_number, "", moment.strftime("%Y%m%d")],
        ["CUR", "BY", partner.currency],
        ["REF", "DP", "042"],
        ["DTM", "002", (moment + timedelta(days=10)).strftime("%Y%m%d")],
        ["N1", "ST", f"{partner.name} DC 7", "92", "0007"],
    ]
    for number, line in enumerate(lines, start=1):
        body.append(
            [
                "PO1",
                str(number),
                str(line.quantity),
                "EA",
                f"{line.unit_price:.2f}",
                "PE",
                *_x12_item_ids(partner, line),
            ]
        )
        body.append(["PID", "F", "08", "", "", line.item.name.upper()])
    body.append(["CTT", str(len(lines)), str(sum(line.quantity for line in lines))])
    sender, receiver = _x12_parties(partner)
    return x12_interchange(
        sender=sender,
        receiver=receiver,
        version=partner.version,
        functional_id="PO",
        interchange_control=interchange_control,
        group_control=group_control,
        moment=moment,
        transactions=[("850", body)],
    )


def remittance_820(
    partner: SandboxPartner,
    trace_number: str,
    invoices: Sequence[RemittedInvoice],
    moment: datetime,
    *,
    interchange_control: int,
    group_control: int,
) -> bytes:
    # Reconciliation rule: BPR02 = sum of RMR04 + sum of ADX01 (deductions are negative ADX amounts).
    total = sum((invoice.net for invoice in invoices), Decimal(0))
    company = f"1{partner.interchange_id[-9:]:0>9}"
    body: list[list[str]] = [
        [
            "BPR",
            "C",
            f"{total.quantize(CENT)}",
            "C",
            "ACH",
            "CTX",
            "01",
            "071000013",
            "DA",
            "5550001234",
            company,
            "",
            "01",
            "021000021",
            "DA",
            "9876543210",
            moment.strftime("%Y%m%d"),
        ],
        ["TRN", "1", trace_number, company],
        ["CUR", "PR", partner.currency],
        ["DTM", "097", moment.strftime("%Y%m%d")],
        ["N1", "PR", partner.name],
        ["N1", "PE", OUR_IDENTIFIERS[partner.legal_entity][1], "92", partner.account],
        ["ENT", "1"],
    ]
    for invoice in invoices:
        amount = f"{invoice.amount.quantize(CENT)}"
        body.append(["RMR", "IV", invoice.number, "PI", amount, amount])
        for deduction in invoice.deductions:
            adx = ["ADX", f"{(-deduction.amount).quantize(CENT)}", deduction.reason]
            body.append(adx + (["CM", deduction.reference] if deduction.reference else []))
    sender, receiver = _x12_parties(partner)
    return x12_interchange(
        sender=sender,
        receiver=receiver,
        version=partner.version,
        functional_id="RA",
        interchange_control=interchange_control,
        group_control=group_control,
        moment=moment,
        transactions=[("820", body)],
    )


def _eancom_association(partner: SandboxPartner, message: str) -> tuple[str, ...]:
    directory = partner.version[1:]  # D96A -> 96A
    if message == "ORDERS":
        return ("ORDERS", "D", directory, "UN", "EAN008" if directory == "96A" else "EAN010")
    return (message, "D", directory, "UN")


def orders_edifact(
    partner: SandboxPartner, po_number: str, lines: Sequence[OrderLine], moment: datetime, *, reference: str
) -> bytes:
    _, ours, _ = OUR_IDENTIFIERS[partner.legal_entity]
    body: list[tuple[str, Segment]] = [
        ("BGM", [["220"], [po_number], ["9"]]),
        ("DTM", [["137", moment.strftime("%Y%m%d"), "102"]]),
        ("DTM", [["2", (moment + timedelta(days=10)).strftime("%Y%m%d"), "102"]]),
        ("NAD", [["BY"], [partner.interchange_id, "", "9"]]),
        ("NAD", [["SU"], [ours, "", "9"]]),
        ("CUX", [["2", partner.currency, "9"]]),
    ]
    for number, line in enumerate(lines, start=1):
        if partner.item_id_kind == "gtin":
            body.append(("LIN", [[str(number)], [], [line.partner_item_id, "EN"]]))
        else:
            body.append(("LIN", [[str(number)]]))
            body.append(("PIA", [["5"], [line.partner_item_id, "IN"]]))
        body.append(("IMD", [["F"], [], ["", "", "", line.item.name]]))
        body.append(("QTY", [["21", str(line.quantity)]]))
        body.append(("PRI", [["AAA", f"{line.unit_price:.2f}"]]))
    body.append(("UNS", [["S"]]))
    body.append(("CNT", [["2", str(len(lines))]]))
    sender, recipient = _edifact_parties(partner)
    return edifact_interchange(
        sender=sender,
        recipient=recipient,
        reference=reference,
        moment=moment,
        messages=[(_eancom_association(partner, "ORDERS"), body)],
        application="ORDERS",
    )


def remadv_edifact(
    partner: SandboxPartner,
    advice_number: str,
    invoices: Sequence[RemittedInvoice],
    moment: datetime,
    *,
    reference: str,
) -> bytes:
    _, ours, _ = OUR_IDENTIFIERS[partner.legal_entity]
    total = sum((invoice.net for invoice in invoices), Decimal(0))
    body: list[tuple[str, Segment]] = [
        ("BGM", [["481"], [advice_number], ["9"]]),
        ("DTM", [["137", moment.strftime("%Y%m%d"), "102"]]),
        ("RFF", [["PQ", advice_number]]),
        ("NAD", [["PR"], [partner.interchange_id, "", "9"]]),
        ("NAD", [["PE"], [ours, "", "9"]]),
        ("CUX", [["2", partner.currency, "11"]]),
    ]
    for invoice in invoices:
        body.append(("DOC", [["380"], [invoice.number]]))
        body.append(("MOA", [["9", f"{invoice.amount.quantize(CENT)}"]]))
        body.append(("MOA", [["12", f"{invoice.net.quantize(CENT)}"]]))
        for deduction in invoice.deductions:
            body.append(("AJT", [[deduction.reason], ["1"]]))
            body.append(("MOA", [["165", f"{(-deduction.amount).quantize(CENT)}"]]))
            if deduction.reference:
                body.append(("RFF", [["ACE", deduction.reference]]))
    body.append(("UNS", [["S"]]))
    body.append(("MOA", [["12", f"{total.quantize(CENT)}"]]))
    sender, recipient = _edifact_parties(partner)
    return edifact_interchange(
        sender=sender,
        recipient=recipient,
        reference=reference,
        moment=moment,
        messages=[(_eancom_association(partner, "REMADV"), body)],
        application="REMADV",
    )
