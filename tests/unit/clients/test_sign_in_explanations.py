"""AADSTS codes become plain words an operator acts on (ping and the Dynamics client share them)."""

from __future__ import annotations

import pytest

from shared.dynamics.signin import explain_sign_in_failure

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "code", "cause", "fix"),
    [
        (
            "Authentication failed: AADSTS7000215: Invalid client secret provided. Trace ID: x",
            "AADSTS7000215",
            "wrong client secret",
            "DYNAMICS_CLIENT_SECRET",
        ),
        ("AADSTS7000222: The provided client secret keys are expired.", "AADSTS7000222", "expired", "new secret"),
        (
            "AADSTS700016: Application with identifier 'x' was not found",
            "AADSTS700016",
            "not known",
            "DYNAMICS_CLIENT_ID",
        ),
        ("AADSTS90002: Tenant 'x' not found.", "AADSTS90002", "tenant does not exist", "DYNAMICS_TENANT_ID"),
        (
            "AADSTS500011: The resource principal named https://x was not found",
            "AADSTS500011",
            "wrong scope",
            "DYNAMICS_ENV_URL",
        ),
        ("AADSTS70011: The provided value for scope is not valid.", "AADSTS70011", "wrong scope", "DYNAMICS_ENV_URL"),
        (
            "AADSTS1002012: The provided value for scope x is not valid.",
            "AADSTS1002012",
            "wrong scope",
            "DYNAMICS_ENV_URL",
        ),
    ],
)
def test_known_codes(text: str, code: str, cause: str, fix: str) -> None:
    problem = explain_sign_in_failure(text)
    assert problem.code == code
    assert cause in problem.cause
    assert fix in problem.fix


def test_unknown_and_missing_codes_keep_the_first_line_redacted() -> None:
    unknown = explain_sign_in_failure("AADSTS123456: Something new happened.\nsecond line")
    assert unknown.code == "AADSTS123456"
    assert "Something new happened." in unknown.cause
    assert "second line" not in unknown.cause
    bare = explain_sign_in_failure("invalid_client client_secret=abcdef123456")
    assert bare.code == ""
    assert "abcdef123456" not in bare.cause
