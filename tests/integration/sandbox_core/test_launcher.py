"""start_sandbox: wiring of URLs, contexts, per-system fault hooks and factories; clean stop."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
import requests

from sandbox.context import SandboxContext
from sandbox.faults import FaultKind, System, UnknownProfileError
from sandbox.launcher import RunningSandbox, start_sandbox
from sandbox.web import Request, Response
from tests.integration.sandbox_core.conftest import STUBS
from tests.integration.sandbox_core.stub_apps import StoreApp

pytestmark = pytest.mark.integration


class BatchApp:
    """Asks its context's fault hook the way the Dynamics emulator does inside $batch."""

    def __init__(self, ctx: SandboxContext) -> None:
        self.ctx = ctx

    def handle(self, request: Request) -> Response:
        failed = self.ctx.faults("batch_part_failure", request)
        return Response.json({"part_failed": failed})


def test_every_emulator_sees_every_url_and_its_own_fault_hook(sandbox_factory: Callable[..., RunningSandbox]) -> None:
    running = sandbox_factory(factories={System.DYNAMICS: BatchApp, System.STERLING: BatchApp}, seed=4, scale=2)
    context = running.dynamics.ctx  # type: ignore[attr-defined]
    assert context.dynamics_url == running.info.dynamics
    assert context.keyvault_url == running.info.keyvault
    assert context.scale == 2
    assert context.seed == 4
    assert context.ca_cert_path == running.info.ca_cert

    running.faults.inject(System.DYNAMICS, FaultKind.BATCH_PART_FAILURE)
    sterling = requests.post(f"{running.info.sterling}/$batch", timeout=10).json()
    dynamics = requests.post(f"{running.info.dynamics}/$batch", verify=str(running.info.ca_cert), timeout=10).json()
    assert sterling == {"part_failed": False}
    assert dynamics == {"part_failed": True}


def test_fault_profile_is_applied_from_the_start(sandbox_factory: Callable[..., RunningSandbox]) -> None:
    running = sandbox_factory(factories=STUBS, faults="flaky")
    assert running.faults.profile == "flaky"
    statuses = {requests.get(f"{running.info.sterling}/echo", timeout=10).status_code for _ in range(200)}
    assert statuses >= {200, 429, 503}


def test_bad_options_are_refused_before_anything_binds() -> None:
    with pytest.raises(UnknownProfileError):
        start_sandbox(faults="meteor", factories=STUBS)
    with pytest.raises(ValueError, match="scale"):
        start_sandbox(scale=0, factories=STUBS)
    with pytest.raises(ValueError, match="only dynamics and sterling"):
        start_sandbox(factories={**STUBS, System.KEYVAULT: StoreApp})


def test_stop_closes_every_port_and_removes_the_tls_files() -> None:
    with start_sandbox(factories=STUBS) as running:
        ports = [
            int(url.rsplit(":", 1)[1])
            for url in (running.info.entra, running.info.dynamics, running.info.sterling, running.info.keyvault)
        ]
        ca = running.info.ca_cert
        assert ca.exists()
    assert not ca.exists()
    for port in ports:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
    running.stop()  # a second stop is harmless
