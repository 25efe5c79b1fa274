"""Real handlers for runtime tests: they write to state like a flow does, and fail on demand like a flow can."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sandbox.launcher import RunningSandbox
from shared.flows import registry
from shared.flows.contract import FlowHandler, FlowName, FlowOutcome, FlowResult, Services, Sweeper
from shared.state.records import Direction, LedgerChange, LedgerEntry, LedgerStatus, WorkItem

REPO = Path(__file__).resolve().parents[3]
PARTNERS_FILE = REPO / "config" / "partners.sandbox.toml"
URL_TOKEN = "t0ken-0f-at-least-32-characters-xyz"
FUNCTION_KEY = "local-function-key-for-tests"
ADMIN_KEY = "local-admin-key-for-tests"


def sandbox_values(sandbox: RunningSandbox) -> dict[str, str]:
    info = sandbox.info
    creds = info.credentials
    return {
        "DYNAMICS_ENV_URL": info.dynamics,
        "DYNAMICS_ALLOW_SANDBOX_HOST": "true",
        "DYNAMICS_AUTHORITY_HOST": info.entra,
        "DYNAMICS_TENANT_ID": creds.tenant_id,
        "DYNAMICS_CLIENT_ID": creds.client_id,
        "DYNAMICS_CLIENT_SECRET": creds.client_secret,
        "DYNAMICS_LEGAL_ENTITIES": "usmf,demf",
        "DYNAMICS_CA_BUNDLE": str(info.ca_cert),
        "STERLING_BASE_URL": info.sterling,
        "STERLING_USER": creds.sterling_user,
        "STERLING_PASSWORD": creds.sterling_password,
        "STERLING_CA_BUNDLE": str(info.ca_cert),
        "PARTNERS_FILE": str(PARTNERS_FILE),
        "EVENTS_URL_TOKEN": URL_TOKEN,
        "LOCAL_FUNCTION_KEY": FUNCTION_KEY,
        "LOCAL_ADMIN_KEY": ADMIN_KEY,
        "LOCAL_HTTP_PORT": "0",
    }


@dataclass
class ScriptedFlow:
    """A flow handler that does what a flow does (archive output, walk the ledger to done) unless told to fail.

    ``fail_next`` errors are raised one per call, then ``broken`` (if set) on every call; clear ``broken`` to
    "fix the cause".
    """

    direction: Direction = Direction.OUTBOUND
    fail_next: list[BaseException] = field(default_factory=list)
    broken: BaseException | None = None
    follow_up: tuple[WorkItem, ...] = ()
    calls: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
        with self._lock:
            self.calls.append(work.natural_key)
            error = self.fail_next.pop(0) if self.fail_next else self.broken
        if error is not None:
            raise error
        ledger = services.state.ledger
        output = services.state.payloads.put(f"ISA*output for {work.natural_key}~".encode())
        entry = ledger.transition(entry, LedgerChange(status=LedgerStatus.TRANSLATED, output_payload=output))
        done = LedgerStatus.DELIVERED if self.direction is Direction.OUTBOUND else LedgerStatus.CREATED
        ledger.transition(entry, LedgerChange(status=done))
        return FlowResult(FlowOutcome.DONE, f"{done.value} {work.natural_key}", follow_up=self.follow_up)


@contextmanager
def registered(
    handlers: dict[FlowName, FlowHandler], sweepers: dict[FlowName, Sweeper] | None = None
) -> Iterator[None]:
    """Register test handlers in the real registry, restoring what was there afterwards."""
    registry.load_flows()
    saved_handlers, saved_sweepers = dict(registry.HANDLERS), dict(registry.SWEEPERS)
    registry.HANDLERS.clear()
    registry.SWEEPERS.clear()
    for flow, handler in handlers.items():
        registry.register(flow, handler, (sweepers or {}).get(flow))
    try:
        yield
    finally:
        registry.HANDLERS.clear()
        registry.HANDLERS.update(saved_handlers)
        registry.SWEEPERS.clear()
        registry.SWEEPERS.update(saved_sweepers)
