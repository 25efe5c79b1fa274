"""The App that acts out HTTP-level faults around any emulator, and serves ``/sandbox/faults``.

``GET /sandbox/faults`` answers the profile, the rules in force (scripted ones with their remaining count) and
the statistics of every system.  ``POST /sandbox/faults`` takes one JSON object:

* ``{"profile": "chaos"}`` switches the rate rules to a named profile;
* ``{"clear": true}`` removes every rule;
* ``{"kind": "throttle", "times": 2, "methods": ["POST"], "path": "^/data/", ...}`` adds a rule (``systems``
  defaults to the system of the server that received it; ``rate`` instead of ``times`` for a rate rule).

Error bodies follow each system's own format as far as the references describe it, so a client's error parsing
is exercised by faults too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.faults import WRAPPER_KINDS, FaultInjector, FaultKind, FaultRule, System, UnknownProfileError
from sandbox.web import App, JsonValue, Request, Response

__all__ = ["CONTROL_PREFIX", "FaultingApp"]

CONTROL_PREFIX = "/sandbox/"
_FAULTS_PATH = "/sandbox/faults"


def _error_body(system: System, status: int, message: str) -> JsonValue:
    if system is System.DYNAMICS:
        # azure.md/dynamics.md §3.9: OData error with an empty code; the 429 text is the documented one (§4.1).
        return {"error": {"code": "", "message": message}}
    if system is System.STERLING:
        # sterling.md §7: errorCode equals the HTTP status.
        return {"errorCode": status, "errorDescription": message}
    if system is System.KEYVAULT:
        code = {429: "Throttled", 503: "ServiceUnavailable"}.get(status, "InternalServerError")
        return {"error": {"code": code, "message": message}}
    error = "temporarily_unavailable" if status in (429, 503) else "server_error"
    return {"error": error, "error_description": message}


_MESSAGES = {
    429: "This request could not be processed at this time due to system experiencing high resource utilization.",
    500: "An error has occurred.",
    503: "The service is temporarily unavailable.",
}


def _failure(system: System, status: int, retry_after_seconds: int | None) -> Response:
    headers = [] if retry_after_seconds is None else [("Retry-After", str(retry_after_seconds))]
    return Response.json(_error_body(system, status, f"[sandbox fault] {_MESSAGES[status]}"), status, headers)


def _rule_from_json(value: JsonValue, system: System) -> FaultRule:
    if not isinstance(value, dict):
        raise ValueError("the body must be a JSON object")
    kind_text = value.get("kind")
    if not isinstance(kind_text, str):
        raise ValueError('"kind" must be one of: ' + ", ".join(k.value for k in FaultKind))
    kind = FaultKind(kind_text)
    systems_value = value.get("systems", [system.value])
    methods_value = value.get("methods", [])
    if not isinstance(systems_value, list) or not all(isinstance(s, str) for s in systems_value):
        raise ValueError('"systems" must be a list of system names')
    if not isinstance(methods_value, list) or not all(isinstance(m, str) for m in methods_value):
        raise ValueError('"methods" must be a list of HTTP methods')
    path = value.get("path", "")
    rate = value.get("rate", 0.0)
    times = value.get("times", 0 if "rate" in value else 1)
    retry_after = value.get("retry_after_seconds", 1)
    delay = value.get("delay_seconds", 1.0)
    if not isinstance(path, str):
        raise ValueError('"path" must be a regex string')
    if not isinstance(rate, int | float) or not isinstance(times, int) or not isinstance(retry_after, int):
        raise ValueError('"rate" must be a number, "times" and "retry_after_seconds" integers')
    if not isinstance(delay, int | float):
        raise ValueError('"delay_seconds" must be a number')
    return FaultRule(
        kind,
        systems=frozenset(System(s) for s in systems_value if isinstance(s, str)),
        methods=frozenset(m for m in methods_value if isinstance(m, str)),
        path=path,
        rate=float(rate),
        times=times,
        retry_after_seconds=retry_after,
        delay_seconds=float(delay),
    )


@dataclass
class FaultingApp:
    """Wraps one system's emulator: asks the injector before and acts the fault out around the emulator."""

    system: System
    app: App
    injector: FaultInjector

    def handle(self, request: Request) -> Response:
        if request.path == _FAULTS_PATH:
            return self._control(request)
        if request.path.startswith(CONTROL_PREFIX):
            return self.app.handle(request)
        self.injector.record_request(self.system)
        rule = self.injector.draw(self.system, request, WRAPPER_KINDS)
        if rule is None:
            return self.app.handle(request)
        match rule.kind:
            case FaultKind.THROTTLE:
                return _failure(self.system, 429, rule.retry_after_seconds)
            case FaultKind.UNAVAILABLE:
                return _failure(self.system, 503, rule.retry_after_seconds)
            case FaultKind.SERVER_ERROR:
                return _failure(self.system, 500, None)
            case FaultKind.RESET:
                return Response(reset_connection=True)
            case FaultKind.SLOW:
                response = self.app.handle(request)
                response.delay_seconds += rule.delay_seconds
                return response
            case FaultKind.LOST_RESPONSE:
                response = self.app.handle(request)
                response.reset_connection = True
                return response
            case FaultKind.FAIL_AFTER_STORE:
                self.app.handle(request)
                return _failure(self.system, 500, None)
            case _:
                return self.app.handle(request)

    def _control(self, request: Request) -> Response:
        if request.method == "GET":
            return Response.json(self.injector.to_json())
        if request.method != "POST":
            return Response.json({"error": f"{request.method} is not allowed on {_FAULTS_PATH}"}, 405)
        try:
            body = request.json()
            if isinstance(body, dict) and "profile" in body:
                profile = body["profile"]
                if not isinstance(profile, str):
                    raise ValueError('"profile" must be a profile name')
                self.injector.use_profile(profile)
            elif isinstance(body, dict) and body.get("clear") is True:
                self.injector.clear()
            else:
                self.injector.add(_rule_from_json(body, self.system))
        except (ValueError, UnknownProfileError) as exc:
            return Response.json({"error": str(exc)}, 400)
        return Response.json(self.injector.to_json())
