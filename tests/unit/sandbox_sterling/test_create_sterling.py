"""``create_sterling(ctx)``: what the launcher gets — seeded mailboxes, users and partner fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.context import SandboxContext
from sandbox.seed.partners import PARTNERS
from sandbox.sterling import ADMIN_USER, LIMITED_USER, LIMITED_USER_LACKS, create_sterling
from sandbox.web import App, Request
from tests.unit.sandbox_sterling.helpers import Client, basic, body_of

pytestmark = pytest.mark.unit


def _context() -> SandboxContext:
    return SandboxContext(
        seed=7,
        scale=1,
        tenant_id="tenant",
        client_id="client",
        client_secret="secret",
        token_keys=(),
        entra_url="http://127.0.0.1:1",
        dynamics_url="http://127.0.0.1:2",
        sterling_url="http://127.0.0.1:5074",
        keyvault_url="http://127.0.0.1:4",
        sterling_user="mlconnector",
        sterling_password="pw-123",
        ca_cert_path=Path("ca.pem"),
    )


def test_create_sterling_seeds_partners_users_and_mailboxes() -> None:
    ctx = _context()
    emulator = create_sterling(ctx)
    app: App = emulator  # what the launcher serves
    assert app.handle(Request("GET", "/B2BAPIs/svc/mailboxes/")).status == 401  # Basic by default
    connector = Client(emulator, basic(ctx.sterling_user, ctx.sterling_password))
    paths = {m["path"] for m in body_of(connector.call("GET", "/mailboxes/", query={"_range": "0-999"}))}
    for partner in PARTNERS:
        assert {f"/{partner.code}", partner.inbound_mailbox, partner.outbound_mailbox} <= paths
        box = connector.mailbox_id(partner.inbound_mailbox)
        assert connector.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(box)}).status == 404  # empty
    limited = Client(emulator, basic(LIMITED_USER, ctx.sterling_password))
    lacking = limited.mailbox_id(f"/{LIMITED_USER_LACKS}/Outbound")
    assert limited.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(lacking)}).status == 403
    admin = Client(emulator, basic(ADMIN_USER, f"{ctx.sterling_password}-admin"))
    assert admin.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(lacking)}).status == 404
    partners = body_of(connector.call("GET", "/tradingpartners/", query={"searchFor": "BIG"}))
    assert [p["partnerName"] for p in partners] == ["BIGBOX"]


def test_generated_documents_are_reproducible_for_a_seed() -> None:
    first, second = create_sterling(_context()), create_sterling(_context())
    a = first.simulator.generate_orders("BIGBOX", 2)
    b = second.simulator.generate_orders("BIGBOX", 2)
    assert [m.reference for m in a] == [m.reference for m in b]
    lines = [first.store.document(m.document_id).content.split(b"PO1")[1:] for m in a]
    assert lines == [second.store.document(m.document_id).content.split(b"PO1")[1:] for m in b]
