"""Settings of both clients: host validation keeps credentials with the right systems."""

from __future__ import annotations

import pytest

from shared.dynamics.config import host_is_allowed, parse_dynamics_settings
from shared.errors import ConfigurationError
from shared.settings import SettingsProblems, SettingsSource
from shared.sterling.config import SterlingAuth, parse_sterling_settings

pytestmark = pytest.mark.unit

GOOD_DYNAMICS = {
    "DYNAMICS_ENV_URL": "https://Contoso.Operations.Dynamics.com/",
    "DYNAMICS_TENANT_ID": "contoso.onmicrosoft.com",
    "DYNAMICS_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
    "DYNAMICS_CLIENT_SECRET": "s3cr3t-value",
    "DYNAMICS_LEGAL_ENTITIES": "USMF, demf",
}


def dynamics(overrides: dict[str, str], *, in_vault: bool = False) -> tuple[object, list[str]]:
    problems = SettingsProblems()
    settings = parse_dynamics_settings(
        SettingsSource(GOOD_DYNAMICS | overrides), problems, secret_in_key_vault=in_vault
    )
    return settings, problems.problems


def test_dynamics_settings_normalise_the_audience() -> None:
    settings, problems = dynamics({})
    assert problems == []
    assert settings.env_url == "https://contoso.operations.dynamics.com"  # type: ignore[attr-defined]
    assert settings.scope == "https://contoso.operations.dynamics.com/.default"  # type: ignore[attr-defined]
    assert settings.legal_entities == ("usmf", "demf")  # type: ignore[attr-defined]
    assert settings.cross_company  # type: ignore[attr-defined]
    assert "s3cr3t" not in repr(settings)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://evil-dynamics.com", "not under an allowed Dynamics domain"),
        ("https://contoso.operations.dynamics.com.evil.net", "not under an allowed Dynamics domain"),
        ("http://contoso.operations.dynamics.com", "https"),
        ("https://contoso.operations.dynamics.com/data", "without a path"),
        ("https://user:pw@contoso.operations.dynamics.com", "credentials"),
        ("https://127.0.0.1:8443", "DYNAMICS_ALLOW_SANDBOX_HOST"),
        ("https://contoso.operations.dynamics.com:8443", "standard https port"),
    ],
)
def test_dynamics_host_is_checked(url: str, problem: str) -> None:
    _, problems = dynamics({"DYNAMICS_ENV_URL": url})
    assert any(problem in p for p in problems), problems


def test_dynamics_hosts_that_are_allowed() -> None:
    for url in (
        "https://x.sandbox.operations.eu.dynamics.com",
        "https://x.cloudax.dynamics.com",
        "https://x.operations.dynamics.us",
        "https://x.operations.dynamics.cn",
    ):
        assert dynamics({"DYNAMICS_ENV_URL": url})[1] == []
    settings, problems = dynamics(
        {
            "DYNAMICS_ENV_URL": "https://127.0.0.1:8443",
            "DYNAMICS_ALLOW_SANDBOX_HOST": "true",
            "DYNAMICS_AUTHORITY_HOST": "https://127.0.0.1:9443",
        }
    )
    assert problems == []
    assert settings.env_url == "https://127.0.0.1:8443"  # type: ignore[attr-defined]
    assert not host_is_allowed("dynamics.com.evil.net", (".dynamics.com",))
    assert host_is_allowed("dynamics.com", (".dynamics.com",))


def test_dynamics_authority_must_be_a_sign_in_host() -> None:
    assert any("sign-in host" in p for p in dynamics({"DYNAMICS_AUTHORITY_HOST": "https://login.evil.com"})[1])
    assert dynamics({"DYNAMICS_AUTHORITY_HOST": "https://login.microsoftonline.us"})[1] == []
    assert any("multi-tenant" in p for p in dynamics({"DYNAMICS_TENANT_ID": "common"})[1])
    assert any("GUID" in p for p in dynamics({"DYNAMICS_CLIENT_ID": "my-app"})[1])


def test_dynamics_secret_is_optional_when_key_vault_holds_it() -> None:
    values = dict(GOOD_DYNAMICS)
    del values["DYNAMICS_CLIENT_SECRET"]
    problems = SettingsProblems()
    settings = parse_dynamics_settings(SettingsSource(values), problems, secret_in_key_vault=True)
    assert problems.problems == []
    assert settings.client_secret is None
    parse_dynamics_settings(SettingsSource(values), problems, secret_in_key_vault=False)
    with pytest.raises(ConfigurationError, match="DYNAMICS_CLIENT_SECRET"):
        problems.raise_if_any()


def sterling(values: dict[str, str]) -> tuple[object, list[str]]:
    problems = SettingsProblems()
    settings = parse_sterling_settings(SettingsSource(values), problems, secret_in_key_vault=False)
    return settings, problems.problems


def test_sterling_api_root_is_appended_once() -> None:
    base = {"STERLING_USER": "connector-api", "STERLING_PASSWORD": "pw"}
    for url in ("https://b2bi.example.com:5075", "https://b2bi.example.com:5075/B2BAPIs/svc/"):
        settings, problems = sterling(base | {"STERLING_BASE_URL": url})
        assert problems == []
        assert settings.api_url == "https://b2bi.example.com:5075/B2BAPIs/svc"  # type: ignore[attr-defined]
        assert settings.port == 5075  # type: ignore[attr-defined]


def test_sterling_refuses_plain_http_off_loopback_and_super_users() -> None:
    _, problems = sterling({"STERLING_BASE_URL": "http://b2bi.example.com:5074", "STERLING_USER": "admin"})
    assert any("https" in p for p in problems)
    assert any("super-user" in p for p in problems)
    assert any("STERLING_PASSWORD" in p for p in problems)
    _settings, problems = sterling(
        {"STERLING_BASE_URL": "http://127.0.0.1:5074", "STERLING_USER": "connector-api", "STERLING_PASSWORD": "x"}
    )
    assert problems == []


def test_sterling_oauth_settings() -> None:
    settings, problems = sterling(
        {
            "STERLING_BASE_URL": "https://b2bi.example.com:35003",
            "STERLING_AUTH": "oauth",
            "STERLING_TOKEN_URL": "https://b2bi.example.com:9443/token",
            "STERLING_CLIENT_ID": "connector",
            "STERLING_CLIENT_SECRET": "cs",
        }
    )
    assert problems == []
    assert settings.auth is SterlingAuth.OAUTH  # type: ignore[attr-defined]
    _, problems = sterling({"STERLING_BASE_URL": "https://b.example.com", "STERLING_AUTH": "kerberos"})
    assert any("one of basic, oauth" in p for p in problems)
