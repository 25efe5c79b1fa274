"""The state settings section: defaults, both Azure connection forms, and every problem reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.errors import ConfigurationError
from shared.settings import SettingsSource
from shared.state.config import StateBackend, load_state_settings
from shared.state.records import WorkLane

pytestmark = pytest.mark.unit


def test_defaults_are_a_local_sqlite_store() -> None:
    settings = load_state_settings(SettingsSource({}))
    assert settings.backend is StateBackend.SQLITE
    assert settings.sqlite_path == Path(".state/state.db")
    assert settings.queues.for_lane(WorkLane.OUTBOUND) == "mlc-outbound"
    assert settings.queues.poison_for(WorkLane.INBOUND) == "mlc-inbound-poison"
    assert settings.queue_max_attempts == 5


def test_azure_with_a_connection_string_keeps_it_secret() -> None:
    connection = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net"
    settings = load_state_settings(SettingsSource({"STATE_BACKEND": "Azure", "STATE_STORAGE_CONNECTION": connection}))
    assert settings.backend is StateBackend.AZURE
    assert settings.storage_connection is not None
    assert settings.storage_connection.reveal() == connection
    assert "c2VjcmV0" not in repr(settings)


def test_azure_with_an_account_name_uses_identity() -> None:
    settings = load_state_settings(
        SettingsSource(
            {"STATE_BACKEND": "azure", "STATE_STORAGE_ACCOUNT": "mlconnectorprod", "STATE_TABLE_PREFIX": "Edi"}
        )
    )
    assert settings.storage_account == "mlconnectorprod"
    assert settings.storage_connection is None
    assert settings.table_prefix == "Edi"


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_state_settings(
            SettingsSource(
                {
                    "STATE_BACKEND": "cosmos",
                    "STATE_TABLE_PREFIX": "9bad-prefix",
                    "STATE_QUEUE_OUTBOUND": "Has_Upper",
                    "STATE_QUEUE_INBOUND": "x" * 60,
                    "STATE_BLOB_CONTAINER": "a--b",
                    "STATE_QUEUE_MAX_ATTEMPTS": "0",
                    "STATE_STORAGE_ACCOUNT": "Not A Name",
                }
            )
        )
    text = str(caught.value)
    for name in (
        "STATE_BACKEND",
        "STATE_TABLE_PREFIX",
        "STATE_QUEUE_OUTBOUND",
        "STATE_QUEUE_INBOUND",
        "STATE_BLOB_CONTAINER",
        "STATE_QUEUE_MAX_ATTEMPTS",
        "STATE_STORAGE_ACCOUNT",
    ):
        assert name in text


def test_azure_needs_exactly_one_way_to_reach_storage() -> None:
    with pytest.raises(ConfigurationError, match="STATE_STORAGE_CONNECTION"):
        load_state_settings(SettingsSource({"STATE_BACKEND": "azure"}))
    with pytest.raises(ConfigurationError, match="not both"):
        load_state_settings(
            SettingsSource(
                {
                    "STATE_BACKEND": "azure",
                    "STATE_STORAGE_CONNECTION": "UseDevelopmentStorage=true",
                    "STATE_STORAGE_ACCOUNT": "acct",
                }
            )
        )


def test_queues_must_differ() -> None:
    with pytest.raises(ConfigurationError, match="must differ"):
        load_state_settings(SettingsSource({"STATE_QUEUE_OUTBOUND": "work", "STATE_QUEUE_INBOUND": "work"}))
