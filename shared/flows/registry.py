"""Which handler runs each flow, and which sweeper finds its outbound documents.

Each flow module exposes ``register_all(register)``; the runtime calls :func:`load_flows` once, the first time it
needs a handler, which imports the flow modules and lets each register itself. Importing a flow module has no
side effect, and importing the runtime (and the Functions entry point) stays cheap.
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


def _register_unless_present(flow: FlowName, handler: FlowHandler, sweeper: Sweeper | None = None) -> None:
    # A handler registered explicitly before the flows are loaded (a test's, an extension's) stays in place.
    if flow not in HANDLERS:
        register(flow, handler, sweeper)


def load_flows() -> None:
    """Import every flow module under shared/flows once and let each register its handlers and sweepers."""
    with _lock:
        if _loaded.is_set():
            return
        import shared.flows

        for info in pkgutil.iter_modules(shared.flows.__path__):
            if info.name not in _NOT_FLOWS and not info.name.startswith("_"):
                module = importlib.import_module(f"shared.flows.{info.name}")
                register_all = getattr(module, "register_all", None)
                if callable(register_all):
                    register_all(_register_unless_present)
        _loaded.set()
