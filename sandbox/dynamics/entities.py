"""The entity sets the emulator serves, with keys, property names and Edm types from reference §5 / Appendix A-B.

Property lists are the subset of each real entity that integration flows touch (the real types carry 30-300
properties); names, keys and types are copied, never invented, except where ADR 0220 records an assumption.
"""

from __future__ import annotations

from sandbox.dynamics import entity_sets_master, entity_sets_orders, entity_sets_posted
from sandbox.dynamics.model import EntitySet

__all__ = ["ENTITY_SETS", "entity_set"]

_SETS: tuple[EntitySet, ...] = entity_sets_master.SETS + entity_sets_orders.SETS + entity_sets_posted.SETS

ENTITY_SETS: dict[str, EntitySet] = {s.name: s for s in _SETS}


def entity_set(name: str) -> EntitySet | None:
    """Set names are case-sensitive in F&O (reference §3.1)."""
    return ENTITY_SETS.get(name)
