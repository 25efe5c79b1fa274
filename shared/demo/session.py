"""Runs the demo against a sandbox that is already running: build the connector, run the cycle, collect results.

The connector is built by the production composition root (``build_runtime``) from settings pointing at the
emulators, so the demo exercises the same wiring, clients, Key Vault reads and state adapters as a deployment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from shared.demo.control import CallTotals, SandboxControl
from shared.demo.counting import REPORTED_FLOWS, CycleResult
from shared.demo.cycle import CycleLimits, run_cycle
from shared.demo.endpoints import SandboxEndpoints
from shared.demo.report import write_out
from shared.demo.settings import DEFAULT_PARTNERS_FILE, StateTarget, connector_settings

__all__ = ["DemoOptions", "DemoOutcome", "run_demo"]


@dataclass(frozen=True)
class DemoOptions:
    state: StateTarget
    per_partner: int = 1  # purchase orders per supplier
    orders_per_customer: int = 2  # purchase orders each retailer sends
    out: Path | None = None
    partners_file: Path = DEFAULT_PARTNERS_FILE
    limits: CycleLimits = field(default_factory=CycleLimits)


@dataclass(frozen=True)
class DemoOutcome:
    result: CycleResult
    files_written: tuple[Path, ...]

    @property
    def exit_code(self) -> int:
        """0 when both passes converged, nothing failed and the second pass did nothing; else 1."""
        second = self.result.passes[-1]
        repeated = any(second[flow].done for flow in REPORTED_FLOWS)
        return 0 if self.result.converged and not self.result.failures and not repeated else 1


def run_demo(
    endpoints: SandboxEndpoints,
    options: DemoOptions,
    progress: Callable[[str], None],
    *,
    meter: Callable[[], CallTotals] | None = None,
) -> DemoOutcome:
    """``meter`` reads the emulators' request totals; by default through the sandbox's fault API over HTTP, which
    a sandbox started in this process can skip by reading its fault injector directly (same numbers, faster)."""
    from shared.composition import build_runtime
    from shared.demo.rounds import RoundRunner
    from shared.demo.scenario import Scenario

    settings = connector_settings(endpoints, options.state, partners_file=options.partners_file)
    runtime = build_runtime(settings)
    control = SandboxControl(endpoints)
    try:
        progress(
            f"connector built: {len(runtime.services.partners)} trading partners, state in "
            f"{options.state.choice.value}, secrets from the Key Vault emulator"
        )
        scenario = Scenario(
            control,
            runtime.services,
            progress,
            per_partner=options.per_partner,
            orders_per_customer=options.orders_per_customer,
        )
        runner = RoundRunner(runtime, meter or control.call_totals, scenario.message_flow)
        result = run_cycle(runner, scenario, progress, options.limits)
        files: list[Path] = []
        if options.out is not None:
            created = {
                "sales-orders": control.created_sales_orders(),
                "payment-journal-lines": control.created_payment_journal_lines(),
            }
            files = write_out(options.out, control.received(), created)
            progress(f"wrote {len(files)} files to {options.out}")
        return DemoOutcome(result, tuple(files))
    finally:
        control.close()
        runtime.close()
