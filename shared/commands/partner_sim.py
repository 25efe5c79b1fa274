"""``ml-connector partner-sim``: act as a trading partner against a running sandbox's Sterling emulator.

Talks to the emulator's control API (``<sterling>/sandbox/sterling/...``) over HTTP: drop a file into a partner's
inbound mailbox, generate realistic inbound documents, list what the connector delivered, acknowledge it.
"""

from __future__ import annotations

import argparse
import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from shared.errors import ConfigurationError, RemoteRejectedError, RemoteUnavailableError

CONTROL_PATH = "/sandbox/sterling"
TIMEOUT_SECONDS = 30.0

JsonBody = Mapping[str, object]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("partner-sim", help="act as a trading partner against the sandbox's Sterling")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--sterling", required=True, help="the sandbox Sterling base URL, e.g. https://127.0.0.1:8443")
        sub.add_argument("--ca-cert", type=Path, help="CA bundle that signed the sandbox's certificate (HTTPS)")

    drop = actions.add_parser("drop", help="put a file into a partner's inbound mailbox")
    common(drop)
    drop.add_argument("--partner", required=True, help="partner code, e.g. BIGBOX")
    drop.add_argument("--name", help="message name in the mailbox (default: the file's name)")
    drop.add_argument("file", type=Path)
    drop.set_defaults(handler=_drop)

    generate = actions.add_parser("generate", help="generate inbound 850/ORDERS or 820/REMADV for a partner")
    common(generate)
    generate.add_argument("--partner", required=True)
    generate.add_argument("--type", required=True, choices=("850", "820"), dest="doc_type")
    generate.add_argument("--count", type=int, default=1, help="number of purchase orders (850 only)")
    generate.add_argument(
        "--invoice",
        action="append",
        default=[],
        metavar="NUMBER=AMOUNT[:DEDUCTION[:REASON]]",
        help="an invoice the 820 remits, e.g. INV-1001=1250.00:75.50:59 (repeatable)",
    )
    generate.set_defaults(handler=_generate)

    received = actions.add_parser("received", help="list (and save) what the connector delivered to partners")
    common(received)
    received.add_argument("--partner")
    received.add_argument("--out", type=Path, help="write each payload to OUT/<partner>/<message id>_<name>")
    received.set_defaults(handler=_received)

    ack = actions.add_parser("ack", help="send a 997 / CONTRL for each interchange delivered to the partner")
    common(ack)
    ack.add_argument("--partner", required=True)
    ack.set_defaults(handler=_ack)


@dataclass(frozen=True)
class _Control:
    base: str
    verify: str | bool

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> _Control:
        url = str(args.sterling).rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ConfigurationError(f"--sterling must be an http(s) URL, got '{url}'")
        for suffix in ("/B2BAPIs/svc", "/B2BAPIs"):
            url = url.removesuffix(suffix)
        ca_cert: Path | None = args.ca_cert
        return cls(url + CONTROL_PATH, str(ca_cert) if ca_cert else True)

    def call(
        self, method: str, path: str, body: JsonBody | None = None, params: Mapping[str, str] | None = None
    ) -> dict[str, object]:
        import requests

        url = self.base + path
        try:
            response = requests.request(
                method, url, json=body, params=params, timeout=TIMEOUT_SECONDS, verify=self.verify
            )
        except requests.RequestException as exc:
            raise RemoteUnavailableError(
                f"cannot reach the sandbox's Sterling control API: {type(exc).__name__}",
                context={"url": url},
                hint="start the sandbox and pass its Sterling URL with --sterling",
            ) from exc
        try:
            parsed = response.json()
        except ValueError:
            parsed = None
        if response.status_code >= 400 or not isinstance(parsed, dict):
            detail = parsed.get("error") if isinstance(parsed, dict) else response.text[:200]
            raise RemoteRejectedError(
                f"the Sterling control API refused {method} {path}: {detail}",
                context={"url": url, "status": str(response.status_code)},
                status=response.status_code,
            )
        return parsed


def _messages(reply: Mapping[str, object], key: str = "messages") -> list[dict[str, object]]:
    items = reply.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _print_dropped(reply: Mapping[str, object]) -> None:
    for message in _messages(reply):
        print(
            f"{message.get('partner')}\t{message.get('documentType')}\t{message.get('reference')}\t"
            f"message {message.get('messageId')}\t{message.get('mailboxPath')}/{message.get('name')}"
        )


def _drop(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        raise ConfigurationError(f"no such file: {path}")
    body = {"name": args.name or path.name, "payload": base64.b64encode(path.read_bytes()).decode("ascii")}
    _print_dropped(_Control.from_args(args).call("POST", f"/partners/{args.partner}/drop", body))
    return 0


def _parse_invoice(text: str) -> dict[str, object]:
    number, sep, rest = text.partition("=")
    parts = rest.split(":")
    if not sep or not number or len(parts) > 3:
        raise ConfigurationError(f"--invoice '{text}' must look like NUMBER=AMOUNT[:DEDUCTION[:REASON]]")
    try:
        amounts = [str(Decimal(p)) for p in parts[:2]]
    except InvalidOperation as exc:
        raise ConfigurationError(f"--invoice '{text}' has an amount that is not a number") from exc
    invoice: dict[str, object] = {"number": number, "amount": amounts[0]}
    if len(amounts) > 1:
        invoice["deductions"] = [{"amount": amounts[1], "reason": parts[2] if len(parts) > 2 else "59"}]
    return invoice


def _generate(args: argparse.Namespace) -> int:
    body: dict[str, object] = {"type": args.doc_type, "count": args.count}
    if args.doc_type == "820":
        if not args.invoice:
            raise ConfigurationError("an 820 remits invoices: give at least one --invoice NUMBER=AMOUNT")
        body["invoices"] = [_parse_invoice(text) for text in args.invoice]
    _print_dropped(_Control.from_args(args).call("POST", f"/partners/{args.partner}/generate", body))
    return 0


def _received(args: argparse.Namespace) -> int:
    params = {"partner": args.partner} if args.partner else None
    reply = _Control.from_args(args).call("GET", "/received", params=params)
    out: Path | None = args.out
    for message in _messages(reply):
        payload = base64.b64decode(str(message.get("payload", "")))
        print(
            f"{message.get('partner')}\tmessage {message.get('messageId')}\t{message.get('creationDate')}\t"
            f"{len(payload)} bytes\t{message.get('name')}"
        )
        if out is not None:
            folder = out / str(message.get("partner"))
            folder.mkdir(parents=True, exist_ok=True)
            safe_name = Path(str(message.get("name"))).name
            (folder / f"{message.get('messageId')}_{safe_name}").write_bytes(payload)
    return 0


def _ack(args: argparse.Namespace) -> int:
    reply = _Control.from_args(args).call("POST", f"/partners/{args.partner}/ack")
    acks = _messages(reply, "acknowledgements")
    for ack in acks:
        message = ack.get("message")
        name = message.get("name") if isinstance(message, dict) else "?"
        verdict = "accepted" if ack.get("accepted") else "REJECTED"
        print(f"{ack.get('partner')}\t{ack.get('acknowledgedReference')}\t{verdict}\t{name}")
    if not acks:
        print(json.dumps({"acknowledgements": 0}))
    return 0 if all(ack.get("accepted") for ack in acks) else 1
