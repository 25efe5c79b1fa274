"""What only the Azure adapter must prove: messages are what the Functions queue trigger decodes, and
foreign messages are parked, not crashed on."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from azure.storage.queue import QueueClient

from shared.settings import SettingsSource
from shared.state import StateStores, load_state_settings, open_state
from shared.state.records import WorkItem, WorkLane
from tests.contract.azurite import Azurite
from tests.contract.isolation import state_settings

pytestmark = pytest.mark.contract


@pytest.fixture
def azure_values(tmp_path, request: pytest.FixtureRequest) -> dict[str, str]:
    return {**state_settings("azure", tmp_path=tmp_path, request=request), "STATE_QUEUE_MAX_ATTEMPTS": "3"}


@pytest.fixture
def azure_stores(azure_values: dict[str, str]) -> Iterator[StateStores]:
    opened = open_state(load_state_settings(SettingsSource(azure_values)))
    yield opened
    opened.close()


def raw_queue(azurite: Azurite, name: str) -> QueueClient:
    return QueueClient.from_connection_string(azurite.connection_string, name)


def test_messages_on_the_wire_are_base64_of_utf8_json(
    azure_stores: StateStores, azure_values: dict[str, str], azurite: Azurite
) -> None:
    azure_stores.work_queue.enqueue(WorkLane.OUTBOUND, WorkItem("deliver", "po-850", "PO#1", "BIGBOX", "c-1"))
    with raw_queue(azurite, azure_values["STATE_QUEUE_OUTBOUND"]) as plain:
        [message] = plain.peek_messages()
    document = json.loads(base64.b64decode(message.content, validate=True).decode("utf-8"))
    assert document["natural_key"] == "PO#1"
    assert document["partner"] == "BIGBOX"
    assert document["attempt"] == 1


def test_a_message_from_another_producer_goes_to_poison(
    azure_stores: StateStores, azure_values: dict[str, str], azurite: Azurite
) -> None:
    with raw_queue(azurite, azure_values["STATE_QUEUE_INBOUND"]) as plain:
        plain.send_message('{"not": "base64"}')
    assert azure_stores.work_queue.receive(WorkLane.INBOUND, visibility=timedelta(seconds=30)) == []
    [parked] = azure_stores.work_queue.poisoned(WorkLane.INBOUND)
    assert parked.item is None
    assert parked.wire == '{"not": "base64"}'


def test_open_state_is_idempotent(azure_values: dict[str, str]) -> None:
    for _ in range(2):
        opened = open_state(load_state_settings(SettingsSource(azure_values)))
        assert opened.control_numbers.allocate("P", "group") >= 1
        opened.close()
