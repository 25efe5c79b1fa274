"""Connectivity checks for ``ml-connector ping``: each step says what was checked and, on failure, why in plain
words and what to change.  A system's steps run in order and stop at the first failure (later steps could only
fail for the same reason)."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from shared.errors import AuthenticationError, ConfigurationError, ConnectorError

__all__ = [
    "Check",
    "Step",
    "StepFailed",
    "StepStatus",
    "SystemReport",
    "check_dns",
    "check_tcp",
    "check_tls",
    "failure_from_error",
    "run_steps",
]

_TIMEOUT = 5.0


class StepStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Step:
    name: str  # settings / dns / tcp / tls / authentication / authorization
    status: StepStatus
    detail: str = ""  # what was checked or found
    cause: str = ""  # on failure: why, in plain words
    fix: str = ""  # on failure: what the operator changes

    def to_json(self) -> dict[str, str]:
        return {
            "step": self.name,
            "status": str(self.status),
            "detail": self.detail,
            "cause": self.cause,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class SystemReport:
    system: str
    target: str
    steps: tuple[Step, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(step.status is not StepStatus.FAILED for step in self.steps)

    def to_json(self) -> dict[str, object]:
        return {
            "system": self.system,
            "target": self.target,
            "ok": self.ok,
            "steps": [step.to_json() for step in self.steps],
        }


class StepFailed(Exception):  # noqa: N818 - a control-flow signal inside ping, named for how it reads
    def __init__(self, cause: str, fix: str, detail: str = "") -> None:
        super().__init__(cause)
        self.cause = cause
        self.fix = fix
        self.detail = detail


# A check returns what it found (the step's detail) or raises StepFailed.
Check = tuple[str, Callable[[], str]]


def run_steps(system: str, target: str, checks: Iterable[Check]) -> SystemReport:
    steps: list[Step] = []
    failed = False
    for name, check in checks:
        if failed:
            steps.append(Step(name, StepStatus.SKIPPED, "not run: an earlier step failed"))
            continue
        try:
            detail = check()
        except StepFailed as exc:
            steps.append(Step(name, StepStatus.FAILED, exc.detail, exc.cause, exc.fix))
            failed = True
        except ConnectorError as exc:
            cause, fix = failure_from_error(exc)
            steps.append(Step(name, StepStatus.FAILED, "", cause, fix))
            failed = True
        else:
            steps.append(Step(name, StepStatus.OK, detail))
    return SystemReport(system, target, tuple(steps))


def failure_from_error(exc: ConnectorError) -> tuple[str, str]:
    where = ", ".join(f"{k}={v}" for k, v in sorted(exc.context.items()) if k in {"entity_set", "mailbox", "secret"})
    cause = exc.message + (f" ({where})" if where else "")
    default_fix = (
        "correct the settings named above"
        if isinstance(exc, ConfigurationError)
        else "check the credentials and permissions named above"
        if isinstance(exc, AuthenticationError)
        else "see the message above"
    )
    return cause, exc.hint or default_fix


def check_dns(host: str, port: int, setting: str) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise StepFailed(
            f"the host name {host} does not resolve ({exc.strerror})",
            f"check the host in {setting} for typos, and that this machine's DNS can resolve it",
        ) from None
    addresses = sorted({str(info[4][0]) for info in infos})
    return f"{host} resolves to {', '.join(addresses[:4])}"


def check_tcp(host: str, port: int, setting: str, port_hint: str = "") -> str:
    try:
        with socket.create_connection((host, port), timeout=_TIMEOUT) as sock:
            peer = sock.getpeername()
    except ConnectionRefusedError:
        raise StepFailed(
            f"connection refused: nothing listens on {host} port {port}",
            f"check the port in {setting}" + (f" ({port_hint})" if port_hint else ""),
        ) from None
    except TimeoutError:
        raise StepFailed(
            f"no answer from {host} port {port} within {_TIMEOUT:.0f} s",
            f"a firewall may drop the traffic: open {host}:{port} from this network, or check the port in {setting}",
        ) from None
    except OSError as exc:
        raise StepFailed(
            f"cannot connect to {host} port {port}: {exc.strerror or exc}",
            f"check {setting} and the network route to {host}",
        ) from None
    return f"connected to {peer[0]}:{peer[1]}"


def check_tls(host: str, port: int, ca_bundle: str | None, ca_setting: str) -> str:
    context = ssl.create_default_context(cafile=ca_bundle) if ca_bundle else ssl.create_default_context()
    try:
        with (
            socket.create_connection((host, port), timeout=_TIMEOUT) as raw,
            context.wrap_socket(raw, server_hostname=host) as tls,
        ):
            certificate = tls.getpeercert()
            version = tls.version() or "TLS"
    except ssl.SSLCertVerificationError as exc:
        reason = (exc.verify_message or str(exc)).lower()
        if "hostname" in reason or "ip address mismatch" in reason or "doesn't match" in reason:
            raise StepFailed(
                f"the certificate {host} presents is not valid for the name {host}",
                "use the host name the certificate was issued for, or have the server's certificate reissued",
                detail=exc.verify_message or "",
            ) from None
        if "expired" in reason:
            raise StepFailed(
                f"the certificate {host} presents has expired",
                "have the server's certificate renewed",
                detail=exc.verify_message or "",
            ) from None
        raise StepFailed(
            f"the certificate {host} presents is not trusted: it was issued by a CA this machine does not trust "
            f"({exc.verify_message})",
            f"set {ca_setting} to the PEM file of the CA that issued the server's certificate"
            if not ca_bundle
            else f"the CA in {ca_setting} did not issue this certificate: point {ca_setting} at the right CA",
        ) from None
    except ssl.SSLError as exc:
        raise StepFailed(
            f"the TLS handshake with {host} port {port} failed ({exc.reason or exc})",
            "check that the port speaks HTTPS (not plain HTTP) and supports TLS 1.2 or later",
        ) from None
    except OSError as exc:
        raise StepFailed(f"cannot open a TLS connection to {host} port {port}: {exc}", "check the network") from None
    expires = certificate.get("notAfter") if certificate else None
    detail = f"{version}, certificate valid for {host}"
    if isinstance(expires, str):
        when = datetime.fromtimestamp(ssl.cert_time_to_seconds(expires), UTC)
        detail += f", expires {when:%Y-%m-%d}"
    return detail
