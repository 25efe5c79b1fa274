"""``ml-connector demo --json``: the contract scripts depend on, and the promise that faults only cost retries."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.e2e.conftest import DemoRun

pytestmark = pytest.mark.e2e

FLOWS = ("outbound_850", "outbound_810", "outbound_856", "inbound_850", "inbound_820")
COUNTS = ("found", "done", "failed", "duplicates_suppressed", "dynamics_calls", "sterling_calls")


def passes_of(run: DemoRun) -> list[dict[str, dict[str, int]]]:
    passes = run.document["passes"]
    assert isinstance(passes, list)
    return passes


def totals(run: DemoRun, column: str) -> dict[str, int]:
    return {flow: sum(p[flow][column] for p in passes_of(run)) for flow in FLOWS}


def test_json_has_both_passes_every_flow_and_every_count(cli_run: DemoRun) -> None:
    passes = passes_of(cli_run)
    assert len(passes) == 2
    for number, counts in enumerate(passes, start=1):
        for flow in FLOWS:
            assert flow in counts, f"pass {number} lacks {flow}"
            for column in COUNTS:
                value = counts[flow][column]
                assert isinstance(value, int), f"pass {number} {flow}.{column} is {value!r}"
                assert value >= 0
    failures = cli_run.document["failures"]
    assert isinstance(failures, list)
    for failure in failures:
        assert set(failure) >= {"flow", "key", "reason"}


def test_first_pass_does_every_flow_and_second_pass_does_nothing(cli_run: DemoRun) -> None:
    first, second = passes_of(cli_run)
    assert {flow: first[flow]["done"] for flow in FLOWS if first[flow]["done"] == 0} == {}
    assert {flow: second[flow]["done"] for flow in FLOWS} == dict.fromkeys(FLOWS, 0)
    # The second pass finds the outbound documents again (its sweep overlaps the first) and does none of them.
    for flow in ("outbound_850", "outbound_810", "outbound_856"):
        assert second[flow]["found"] >= first[flow]["done"], flow
        assert second[flow]["duplicates_suppressed"] == second[flow]["found"], flow


def test_a_clean_run_has_no_failure(cli_run: DemoRun) -> None:
    assert cli_run.document["failures"] == [], cli_run.stderr[-3000:]


def test_a_clean_run_converges_with_exit_code_0(cli_run: DemoRun) -> None:
    assert cli_run.document["converged"] is True, cli_run.stderr[-3000:]
    assert cli_run.exit_code == 0


def test_progress_goes_to_stderr_one_line_per_step(cli_run: DemoRun) -> None:
    lines = [line for line in cli_run.stderr.splitlines() if line.startswith("demo [")]
    assert any("pass 1, round 1" in line for line in lines)
    assert any("pass 2 finished" in line for line in lines)
    assert any("partners:" in line for line in lines)


def test_calls_are_charged_to_the_flows_that_made_them(cli_run: DemoRun) -> None:
    first, second = passes_of(cli_run)
    for flow in FLOWS:
        assert first[flow]["dynamics_calls"] > 0, flow
    for flow in ("outbound_850", "outbound_810", "outbound_856", "inbound_850", "inbound_820"):
        assert first[flow]["sterling_calls"] > 0, flow
    # With nothing to do, the second pass only looks: a sweep query per outbound flow, no Sterling writes.
    for flow in ("outbound_850", "outbound_810", "outbound_856"):
        assert second[flow]["sterling_calls"] == 0, flow
        assert 0 < second[flow]["dynamics_calls"] < first[flow]["dynamics_calls"], flow


def test_chaos_faults_only_cost_retries(cli_run: DemoRun, chaos_run: DemoRun) -> None:
    assert totals(chaos_run, "done") == totals(cli_run, "done")
    assert totals(chaos_run, "failed") == totals(cli_run, "failed")

    def failures_per_flow(run: DemoRun) -> Counter[str]:
        failures = run.document["failures"]
        assert isinstance(failures, list)
        return Counter(str(f["flow"]) for f in failures)

    assert failures_per_flow(chaos_run) == failures_per_flow(cli_run)
    assert {flow: passes_of(chaos_run)[1][flow]["done"] for flow in FLOWS} == dict.fromkeys(FLOWS, 0)

    # The faults were real: the same work took more requests.
    def all_calls(run: DemoRun) -> int:
        return sum(totals(run, "dynamics_calls").values()) + sum(totals(run, "sterling_calls").values())

    assert all_calls(chaos_run) > all_calls(cli_run)
    assert chaos_run.exit_code == cli_run.exit_code


def test_a_chaos_run_converges(chaos_run: DemoRun) -> None:
    assert chaos_run.document["converged"] is True, chaos_run.stderr[-3000:]
