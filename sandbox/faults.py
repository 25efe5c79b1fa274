"""Fault injection for the sandbox: rules, named profiles, the run-time API and counted statistics.

A :class:`FaultRule` says which requests it matches (system, method, path regex) and when it fires: at a
``rate`` (a seeded random draw per matching request) or as a scripted one-shot (``times``: the next N matching
requests).  Scripted rules are asked first, so a test can force a fault regardless of the profile in force.

Two families of kinds:

* HTTP-level kinds (:data:`WRAPPER_KINDS`) are acted out around any emulator by ``sandbox.fault_wrapper``:
  429, 500, 503, a delay, a dropped connection before the work, a dropped connection after the work, a 500 after
  the work.
* Emulator-internal kinds (:data:`HOOK_KINDS`) only the emulator can act out (a failed part inside a Dynamics
  ``$batch``; a valid token treated as expired); the emulator asks ``ctx.faults(kind, request)``.  The hook answers
  only these kinds, so an HTTP-level kind is never acted out twice for one request.

Control routes (``/sandbox/...``) are never faulted: the wrapper does not consult the injector for them.
"""

from __future__ import annotations

import random
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from sandbox.context import FaultHook
from sandbox.web import JsonValue, Request

__all__ = [
    "HOOK_KINDS",
    "PROFILES",
    "WRAPPER_KINDS",
    "FaultInjector",
    "FaultKind",
    "FaultRule",
    "FaultStats",
    "System",
    "UnknownProfileError",
]


class System(StrEnum):
    ENTRA = "entra"
    DYNAMICS = "dynamics"
    STERLING = "sterling"
    KEYVAULT = "keyvault"


class FaultKind(StrEnum):
    THROTTLE = "throttle"  # 429 + Retry-After, the request is not handled
    SERVER_ERROR = "server_error"  # 500, not handled
    UNAVAILABLE = "unavailable"  # 503 + Retry-After, not handled
    SLOW = "slow"  # handled, answered after a delay
    RESET = "reset"  # connection dropped before handling
    LOST_RESPONSE = "lost_response"  # handled, then the connection is dropped: done, but the client never hears
    FAIL_AFTER_STORE = "fail_after_store"  # handled, then answered 500: done, but the client is told it failed
    BATCH_PART_FAILURE = "batch_part_failure"  # Dynamics $batch: one changeset fails inside a 200 batch
    TOKEN_EXPIRED = "token_expired"  # a resource treats a valid token as expired (401)


WRAPPER_KINDS: frozenset[FaultKind] = frozenset(
    {
        FaultKind.THROTTLE,
        FaultKind.SERVER_ERROR,
        FaultKind.UNAVAILABLE,
        FaultKind.SLOW,
        FaultKind.RESET,
        FaultKind.LOST_RESPONSE,
        FaultKind.FAIL_AFTER_STORE,
    }
)
HOOK_KINDS: frozenset[FaultKind] = frozenset({FaultKind.BATCH_PART_FAILURE, FaultKind.TOKEN_EXPIRED})

ALL_SYSTEMS: frozenset[System] = frozenset(System)
# Methods that change state: a fault "after the work" only means something where there is work to lose.
WRITE_METHODS: frozenset[str] = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class UnknownProfileError(ValueError):
    """A fault profile name that is not one of :data:`PROFILES`."""


@dataclass(frozen=True)
class FaultRule:
    """Which requests a fault applies to, and when it fires.

    ``systems``/``methods`` empty means any; ``path`` is a regex searched in the request path ("" = any).
    Exactly one of ``rate`` (0 < rate <= 1) and ``times`` (> 0, scripted one-shots) is set.
    """

    kind: FaultKind
    systems: frozenset[System] = ALL_SYSTEMS
    methods: frozenset[str] = frozenset()
    path: str = ""
    rate: float = 0.0
    times: int = 0
    retry_after_seconds: int = 1
    delay_seconds: float = 1.0

    def __post_init__(self) -> None:
        if (self.rate > 0) == (self.times > 0):
            raise ValueError(f"fault rule {self.kind}: set either rate (0 < rate <= 1) or times (> 0), not both")
        if not 0 <= self.rate <= 1:
            raise ValueError(f"fault rule {self.kind}: rate {self.rate} is outside 0..1")
        if self.retry_after_seconds < 0 or self.delay_seconds < 0:
            raise ValueError(f"fault rule {self.kind}: retry_after_seconds and delay_seconds must not be negative")
        try:
            re.compile(self.path)
        except re.error as exc:
            raise ValueError(f"fault rule {self.kind}: path {self.path!r} is not a regex: {exc}") from exc
        object.__setattr__(self, "methods", frozenset(m.upper() for m in self.methods))

    @property
    def scripted(self) -> bool:
        return self.times > 0

    def matches(self, system: System, request: Request) -> bool:
        if self.systems and system not in self.systems:
            return False
        if self.methods and request.method.upper() not in self.methods:
            return False
        return not self.path or re.search(self.path, request.path) is not None

    def to_json(self) -> JsonValue:
        return {
            "kind": self.kind.value,
            "systems": [s.value for s in sorted(self.systems)],
            "methods": [m for m in sorted(self.methods)],
            "path": self.path,
            "rate": self.rate,
            "times": self.times,
            "retry_after_seconds": self.retry_after_seconds,
            "delay_seconds": self.delay_seconds,
        }


