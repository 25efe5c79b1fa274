"""The product's real azure-identity ClientSecretCredential against the Entra emulator, over TLS."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import requests
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import ClientSecretCredential

from sandbox.entra import KEYVAULT_RESOURCE, verify_access_token
from sandbox.launcher import RunningSandbox
from tests.integration.sandbox_core.conftest import STUBS

pytestmark = pytest.mark.integration


def credential(
    running: RunningSandbox, *, tenant: str | None = None, client_id: str | None = None, secret: str | None = None
) -> ClientSecretCredential:
    creds = running.info.credentials
    return ClientSecretCredential(
        tenant or creds.tenant_id,
        client_id or creds.client_id,
        secret or creds.client_secret,
        authority=running.info.entra,
        disable_instance_discovery=True,
        connection_verify=str(running.info.ca_cert),
    )


def test_token_for_dynamics_carries_the_claims_fo_checks(core_sandbox: RunningSandbox) -> None:
    token = credential(core_sandbox).get_token(f"{core_sandbox.info.dynamics}/.default")

    claims = verify_access_token(
        token.token,
        core_sandbox.context.token_keys,
        issuer=core_sandbox.entra.issuer,
        tenant_id=core_sandbox.info.credentials.tenant_id,
        audience=core_sandbox.info.dynamics,
    )
    assert claims["aud"] == core_sandbox.info.dynamics
    assert not str(claims["aud"]).endswith("/")
    assert claims["tid"] == core_sandbox.info.credentials.tenant_id
    assert claims["appid"] == core_sandbox.info.credentials.client_id
    assert claims["azp"] == core_sandbox.info.credentials.client_id
    assert claims["oid"]
    assert claims["iss"] == f"{core_sandbox.info.entra}/{core_sandbox.info.credentials.tenant_id}/v2.0"
    assert 3500 < token.expires_on - time.time() <= 3600


def test_token_for_key_vault_has_the_vault_audience(core_sandbox: RunningSandbox) -> None:
    token = credential(core_sandbox).get_token(f"{KEYVAULT_RESOURCE}/.default")
    claims = verify_access_token(
        token.token,
        core_sandbox.context.token_keys,
        issuer=core_sandbox.entra.issuer,
        tenant_id=core_sandbox.info.credentials.tenant_id,
        audience=KEYVAULT_RESOURCE,
    )
    assert claims["aud"] == KEYVAULT_RESOURCE


def test_credential_gets_a_new_token_after_expiry(sandbox_factory: Callable[..., RunningSandbox]) -> None:
    running = sandbox_factory(factories=STUBS, token_lifetime_seconds=2)
    cred = credential(running)
    scope = f"{running.info.dynamics}/.default"

    first = cred.get_token(scope)
    assert first.expires_on - time.time() <= 2
    time.sleep(2.2)
    second = cred.get_token(scope)

    assert second.token != first.token
    assert second.expires_on > first.expires_on
    # The new token is valid now; the old one no longer is.
    keys = running.context.token_keys
    common = {
        "issuer": running.entra.issuer,
        "tenant_id": running.info.credentials.tenant_id,
        "audience": running.info.dynamics,
    }
    verify_access_token(second.token, keys, **common)
    with pytest.raises(Exception, match="expired"):
        verify_access_token(first.token, keys, **common)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"secret": "not-the-secret"}, "AADSTS7000215"),
        ({"client_id": "11111111-2222-4333-8444-555555555555"}, "AADSTS700016"),
    ],
)
def test_bad_client_credentials_give_the_entra_codes(
    core_sandbox: RunningSandbox, change: dict[str, str], code: str
) -> None:
    with pytest.raises(ClientAuthenticationError) as caught:
        credential(core_sandbox, **change).get_token(f"{core_sandbox.info.dynamics}/.default")
    assert code in str(caught.value)
    assert core_sandbox.info.credentials.client_secret not in str(caught.value)


@pytest.mark.parametrize(
    ("scopes", "code"),
    [
        (lambda url: [url], "AADSTS1002012"),  # no /.default
        (lambda url: [f"{url}/.default", f"{KEYVAULT_RESOURCE}/.default"], "AADSTS70011"),  # two resources
        (lambda url: ["https://other.operations.dynamics.com/.default"], "AADSTS500011"),  # unknown resource
    ],
)
def test_bad_scopes_give_the_entra_codes(
    core_sandbox: RunningSandbox, scopes: Callable[[str], list[str]], code: str
) -> None:
    with pytest.raises(ClientAuthenticationError) as caught:
        credential(core_sandbox).get_token(*scopes(core_sandbox.info.dynamics))
    assert code in str(caught.value)


def test_unknown_tenant_fails_at_discovery_with_aadsts90002(core_sandbox: RunningSandbox) -> None:
    # MSAL reads the tenant's OpenID configuration before asking for a token; Entra refuses an unknown tenant
    # there already, and MSAL reports it as an authority problem, which azure-identity passes on.
    unknown = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(ClientAuthenticationError, match="tenant name or GUID"):
        credential(core_sandbox, tenant=unknown).get_token(f"{core_sandbox.info.dynamics}/.default")

    ca = str(core_sandbox.info.ca_cert)
    discovery = requests.get(f"{core_sandbox.info.entra}/{unknown}/v2.0/.well-known/openid-configuration", verify=ca)
    token = requests.post(
        f"{core_sandbox.info.entra}/{unknown}/oauth2/v2.0/token",
        data={"grant_type": "client_credentials", "client_id": "x", "client_secret": "y", "scope": "z/.default"},
        verify=ca,
    )
    for response in (discovery, token):
        assert response.status_code == 400
        body = response.json()
        assert body["error"] == "invalid_tenant"
        assert body["error_codes"] == [90002]
        assert body["error_description"].startswith("AADSTS90002: Tenant '00000000-")
        assert {"timestamp", "trace_id", "correlation_id"} <= body.keys()


def test_rotated_secret_fails_until_the_credential_is_rebuilt(core_sandbox: RunningSandbox) -> None:
    creds = core_sandbox.info.credentials
    core_sandbox.entra.rotate_secret(creds.client_id, "rotated-secret-value")
    with pytest.raises(ClientAuthenticationError, match="AADSTS7000215"):
        credential(core_sandbox).get_token(f"{core_sandbox.info.dynamics}/.default")
    token = credential(core_sandbox, secret="rotated-secret-value").get_token(f"{core_sandbox.info.dynamics}/.default")
    assert token.token
