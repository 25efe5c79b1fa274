"""What every outbound sweep shares: the look-back without a cursor, and turning the documents found into work
items for the partners enabled for the flow."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

from shared.flows.contract import FlowName, Services, WorkKind, document_key
from shared.partners import AccountRole, FlowKind
from shared.state.records import WorkItem

__all__ = ["DEFAULT_LOOK_BACK", "sweep_items"]

# How far back a sweep looks when it has no cursor yet (its first run, or after the cursor was reset).
DEFAULT_LOOK_BACK = timedelta(days=7)


def sweep_items(
    services: Services,
    flow: FlowName,
    kind: FlowKind,
    role: AccountRole,
    found: Iterable[tuple[str, str, str]],
) -> list[WorkItem]:
    """Work items for the (legal entity, account, number) found by a sweep, for partners enabled for the flow.

    Accounts that trade no EDI are the rule, not an error, so they are left out here; an event for one still
    reaches the handler, which records why nothing was sent.
    """
    items: dict[str, WorkItem] = {}
    for legal_entity, account, number in found:
        partner = services.partners.find_outbound(legal_entity, role, account)
        if partner is None or not partner.enables(kind):
            continue
        key = document_key(legal_entity.lower(), number)
        items.setdefault(
            key,
            WorkItem(
                kind=WorkKind.DYNAMICS_RECORD.value,
                flow=flow.value,
                natural_key=key,
                partner=partner.code,
                correlation_id=uuid.uuid4().hex,
            ),
        )
    return list(items.values())
