"""Every HTTP-level fault kind, as a plain requests client sees it, and the /sandbox/faults control route."""

from __future__ import annotations

import time

import pytest
import requests

from sandbox.faults import FaultKind, System
from sandbox.launcher import RunningSandbox

pytestmark = pytest.mark.integration


def items(running: RunningSandbox) -> int:
    count = requests.get(f"{running.info.sterling}/items", timeout=10).json()["count"]
    assert isinstance(count, int)
    return count


def test_throttle_is_429_with_retry_after_and_no_work_done(core_sandbox: RunningSandbox) -> None:
    core_sandbox.faults.inject(System.STERLING, FaultKind.THROTTLE, retry_after_seconds=7)
    response = requests.post(f"{core_sandbox.info.sterling}/items", data=b"a", timeout=10)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.json()["errorCode"] == 429  # Sterling's error shape
    assert items(core_sandbox) == 0


def test_server_error_is_500(core_sandbox: RunningSandbox) -> None:
    core_sandbox.faults.inject(System.DYNAMICS, FaultKind.SERVER_ERROR)
    response = requests.get(f"{core_sandbox.info.dynamics}/echo", verify=str(core_sandbox.info.ca_cert), timeout=10)
    assert response.status_code == 500
    assert response.json()["error"]["code"] == ""  # F&O's OData error shape


def test_unavailable_is_503_with_retry_after(core_sandbox: RunningSandbox) -> None:
    core_sandbox.faults.inject(System.STERLING, FaultKind.UNAVAILABLE, retry_after_seconds=2)
    response = requests.get(f"{core_sandbox.info.sterling}/echo", timeout=10)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"


def test_slow_answers_after_the_delay(core_sandbox: RunningSandbox) -> None:
    core_sandbox.faults.inject(System.STERLING, FaultKind.SLOW, delay_seconds=0.4)
    started = time.monotonic()
    response = requests.get(f"{core_sandbox.info.sterling}/echo", timeout=10)
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.4
    core_sandbox.faults.inject(System.STERLING, FaultKind.SLOW, delay_seconds=0.5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(f"{core_sandbox.info.sterling}/echo", timeout=0.2)


def test_reset_drops_the_connection_before_the_work(core_sandbox: RunningSandbox) -> None:
    core_sandbox.faults.inject(System.STERLING, FaultKind.RESET)
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.post(f"{core_sandbox.info.sterling}/items", data=b"a", timeout=10)
    assert items(core_sandbox) == 0


def test_lost_response_does_the_work_but_the_client_never_hears(core_sandbox: RunningSandbox) -> None:
    core_sandbox.faults.inject(System.STERLING, FaultKind.LOST_RESPONSE, methods=["POST"])
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.post(f"{core_sandbox.info.sterling}/items", data=b"order-1", timeout=10)
    listing = requests.get(f"{core_sandbox.info.sterling}/items", timeout=10).json()
    assert listing["items"] == ["order-1"]


def test_lost_response_over_tls(core_sandbox: RunningSandbox) -> None:
    core_sandbox.faults.inject(System.DYNAMICS, FaultKind.LOST_RESPONSE)
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.post(
            f"{core_sandbox.info.dynamics}/items", data=b"x", verify=str(core_sandbox.info.ca_cert), timeout=10
        )
    assert core_sandbox.dynamics.items == [b"x"]  # type: ignore[attr-defined]


def test_fail_after_store_answers_500_after_the_work(core_sandbox: RunningSandbox) -> None:
    core_sandbox.faults.inject(System.STERLING, FaultKind.FAIL_AFTER_STORE)
    response = requests.post(f"{core_sandbox.info.sterling}/items", data=b"order-2", timeout=10)
    assert response.status_code == 500
    assert items(core_sandbox) == 1


def test_one_shots_fire_exactly_times_then_requests_pass(core_sandbox: RunningSandbox) -> None:
    core_sandbox.faults.inject(System.STERLING, FaultKind.THROTTLE, times=2, path=r"^/echo$")
    statuses = [requests.get(f"{core_sandbox.info.sterling}/echo", timeout=10).status_code for _ in range(4)]
    assert statuses == [429, 429, 200, 200]
    stats = core_sandbox.faults.stats()
    assert stats.count(System.STERLING, FaultKind.THROTTLE) == 2
    assert stats.requests[System.STERLING] == 4


def test_control_route_adds_rules_and_reports_stats(core_sandbox: RunningSandbox) -> None:
    url = f"{core_sandbox.info.sterling}/sandbox/faults"
    added = requests.post(url, json={"kind": "server_error", "times": 1, "methods": ["GET"]}, timeout=10)
    assert added.status_code == 200
    assert added.json()["rules"][0]["systems"] == ["sterling"]

    assert requests.get(f"{core_sandbox.info.sterling}/echo", timeout=10).status_code == 500
    state = requests.get(url, timeout=10).json()
    assert state["stats"]["sterling"] == {"requests": 1, "faults": {"server_error": 1}}
    assert state["stats"]["dynamics"] == {"requests": 0, "faults": {}}
    assert state["rules"] == []

    assert requests.post(url, json={"profile": "chaos"}, timeout=10).json()["profile"] == "chaos"
    assert requests.post(url, json={"clear": True}, timeout=10).json()["profile"] == "none"
    refused = requests.post(url, json={"kind": "meteor"}, timeout=10)
    assert refused.status_code == 400
    assert "meteor" in refused.json()["error"]


def test_control_routes_are_never_faulted(core_sandbox: RunningSandbox) -> None:
    core_sandbox.faults.inject(System.STERLING, FaultKind.RESET, times=5)
    for _ in range(3):
        assert requests.get(f"{core_sandbox.info.sterling}/sandbox/faults", timeout=10).status_code == 200
        assert requests.get(f"{core_sandbox.info.sterling}/sandbox/status", timeout=10).json() == {"status": "stub"}
    assert core_sandbox.faults.stats().count(System.STERLING, FaultKind.RESET) == 0
