"""The fault wrapper around an emulator, called directly: what each kind does to the answer and the work."""

from __future__ import annotations

import json

import pytest

from sandbox.fault_wrapper import FaultingApp
from sandbox.faults import FaultInjector, FaultKind, FaultRule, System
from sandbox.web import Request, Response

pytestmark = pytest.mark.unit


class Counter:
    def __init__(self) -> None:
        self.handled: list[str] = []

    def handle(self, request: Request) -> Response:
        self.handled.append(request.path)
        return Response.json({"ok": True}, 201)


def wrapped(system: System = System.STERLING) -> tuple[FaultingApp, Counter, FaultInjector]:
    app = Counter()
    injector = FaultInjector()
    return FaultingApp(system, app, injector), app, injector


POST = Request("POST", "/work")


@pytest.mark.parametrize(
    ("kind", "status", "retry_after", "work_done"),
    [
        (FaultKind.THROTTLE, 429, "3", False),
        (FaultKind.UNAVAILABLE, 503, "3", False),
        (FaultKind.SERVER_ERROR, 500, None, False),
        (FaultKind.FAIL_AFTER_STORE, 500, None, True),
    ],
)
def test_status_faults(kind: FaultKind, status: int, retry_after: str | None, work_done: bool) -> None:
    faulting, app, injector = wrapped()
    injector.inject(System.STERLING, kind, retry_after_seconds=3)
    response = faulting.handle(POST)
    assert response.status == status
    assert response.header("Retry-After") == retry_after
    assert app.handled == (["/work"] if work_done else [])


def test_reset_drops_before_the_work_and_lost_response_after() -> None:
    faulting, app, injector = wrapped()
    injector.inject(System.STERLING, FaultKind.RESET)
    assert faulting.handle(POST).reset_connection is True
    assert app.handled == []
    injector.inject(System.STERLING, FaultKind.LOST_RESPONSE)
    lost = faulting.handle(POST)
    assert lost.reset_connection is True
    assert app.handled == ["/work"]


def test_slow_keeps_the_answer_and_adds_the_delay() -> None:
    faulting, app, injector = wrapped()
    injector.inject(System.STERLING, FaultKind.SLOW, delay_seconds=2.5)
    response = faulting.handle(POST)
    assert (response.status, response.delay_seconds) == (201, 2.5)
    assert app.handled == ["/work"]


@pytest.mark.parametrize(
    ("system", "shape"),
    [
        (System.DYNAMICS, {"error": {"code": "", "message": ""}}),
        (System.STERLING, {"errorCode": 429, "errorDescription": ""}),
        (System.KEYVAULT, {"error": {"code": "Throttled", "message": ""}}),
        (System.ENTRA, {"error": "temporarily_unavailable", "error_description": ""}),
    ],
)
def test_fault_bodies_use_each_systems_error_shape(system: System, shape: dict[str, object]) -> None:
    faulting, _, injector = wrapped(system)
    injector.inject(system, FaultKind.THROTTLE)
    body = json.loads(faulting.handle(POST).body)
    assert body.keys() == shape.keys()
    inner = next(iter(shape.values()))
    if isinstance(inner, dict):
        assert body["error"]["code"] == inner["code"]
    elif system is System.STERLING:
        assert body["errorCode"] == 429
    else:
        assert body["error"] == "temporarily_unavailable"


def test_control_routes_bypass_faults_and_other_sandbox_routes_reach_the_app() -> None:
    faulting, app, injector = wrapped()
    injector.add(FaultRule(FaultKind.RESET, rate=1.0))
    assert faulting.handle(Request("GET", "/sandbox/faults")).status == 200
    assert faulting.handle(Request("GET", "/sandbox/anything")).status == 201
    assert app.handled == ["/sandbox/anything"]
    assert injector.stats().requests == {}
    assert faulting.handle(POST).reset_connection is True


def test_control_route_rejects_bad_rules_and_methods() -> None:
    faulting, _, injector = wrapped()
    for bad in (b"[]", b'{"kind": "throttle", "rate": 2}', b'{"kind": "throttle", "systems": ["mars"]}', b"{"):
        response = faulting.handle(Request("POST", "/sandbox/faults", body=bad))
        assert response.status == 400, bad
        assert "error" in json.loads(response.body)
    assert faulting.handle(Request("DELETE", "/sandbox/faults")).status == 405
    assert injector.rules() == ()


def test_control_route_adds_a_rate_rule_for_named_systems() -> None:
    faulting, _, injector = wrapped()
    body = b'{"kind": "slow", "rate": 0.5, "systems": ["dynamics", "keyvault"], "delay_seconds": 0.2}'
    assert faulting.handle(Request("POST", "/sandbox/faults", body=body)).status == 200
    (rule,) = injector.rules()
    assert rule.systems == frozenset({System.DYNAMICS, System.KEYVAULT})
    assert (rule.rate, rule.times, rule.delay_seconds) == (0.5, 0, 0.2)
