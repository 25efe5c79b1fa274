"""The in-memory ControlNumberAllocator, under the name the EDIFACT modules import it by."""

from __future__ import annotations

from shared.edi.model import InMemoryControlNumbers

__all__ = ["InMemoryControlNumbers"]
