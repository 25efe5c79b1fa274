"""Which queue a work item travels on, and which direction its ledger entry has."""

from __future__ import annotations

from shared.flows.contract import WorkKind
from shared.state.records import Direction, WorkItem, WorkLane

__all__ = ["direction_of", "lane_of"]


def direction_of(flow: str) -> Direction:
    return Direction.OUTBOUND if flow.startswith("outbound") else Direction.INBOUND


def lane_of(item: WorkItem) -> WorkLane:
    if item.kind == WorkKind.DYNAMICS_RECORD.value or direction_of(item.flow) is Direction.OUTBOUND:
        return WorkLane.OUTBOUND
    return WorkLane.INBOUND
