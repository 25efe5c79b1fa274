"""The core pieces every layer relies on: the error tree, settings parsing, the CLI shell."""

from __future__ import annotations

import pytest

from shared import errors
from shared.cli import main
from shared.settings import Secret, SettingsProblems, SettingsSource

pytestmark = pytest.mark.unit


def test_error_classes_say_what_to_do() -> None:
    assert errors.ThrottledError("x").retryable
    assert errors.RemoteUnavailableError("x").retryable
    assert not errors.UnknownPartnerError("x").retryable
    assert not errors.ConfigurationError("x").retryable
    exc = errors.UnknownItemError(
        "no product for GTIN 00012345678905",
        context={"partner": "BIGBOX", "document": "PO 4500012"},
        hint="add the GTIN as a barcode in Dynamics",
    )
    text = str(exc)
    assert "GTIN 00012345678905" in text
    assert "partner=BIGBOX" in text
    assert "add the GTIN" in text


def test_every_exported_error_is_a_connector_error() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.ConnectorError)


def test_secret_never_shows_itself() -> None:
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret)
    assert "hunter2" not in str(secret)
    assert "hunter2" not in f"{secret} {[secret]} { ({'k': secret}) }"
    assert secret.reveal() == "hunter2"


def test_settings_problems_are_reported_together() -> None:
    src = SettingsSource({"PORT": "abc", "URL": "ftp://x", "FLAG": "maybe", "EMPTY": "  "})
    problems = SettingsProblems()
    assert problems.integer(src, "PORT", 8080) == 8080
    assert problems.url(src, "URL") == ""
    assert problems.flag(src, "FLAG") is False
    assert problems.text(src, "EMPTY") == ""
    with pytest.raises(errors.ConfigurationError) as info:
        problems.raise_if_any()
    message = str(info.value)
    for name in ("PORT", "URL", "FLAG", "EMPTY"):
        assert name in message


def test_cli_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version"]) == 0
    assert capsys.readouterr().out.strip()


def test_cli_without_command_is_usage_error() -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
