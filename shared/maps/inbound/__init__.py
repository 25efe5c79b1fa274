"""Inbound maps: a partner's order or remittance (X12 or EDIFACT) → the Dynamics records to create.

Pure: each standard is first read into a standard-neutral document (``documents``), which the record maps
(``sales_order``, ``payment_journal``) turn into drafts that know their own OData bodies.  The only outside
help a map takes is the item resolver, passed in.
"""

from shared.maps.inbound.documents import (
    Address,
    Deduction,
    OrderDocument,
    OrderLineDocument,
    RemittanceDocument,
    RemittedInvoice,
)
from shared.maps.inbound.edifact_documents import order_from_orders, remittance_from_remadv
from shared.maps.inbound.payment_journal import PaymentJournalDraft, PaymentLineDraft, map_remittance
from shared.maps.inbound.sales_order import SalesOrderDraft, SalesOrderLineDraft, map_order
from shared.maps.inbound.x12_documents import order_from_850, remittance_from_820

__all__ = [
    "Address",
    "Deduction",
    "OrderDocument",
    "OrderLineDocument",
    "PaymentJournalDraft",
    "PaymentLineDraft",
    "RemittanceDocument",
    "RemittedInvoice",
    "SalesOrderDraft",
    "SalesOrderLineDraft",
    "map_order",
    "map_remittance",
    "order_from_850",
    "order_from_orders",
    "remittance_from_820",
    "remittance_from_remadv",
]
