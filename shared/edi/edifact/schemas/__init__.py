"""Message structures for the messages the connector trades, keyed by (message type, directory); ``*`` is
any directory. Segment-group numbers are not written: they follow from document order, as in the UN
directories, and shift between directories (ADR 0120)."""

from __future__ import annotations

from shared.edi.edifact.schemas import contrl, desadv, invoic, orders, remadv

__all__ = ["STRUCTURES"]

STRUCTURES: dict[tuple[str, str], str] = {
    ("ORDERS", "D96A"): orders.D96A,
    ("ORDERS", "D01B"): orders.D01B,
    ("INVOIC", "D96A"): invoic.D96A,
    ("INVOIC", "D01B"): invoic.D01B,
    ("DESADV", "D96A"): desadv.D96A,
    ("DESADV", "D01B"): desadv.D01B,
    ("REMADV", "D96A"): remadv.D96A,
    ("REMADV", "D01B"): remadv.D01B,
    ("CONTRL", "*"): contrl.CONTRL,
}
