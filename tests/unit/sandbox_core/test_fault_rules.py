"""Fault rules: matching, rates, scripted one-shots, determinism, statistics and the named profiles."""

from __future__ import annotations

import pytest

from sandbox.faults import (
    HOOK_KINDS,
    PROFILES,
    WRAPPER_KINDS,
    FaultInjector,
    FaultKind,
    FaultRule,
    System,
    UnknownProfileError,
)
from sandbox.web import Request

pytestmark = pytest.mark.unit

GET = Request("GET", "/data/SalesOrderHeadersV2")
POST = Request("POST", "/data/SalesOrderHeadersV2")
BATCH = Request("POST", "/data/$batch")


def fired_kinds(injector: FaultInjector, system: System, request: Request, n: int) -> list[FaultKind | None]:
    out: list[FaultKind | None] = []
    for _ in range(n):
        rule = injector.draw(system, request, WRAPPER_KINDS)
        out.append(None if rule is None else rule.kind)
    return out


@pytest.mark.parametrize(
    "options",
    [{}, {"rate": 0.5, "times": 1}, {"rate": 1.5}, {"times": 1, "path": "("}, {"rate": 0.1, "delay_seconds": -1}],
)
def test_invalid_rules_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="fault rule throttle"):
        FaultRule(FaultKind.THROTTLE, **options)  # type: ignore[arg-type]


def test_rule_matches_system_method_and_path() -> None:
    rule = FaultRule(
        FaultKind.THROTTLE,
        systems=frozenset({System.DYNAMICS}),
        methods=frozenset({"post"}),
        path=r"/\$batch$",
        times=1,
    )
    assert rule.matches(System.DYNAMICS, BATCH)
    assert not rule.matches(System.STERLING, BATCH)
    assert not rule.matches(System.DYNAMICS, POST)
    assert not rule.matches(System.DYNAMICS, Request("GET", "/data/$batch"))


def test_one_shot_fires_the_next_n_matching_requests_only() -> None:
    injector = FaultInjector()
    injector.inject(System.STERLING, FaultKind.UNAVAILABLE, times=2, methods=["POST"])
    assert fired_kinds(injector, System.STERLING, GET, 2) == [None, None]
    assert fired_kinds(injector, System.DYNAMICS, POST, 1) == [None]
    assert fired_kinds(injector, System.STERLING, POST, 3) == [FaultKind.UNAVAILABLE, FaultKind.UNAVAILABLE, None]
    assert injector.rules() == ()


def test_scripted_rules_come_before_rate_rules() -> None:
    injector = FaultInjector()
    injector.add(FaultRule(FaultKind.THROTTLE, rate=1.0))
    injector.inject(System.ENTRA, FaultKind.RESET)
    assert fired_kinds(injector, System.ENTRA, GET, 2) == [FaultKind.RESET, FaultKind.THROTTLE]


def test_rate_is_honoured_over_many_requests() -> None:
    injector = FaultInjector(seed=1)
    injector.add(FaultRule(FaultKind.SERVER_ERROR, rate=0.2))
    fired = sum(k is not None for k in fired_kinds(injector, System.DYNAMICS, GET, 5000))
    # Binomial(5000, 0.2): mean 1000, sd 28; +-150 is more than 5 sd.
    assert 850 <= fired <= 1150
    assert injector.stats().count(System.DYNAMICS, FaultKind.SERVER_ERROR) == fired


def test_same_seed_same_faults_and_systems_do_not_shift_each_other() -> None:
    def sequence(seed: int, interleave_other: bool) -> list[FaultKind | None]:
        injector = FaultInjector(seed=seed, profile="chaos")
        out = []
        for _ in range(200):
            if interleave_other:
                injector.draw(System.STERLING, POST, WRAPPER_KINDS)
            out.extend(fired_kinds(injector, System.DYNAMICS, POST, 1))
        return out

    assert sequence(5, False) == sequence(5, True)
    assert sequence(5, False) != sequence(6, False)


def test_hook_answers_only_emulator_kinds() -> None:
    injector = FaultInjector()
    injector.inject(System.DYNAMICS, FaultKind.THROTTLE)
    injector.inject(System.DYNAMICS, FaultKind.BATCH_PART_FAILURE)
    hook = injector.hook(System.DYNAMICS)
    assert hook("throttle", GET) is False  # the wrapper acts HTTP-level kinds out; never twice
    assert hook("no_such_kind", GET) is False
    assert hook("batch_part_failure", BATCH) is True
    assert hook("batch_part_failure", BATCH) is False
    assert injector.hook(System.STERLING)("token_expired", GET) is False
    assert injector.stats().count(System.DYNAMICS, FaultKind.BATCH_PART_FAILURE) == 1


def test_stats_count_requests_and_faults_per_system() -> None:
    injector = FaultInjector()
    injector.inject(System.KEYVAULT, FaultKind.THROTTLE, times=3)
    for _ in range(5):
        injector.record_request(System.KEYVAULT)
        injector.draw(System.KEYVAULT, GET, WRAPPER_KINDS)
    stats = injector.stats()
    assert stats.requests == {System.KEYVAULT: 5}
    assert stats.to_json() == {
        "entra": {"requests": 0, "faults": {}},
        "dynamics": {"requests": 0, "faults": {}},
        "sterling": {"requests": 0, "faults": {}},
        "keyvault": {"requests": 5, "faults": {"throttle": 3}},
    }


def test_profiles_switch_and_clear() -> None:
    injector = FaultInjector(profile="flaky")
    assert {r.kind for r in injector.rules()} == {FaultKind.THROTTLE, FaultKind.UNAVAILABLE}
    injector.inject(System.ENTRA, FaultKind.RESET)
    injector.use_profile("none")
    assert [r.kind for r in injector.rules()] == [FaultKind.RESET]  # scripted one-shots survive a profile switch
    injector.clear()
    assert injector.rules() == ()
    with pytest.raises(UnknownProfileError, match="chaos"):
        injector.use_profile("meteor")


def test_chaos_fires_every_kind_several_times_in_a_demo_sized_run() -> None:
    # A demo run: ~300 requests per system, a third of them writes; one Dynamics request in six is a $batch.
    for seed in range(3):
        injector = FaultInjector(seed=seed, profile="chaos")
        for system in System:
            for i in range(300):
                request = BATCH if system is System.DYNAMICS and i % 6 == 0 else (POST if i % 3 == 0 else GET)
                injector.draw(system, request, WRAPPER_KINDS)
                for kind in HOOK_KINDS:
                    injector.hook(system)(kind.value, request)
        stats = injector.stats()
        for kind in FaultKind:
            total = sum(stats.count(system, kind) for system in System)
            assert total >= 3, f"seed {seed}: {kind} fired {total} times"


def test_chaos_lets_a_client_with_five_attempts_finish() -> None:
    injector = FaultInjector(seed=0, profile="chaos")
    harmless = {FaultKind.SLOW, None}
    for system in System:
        for _ in range(300):
            attempts = 0
            while True:
                attempts += 1
                rule = injector.draw(system, POST, WRAPPER_KINDS)
                if rule is None or rule.kind in harmless:
                    break
                assert attempts < 5, f"{system}: a request failed 5 times in a row"


def test_every_profile_is_valid_and_chaos_covers_every_kind() -> None:
    assert set(PROFILES) == {"none", "flaky", "slow", "chaos"}
    assert {rule.kind for rule in PROFILES["chaos"]} == set(FaultKind)
