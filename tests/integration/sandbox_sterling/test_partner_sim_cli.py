"""``ml-connector partner-sim`` against the emulator served on a real socket (127.0.0.1)."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from sandbox.sterling import SterlingEmulator
from sandbox.web import Headers, Request
from shared.cli import main
from tests.unit.sandbox_sterling.helpers import PASSWORD, USER, make_emulator

pytestmark = pytest.mark.integration


def _handler_for(emulator: SterlingEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            parts = urlsplit(self.path)
            request = Request(
                self.command,
                parts.path,
                parts.query,
                Headers(self.headers.items()),
                self.rfile.read(length),
                "http",
                self.headers.get("Host", "127.0.0.1"),
            )
            response = emulator.handle(request)
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)

        do_GET = do_POST = do_PUT = do_DELETE = _serve  # noqa: N815 - http.server's dispatch names

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def served() -> Iterator[tuple[str, SterlingEmulator]]:
    emulator = make_emulator()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(emulator))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", emulator
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_generate_drop_received_and_ack_over_http(
    served: tuple[str, SterlingEmulator], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, emulator = served
    assert (
        main(["partner-sim", "generate", "--sterling", url, "--partner", "BIGBOX", "--type", "850", "--count", "2"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.count("BIGBOX\t850\t") == 2

    assert (
        main(
            [
                "partner-sim",
                "generate",
                "--sterling",
                url + "/B2BAPIs/svc",
                "--partner",
                "EUROMARKT",
                "--type",
                "820",
                "--invoice",
                "INV-1=100.00:5.00:ZZ",
                "--invoice",
                "INV-2=20",
            ]
        )
        == 0
    )
    assert "EUROMARKT\tREMADV\t" in capsys.readouterr().out

    edi = tmp_path / "raw.x12"
    edi.write_bytes(b"ISA*raw~")
    assert main(["partner-sim", "drop", "--sterling", url, "--partner", "HOMEPRO", str(edi)]) == 0
    assert "/HOMEPRO/Inbound/raw.x12" in capsys.readouterr().out

    # The connector delivers an 810 through the real REST API, as the product's client would.
    auth = (USER, PASSWORD)
    interchange = (
        b"ISA*00*          *00*          *ZZ*CONTOSOUSMF    *12*7705550100     *260314*1719*U*00401*000000005*0*P*>~"
        b"GS*IN*CONTOSOUSMF*HOMEPRO*20260314*1719*5*X*004010~ST*810*0001~BIG*20260314*INV-5~SE*3*0001~GE*1*5~"
        b"IEA*1*000000005~"
    )
    created = requests.post(
        f"{url}/B2BAPIs/svc/documents/", json={"payload": base64.b64encode(interchange).decode()}, auth=auth, timeout=10
    )
    assert created.status_code == 201
    document_id = requests.utils.unquote(created.json()["Location"].rsplit("/", 1)[1])
    message = requests.post(
        f"{url}/B2BAPIs/svc/mailboxmessages/",
        json={
            "documentId": document_id,
            "mailboxPath": "/HOMEPRO/Outbound",
            "name": "INV-5.x12",
            "extractableAlways": True,
        },
        auth=auth,
        timeout=10,
    )
    assert message.status_code == 201

    out_dir = tmp_path / "out"
    assert main(["partner-sim", "received", "--sterling", url, "--partner", "HOMEPRO", "--out", str(out_dir)]) == 0
    assert "INV-5.x12" in capsys.readouterr().out
    saved = list((out_dir / "HOMEPRO").iterdir())
    assert [p.read_bytes() for p in saved] == [interchange]

    assert main(["partner-sim", "ack", "--sterling", url, "--partner", "HOMEPRO"]) == 0
    assert "000000005\taccepted" in capsys.readouterr().out
    inbound = emulator.store.find_mailbox("/HOMEPRO/Inbound")
    assert inbound is not None
    assert any(m.name.startswith("HOMEPRO_997_") for m in emulator.store.messages_in(inbound.id))


def test_cli_reports_usage_and_remote_errors(
    served: tuple[str, SterlingEmulator], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = served
    assert main(["partner-sim", "generate", "--sterling", url, "--partner", "NOSUCH", "--type", "850"]) == 2
    assert "unknown partner" in capsys.readouterr().err
    assert main(["partner-sim", "generate", "--sterling", url, "--partner", "BIGBOX", "--type", "820"]) == 2
    assert "--invoice" in capsys.readouterr().err
    assert main(["partner-sim", "received", "--sterling", "http://127.0.0.1:9"]) == 2
    assert "cannot reach" in capsys.readouterr().err
