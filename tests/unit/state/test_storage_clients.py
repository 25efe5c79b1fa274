"""Identity-based connections: account name in, public-cloud service URLs out, a token credential and no key."""

from __future__ import annotations

import pytest
from azure.core.credentials import AccessToken

from shared.settings import Secret
from shared.state.azure.clients import connect_with_account, connect_with_connection_string

pytestmark = pytest.mark.unit


class StaticToken:
    """A token credential that hands out one fixed token (what DefaultAzureCredential returns in Azure)."""

    def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
        return AccessToken("token", 4_102_444_800)


def test_account_name_builds_identity_based_clients() -> None:
    credential = StaticToken()
    services = connect_with_account("mlconnectorprod", credential)
    try:
        assert services.tables.url.startswith("https://mlconnectorprod.table.core.windows.net")
        assert services.queues.url.startswith("https://mlconnectorprod.queue.core.windows.net")
        assert services.blobs.url.startswith("https://mlconnectorprod.blob.core.windows.net")
        assert services.queues.credential is credential
        assert services.blobs.credential is credential
    finally:
        services.close()


def test_development_storage_connection_string() -> None:
    services = connect_with_connection_string(Secret("UseDevelopmentStorage=true"))
    try:
        assert services.tables.url.startswith("http://127.0.0.1:10002/devstoreaccount1")
        assert services.queues.url.startswith("http://127.0.0.1:10001/devstoreaccount1")
        assert services.blobs.url.startswith("http://127.0.0.1:10000/devstoreaccount1")
    finally:
        services.close()
