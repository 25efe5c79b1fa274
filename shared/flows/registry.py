"""Which handler runs each flow, and which sweeper finds its outbound documents.

Flow modules call :func:`register` at import time; the runtime calls :func:`load_flows` once, the first time it
needs a handler, so importing the runtime (and the Functions entry point) stays cheap.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading

from shared.flows.contract import FlowHandler, FlowName, Sweeper

__all__ = ["HANDLERS", "SWEEPERS", "load_flows", "register"]

HANDLERS: dict[FlowName, FlowHandler] = {}
SWEEPERS: dict[FlowName, Sweeper] = {}

# Modules of shared/flows that are not flows.
_NOT_FLOWS = frozenset({"contract", "registry"})
_loaded = threading.Event()
_lock = threading.Lock()


def register(flow: FlowName, handler: FlowHandler, sweeper: Sweeper | None = None) -> None:
    """Make ``handler`` the one that runs ``flow`` (and ``sweeper`` the one that finds its documents)."""
    HANDLERS[flow] = handler
    if sweeper is not None:
        SWEEPERS[flow] = sweeper
    else:
        SWEEPERS.pop(flow, None)


def load_flows() -> None:
    """Import every flow module under shared/flows once, so each registers itself."""
    with _lock:
        if _loaded.is_set():
            return
        import shared.flows

        for info in pkgutil.iter_modules(shared.flows.__path__):
            if info.name not in _NOT_FLOWS and not info.name.startswith("_"):
                importlib.import_module(f"shared.flows.{info.name}")
        _loaded.set()