@dataclass(frozen=True)
class FaultStats:
    """Requests seen (outside control routes) and faults fired, per system."""

    requests: Mapping[System, int]
    fired: Mapping[System, Mapping[FaultKind, int]]

    def count(self, system: System, kind: FaultKind) -> int:
        return self.fired.get(system, {}).get(kind, 0)

    def to_json(self) -> JsonValue:
        return {
            system.value: {
                "requests": self.requests.get(system, 0),
                "faults": {kind.value: n for kind, n in sorted(self.fired.get(system, {}).items())},
            }
            for system in System
        }


def _rated(
    kind: FaultKind,
    rate: float,
    *,
    systems: frozenset[System] = ALL_SYSTEMS,
    methods: frozenset[str] = frozenset(),
    path: str = "",
    retry_after_seconds: int = 1,
    delay_seconds: float = 1.0,
) -> FaultRule:
    return FaultRule(
        kind,
        systems=systems,
        methods=methods,
        path=path,
        rate=rate,
        retry_after_seconds=retry_after_seconds,
        delay_seconds=delay_seconds,
    )


# Named profiles.  The demo sends a few hundred requests per system; the rates are chosen against that size.
PROFILES: Mapping[str, tuple[FaultRule, ...]] = {
    "none": (),
    # A normal day in production: an occasional throttle or servicing blip that a client with retries absorbs.
    # 3 % and 2 % give a handful of each per few hundred requests; Retry-After 1 s keeps a demo run short.
    "flaky": (
        _rated(FaultKind.THROTTLE, 0.03),
        _rated(FaultKind.UNAVAILABLE, 0.02),
    ),
    # A congested network or busy AOS: one request in five waits half a second (30 s added per 300 requests).
    "slow": (_rated(FaultKind.SLOW, 0.2, delay_seconds=0.5),),
    # Every kind, at rates that make each fire several times in a demo run (~300 requests per system, about a
    # third of them writes): 3 % of 300 is ~9, 1.5 % is ~4-5.  Faults after the work (lost response, 500 after
    # store) hit only writes, where they test idempotence (on reads they would test nothing new), at 3 %: ~3 per
    # system, ~9 per run.  Entra is spared them (a token request has no lasting effect).  Together the HTTP-level
    # kinds fail ~14.5 % of writes and ~8.5 % of reads, so a client making 5 attempts loses a write for good with
    # probability 0.145^5 = 6.4e-5, and queue redelivery multiplies the attempts: a correct client finishes.
    # Batch part failures are drawn per part inside a $batch (the emulator asks with the part's own request, so
    # no path filter): a demo run writes some 100 parts (a header and its lines per order or journal), so 5 %
    # gives ~5 failures, each rolling back its whole changeset.
    "chaos": (
        _rated(FaultKind.THROTTLE, 0.03, retry_after_seconds=1),
        _rated(FaultKind.UNAVAILABLE, 0.02, retry_after_seconds=1),
        _rated(FaultKind.SERVER_ERROR, 0.02),
        _rated(FaultKind.SLOW, 0.02, delay_seconds=0.3),
        _rated(FaultKind.RESET, 0.015),
        _rated(
            FaultKind.LOST_RESPONSE,
            0.03,
            methods=WRITE_METHODS,
            systems=frozenset({System.DYNAMICS, System.STERLING, System.KEYVAULT}),
        ),
        _rated(
            FaultKind.FAIL_AFTER_STORE,
            0.03,
            methods=WRITE_METHODS,
            systems=frozenset({System.DYNAMICS, System.STERLING, System.KEYVAULT}),
        ),
        _rated(FaultKind.TOKEN_EXPIRED, 0.015, systems=frozenset({System.DYNAMICS, System.KEYVAULT})),
        _rated(FaultKind.BATCH_PART_FAILURE, 0.05, systems=frozenset({System.DYNAMICS})),
    ),
}


