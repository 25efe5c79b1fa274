"""The product's real SecretClient (with a ClientSecretCredential on the Entra emulator) against Key Vault."""

from __future__ import annotations

from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError
from azure.identity import ClientSecretCredential
from azure.keyvault.secrets import SecretClient

from sandbox.faults import FaultKind, System
from sandbox.keyvault import SecretRole
from sandbox.launcher import RunningSandbox

pytestmark = pytest.mark.integration


def credential(
    running: RunningSandbox, client_id: str | None = None, secret: str | None = None
) -> ClientSecretCredential:
    creds = running.info.credentials
    return ClientSecretCredential(
        creds.tenant_id,
        client_id or creds.client_id,
        secret or creds.client_secret,
        authority=running.info.entra,
        disable_instance_discovery=True,
        connection_verify=str(running.info.ca_cert),
    )


def secret_client(running: RunningSandbox, cred: Any = None) -> SecretClient:
    # verify_challenge_resource=False: the vault is 127.0.0.1, not a sub-domain of vault.azure.net (azure.md §5.3).
    return SecretClient(
        running.info.keyvault,
        cred or credential(running),
        verify_challenge_resource=False,
        connection_verify=str(running.info.ca_cert),
    )


def test_seeded_secrets_are_readable(core_sandbox: RunningSandbox) -> None:
    client = secret_client(core_sandbox)
    dynamics = client.get_secret("dynamics-client-secret")
    sterling = client.get_secret("sterling-password")
    assert dynamics.value == core_sandbox.info.credentials.client_secret
    assert sterling.value == core_sandbox.info.credentials.sterling_password
    assert dynamics.name == "dynamics-client-secret"
    assert dynamics.properties.enabled is True
    assert dynamics.properties.version is not None
    assert len(dynamics.properties.version) == 32


def test_versioned_read_and_rotation(core_sandbox: RunningSandbox) -> None:
    client = secret_client(core_sandbox)
    original = client.get_secret("sterling-password")

    rotated = client.set_secret("sterling-password", "n3w-passw0rd")
    latest = client.get_secret("sterling-password")
    pinned = client.get_secret("sterling-password", original.properties.version)

    assert rotated.properties.version != original.properties.version
    assert latest.value == "n3w-passw0rd"
    assert latest.properties.version == rotated.properties.version
    assert pinned.value == core_sandbox.info.credentials.sterling_password


def test_missing_secret_is_resource_not_found(core_sandbox: RunningSandbox) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        secret_client(core_sandbox).get_secret("no-such-secret")
    assert caught.value.error is not None
    assert caught.value.error.code == "SecretNotFound"
    assert caught.value.status_code == 404


def test_app_without_a_role_assignment_is_forbidden(core_sandbox: RunningSandbox) -> None:
    other = core_sandbox.entra.register_client("0f0f0f0f-0000-4000-8000-00000000abcd", "other-app-secret")
    client = secret_client(core_sandbox, credential(core_sandbox, other.client_id, other.client_secret))

    with pytest.raises(HttpResponseError) as caught:
        client.get_secret("dynamics-client-secret")
    assert caught.value.status_code == 403
    assert caught.value.error is not None
    assert caught.value.error.code == "Forbidden"
    assert "ForbiddenByRbac" in str(caught.value)

    core_sandbox.keyvault.assign_role(other.client_id, SecretRole.USER)
    assert client.get_secret("dynamics-client-secret").value == core_sandbox.info.credentials.client_secret
    with pytest.raises(HttpResponseError) as write:
        client.set_secret("dynamics-client-secret", "should-not-land")
    assert write.value.status_code == 403


class _DynamicsTokenForAnyScope:
    """A misconfigured credential: whatever is asked for, it hands out a token for the Dynamics environment."""

    def __init__(self, inner: ClientSecretCredential, dynamics_url: str) -> None:
        self._inner = inner
        self._scope = f"{dynamics_url}/.default"

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return self._inner.get_token(self._scope)


def test_token_for_another_audience_is_refused(core_sandbox: RunningSandbox) -> None:
    wrong = _DynamicsTokenForAnyScope(credential(core_sandbox), core_sandbox.info.dynamics)
    with pytest.raises(ClientAuthenticationError) as caught:
        secret_client(core_sandbox, wrong).get_secret("dynamics-client-secret")
    assert caught.value.status_code == 401
    assert "AKV10022" in str(caught.value)


def test_token_treated_as_expired_is_recovered_by_the_client(core_sandbox: RunningSandbox) -> None:
    client = secret_client(core_sandbox)
    client.get_secret("sterling-password")  # the client now holds a token
    core_sandbox.faults.inject(System.KEYVAULT, FaultKind.TOKEN_EXPIRED, times=1)

    secret = client.get_secret("sterling-password")

    assert secret.value == core_sandbox.info.credentials.sterling_password
    assert core_sandbox.faults.stats().count(System.KEYVAULT, FaultKind.TOKEN_EXPIRED) == 1


def test_challenge_resource_check_rejects_a_loopback_vault(core_sandbox: RunningSandbox) -> None:
    # Why the connector must pass verify_challenge_resource=False in sandbox mode (recorded in ADR 0200).
    client = SecretClient(
        core_sandbox.info.keyvault, credential(core_sandbox), connection_verify=str(core_sandbox.info.ca_cert)
    )
    with pytest.raises(ValueError, match="challenge resource"):
        client.get_secret("dynamics-client-secret")


def test_the_real_client_rides_out_every_http_fault(core_sandbox: RunningSandbox) -> None:
    # What "a correct client with retries still finishes" means for azure-core's retry policy (backoff shortened
    # from 0.8 s so four consecutive failures do not cost 10 s of sleeping).
    client = SecretClient(
        core_sandbox.info.keyvault,
        credential(core_sandbox),
        verify_challenge_resource=False,
        connection_verify=str(core_sandbox.info.ca_cert),
        retry_backoff_factor=0.05,
    )
    client.get_secret("sterling-password")  # token in hand, so every fault below lands on Key Vault calls
    kinds = (FaultKind.THROTTLE, FaultKind.UNAVAILABLE, FaultKind.SERVER_ERROR, FaultKind.RESET)
    for kind in kinds:
        core_sandbox.faults.inject(System.KEYVAULT, kind, retry_after_seconds=0)

    assert client.get_secret("sterling-password").value == core_sandbox.info.credentials.sterling_password
    core_sandbox.faults.inject(System.KEYVAULT, FaultKind.LOST_RESPONSE, methods=["PUT"])
    client.set_secret("sterling-password", "after-a-lost-response")

    stats = core_sandbox.faults.stats()
    assert [stats.count(System.KEYVAULT, kind) for kind in (*kinds, FaultKind.LOST_RESPONSE)] == [1, 1, 1, 1, 1]
    # The lost PUT was applied and then retried: two new versions, the latest holds the value.
    assert len(core_sandbox.keyvault.store.versions("sterling-password")) == 3
    assert client.get_secret("sterling-password").value == "after-a-lost-response"
