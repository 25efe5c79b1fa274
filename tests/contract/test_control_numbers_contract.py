"""The control numbers' contract: per partner and kind, increasing, never handed out twice, even under contention."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from shared.edi.model import ControlNumberAllocator
from shared.settings import SettingsSource
from shared.state import StateStores, load_state_settings, open_state
from shared.state.control_range import LAST_CONTROL_NUMBER
from shared.state.errors import ControlNumbersExhaustedError
from tests.contract.control_number_worker import allocate_many
from tests.contract.isolation import state_settings

pytestmark = pytest.mark.contract

WORKERS = 8
PER_WORKER = 200


def test_the_port_is_the_edi_engines_allocator(stores: StateStores) -> None:
    allocator: ControlNumberAllocator = stores.control_numbers
    assert allocator.allocate("BIGBOX", "interchange") == 1


def test_numbers_count_up_per_partner_and_kind(stores: StateStores) -> None:
    numbers = stores.control_numbers
    assert [numbers.allocate("BIGBOX", "interchange") for _ in range(3)] == [1, 2, 3]
    assert numbers.allocate("BIGBOX", "group") == 1
    assert numbers.allocate("BIGBOX", "transaction") == 1
    assert numbers.allocate("MEGA/MART#1", "interchange") == 1
    assert numbers.allocate("BIGBOX", "interchange") == 4
    assert numbers.last_allocated("BIGBOX", "interchange") == 4
    assert numbers.last_allocated("NOBODY", "group") == 0


def test_eight_threads_get_distinct_numbers(stores: StateStores) -> None:
    def work(_: int) -> list[int]:
        return [stores.control_numbers.allocate("BIGBOX", "interchange") for _ in range(PER_WORKER)]

    with ThreadPoolExecutor(WORKERS) as pool:
        numbers = [n for batch in pool.map(work, range(WORKERS)) for n in batch]

    assert len(numbers) == WORKERS * PER_WORKER
    assert len(set(numbers)) == WORKERS * PER_WORKER
    assert stores.control_numbers.last_allocated("BIGBOX", "interchange") == max(numbers)


def test_separate_instances_race_on_versions_and_never_share_a_number(settings_values: dict[str, str]) -> None:
    # Each instance has its own clients or connection, like two Function App instances: only the store's
    # optimistic concurrency (ETag, or SQLite's write lock) keeps them apart.
    instances = [open_state(load_state_settings(SettingsSource(settings_values))) for _ in range(4)]
    try:
        with ThreadPoolExecutor(len(instances)) as pool:
            batches = list(
                pool.map(lambda s: [s.control_numbers.allocate("BIGBOX", "group") for _ in range(25)], instances)
            )
    finally:
        for instance in instances:
            instance.close()
    numbers = [n for batch in batches for n in batch]
    assert len(set(numbers)) == len(numbers) == 100
    assert all(batch == sorted(batch) for batch in batches)  # each instance sees its numbers rise


def test_eight_processes_on_one_sqlite_file_get_distinct_numbers(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    # forkserver: children fork from a clean server process, not from pytest with its threads and open sockets.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.contract.control_number_worker"])
    with ProcessPoolExecutor(WORKERS, mp_context=context) as pool:
        batches = list(pool.map(allocate_many, [str(path)] * WORKERS, ["BIGBOX"] * WORKERS, [PER_WORKER] * WORKERS))
    numbers = [n for batch in batches for n in batch]
    assert len(set(numbers)) == WORKERS * PER_WORKER == len(numbers)
    assert max(numbers) == WORKERS * PER_WORKER  # a transaction per increment leaves no gaps on SQLite


def test_the_range_ends_at_999999999_and_is_never_wrapped(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    values = state_settings(backend, tmp_path=tmp_path, request=request)
    stores = open_state(load_state_settings(SettingsSource(values)))
    try:
        _advance_counter_to(stores, backend, "BIGBOX", LAST_CONTROL_NUMBER - 1)
        assert stores.control_numbers.allocate("BIGBOX", "interchange") == LAST_CONTROL_NUMBER
        with pytest.raises(ControlNumbersExhaustedError) as caught:
            stores.control_numbers.allocate("BIGBOX", "interchange")
        assert "BIGBOX" in str(caught.value)
        assert "interchange" in str(caught.value)
        assert stores.control_numbers.last_allocated("BIGBOX", "interchange") == LAST_CONTROL_NUMBER
        assert stores.control_numbers.allocate("BIGBOX", "group") == 1
    finally:
        stores.close()


def _advance_counter_to(stores: StateStores, backend: str, scope: str, value: int) -> None:
    """Puts a counter near the end of its range the way an operator's restore would: in the store itself."""
    stores.control_numbers.allocate(scope, "interchange")
    if backend == "sqlite":
        from shared.state.local import SqliteControlNumbers

        assert isinstance(stores.control_numbers, SqliteControlNumbers)
        with stores.control_numbers._db.write() as conn:
            conn.execute("UPDATE control_numbers SET last = ? WHERE scope = ?", (value, scope))
    else:
        from azure.data.tables import UpdateMode

        from shared.state.azure import TableControlNumbers

        assert isinstance(stores.control_numbers, TableControlNumbers)
        table = stores.control_numbers._table
        table.update_entity({"PartitionKey": scope, "RowKey": "interchange", "Last": value}, mode=UpdateMode.MERGE)