@dataclass
class _Scripted:
    rule: FaultRule
    remaining: int


@dataclass
class FaultInjector:
    """The run-time fault API shared by every server of one sandbox.  Thread-safe.

    Each system draws from its own RNG seeded from ``seed`` and the system name, so one system's traffic does not
    shift another's faults: a sequential client sees the same faults on every run with the same seed.
    """

    seed: int = 0
    profile: str = "none"
    _rules: list[FaultRule] = field(default_factory=list)
    _scripted: list[_Scripted] = field(default_factory=list)
    _rngs: dict[System, random.Random] = field(default_factory=dict)
    _requests: Counter[System] = field(default_factory=Counter)
    _fired: Counter[tuple[System, FaultKind]] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        # Reproducible fault sequences are the point here; nothing secret is drawn from these generators.
        self._rngs = {system: random.Random(f"{self.seed}:{system.value}") for system in System}  # noqa: S311
        self.use_profile(self.profile)

    def use_profile(self, name: str) -> None:
        """Replace the rate rules with a named profile's (scripted one-shots stay)."""
        if name not in PROFILES:
            raise UnknownProfileError(f"unknown fault profile {name!r}; choose one of: {', '.join(PROFILES)}")
        with self._lock:
            self.profile = name
            self._rules = list(PROFILES[name])

    def add(self, rule: FaultRule) -> None:
        with self._lock:
            if rule.scripted:
                self._scripted.append(_Scripted(rule, rule.times))
            else:
                self._rules.append(rule)

    def inject(
        self,
        system: System,
        kind: FaultKind,
        *,
        times: int = 1,
        methods: Iterable[str] = (),
        path: str = "",
        retry_after_seconds: int = 1,
        delay_seconds: float = 1.0,
    ) -> FaultRule:
        """Script a fault: the next ``times`` requests to ``system`` that match fire ``kind``."""
        rule = FaultRule(
            kind,
            systems=frozenset({system}),
            methods=frozenset(methods),
            path=path,
            times=times,
            retry_after_seconds=retry_after_seconds,
            delay_seconds=delay_seconds,
        )
        self.add(rule)
        return rule

    def clear(self) -> None:
        """Remove every rule, scripted or rated; the profile name becomes ``none``.  Statistics stay."""
        with self._lock:
            self.profile = "none"
            self._rules = []
            self._scripted = []

    def rules(self) -> tuple[FaultRule, ...]:
        with self._lock:
            pending = [replace(s.rule, times=s.remaining) for s in self._scripted]
            return (*pending, *self._rules)

    def stats(self) -> FaultStats:
        with self._lock:
            fired: dict[System, dict[FaultKind, int]] = {}
            for (system, kind), n in self._fired.items():
                fired.setdefault(system, {})[kind] = n
            return FaultStats(requests=dict(self._requests), fired=fired)

    def record_request(self, system: System) -> None:
        with self._lock:
            self._requests[system] += 1

    def draw(self, system: System, request: Request, kinds: frozenset[FaultKind]) -> FaultRule | None:
        """The rule that fires for this request among ``kinds``, if any (counted as fired)."""
        with self._lock:
            for index, scripted in enumerate(self._scripted):
                if scripted.rule.kind in kinds and scripted.rule.matches(system, request):
                    scripted.remaining -= 1
                    if scripted.remaining <= 0:
                        del self._scripted[index]
                    self._fired[(system, scripted.rule.kind)] += 1
                    return scripted.rule
            rng = self._rngs[system]
            for rule in self._rules:
                # Draw only for matching rules, so adding a rule for one path does not shift the others' draws.
                if rule.kind in kinds and rule.matches(system, request) and rng.random() < rule.rate:
                    self._fired[(system, rule.kind)] += 1
                    return rule
            return None

    def hook(self, system: System) -> FaultHook:
        """The ``ctx.faults`` callable for one system's emulator (answers :data:`HOOK_KINDS` only)."""

        def ask(kind: str, request: Request) -> bool:
            try:
                wanted = FaultKind(kind)
            except ValueError:
                return False
            if wanted not in HOOK_KINDS:
                return False
            return self.draw(system, request, frozenset({wanted})) is not None

        return ask

    def to_json(self) -> JsonValue:
        stats = self.stats().to_json()
        return {"profile": self.profile, "rules": [rule.to_json() for rule in self.rules()], "stats": stats}
