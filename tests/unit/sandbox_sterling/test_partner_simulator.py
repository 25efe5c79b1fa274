"""The partner simulator: generated 850 / 820 / ORDERS / REMADV, drops, what was received, acknowledgments."""

from __future__ import annotations

import base64
import io
import re
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from sandbox.seed.catalog import catalog, partner_item_id
from sandbox.seed.partners import PARTNERS
from sandbox.sterling import SterlingEmulator
from sandbox.sterling.inbound_documents import Deduction, RemittedInvoice
from sandbox.sterling.partner_sim import PartnerSimError
from tests.unit.sandbox_sterling.helpers import Client, body_of, make_emulator

pytestmark = pytest.mark.unit

CUSTOMERS = [p for p in PARTNERS if p.role == "customer"]
X12_CUSTOMERS = [p.code for p in CUSTOMERS if p.standard == "X12"]
EDIFACT_CUSTOMERS = [p.code for p in CUSTOMERS if p.standard == "EDIFACT"]


# -- an independent envelope checker (written from the standards, not from the generator) -------------------


def x12_segments(raw: bytes) -> list[list[str]]:
    text = raw.decode("ascii")
    assert text.startswith("ISA")
    element, terminator = text[3], text[105]
    assert len(text.split(terminator, 1)[0]) == 105, "ISA must be fixed width"
    return [s.strip().split(element) for s in text.split(terminator) if s.strip()]


def check_x12_envelope(raw: bytes) -> dict[str, str]:
    segments = x12_segments(raw)
    isa, iea = segments[0], segments[-1]
    assert iea[0] == "IEA"
    assert iea[2] == isa[13]
    assert re.fullmatch(r"\d{9}", isa[13])
    assert len(isa[6]) == len(isa[8]) == 15
    groups = [s for s in segments if s[0] == "GS"]
    assert int(iea[1]) == len(groups)
    st_index = None
    sets_in_group = 0
    for index, segment in enumerate(segments):
        if segment[0] == "GS":
            sets_in_group = 0
            gs = segment
        elif segment[0] == "ST":
            st_index = index
            sets_in_group += 1
        elif segment[0] == "SE":
            assert st_index is not None
            assert int(segment[1]) == index - st_index + 1, "SE01 counts ST..SE"
            assert segment[2] == segments[st_index][2]
        elif segment[0] == "GE":
            assert int(segment[1]) == sets_in_group
            assert segment[2] == gs[6]
    return {"ISA13": isa[13], "GS06": groups[0][6], "GS01": groups[0][1], "GS08": groups[0][8], "ISA12": isa[12]}


def edifact_segments(raw: bytes) -> list[str]:
    text = raw.decode("latin-1")
    assert text.startswith("UNA:+.? '")
    body = text[9:]
    return [s.strip() for s in re.split(r"(?<!\?)'", body) if s.strip()]


def check_edifact_envelope(raw: bytes) -> dict[str, str]:
    segments = edifact_segments(raw)
    unb, unz = segments[0].split("+"), segments[-1].split("+")
    assert unb[0] == "UNB"
    assert unz[0] == "UNZ"
    assert unz[2] == unb[5]
    headers = [i for i, s in enumerate(segments) if s.startswith("UNH+")]
    assert int(unz[1]) == len(headers)
    for start in headers:
        end = next(i for i in range(start, len(segments)) if segments[i].startswith("UNT+"))
        unt = segments[end].split("+")
        assert int(unt[1]) == end - start + 1, "UNT counts UNH..UNT"
        assert unt[2] == segments[start].split("+")[1]
    return {"reference": unb[5], "message": segments[headers[0]].split("+")[2]}


def pyx12_errors(raw: bytes) -> list[object]:
    import pyx12.x12file

    reader = pyx12.x12file.X12Reader(io.StringIO(raw.decode("ascii")))
    for _ in reader:
        pass
    return list(reader.pop_errors())


def payload_of(emulator: SterlingEmulator, document_id: str) -> bytes:
    return emulator.store.document(document_id).content


@pytest.fixture
def emulator() -> SterlingEmulator:
    return make_emulator()


@pytest.mark.parametrize("code", X12_CUSTOMERS)
def test_generated_850s_have_correct_envelopes_and_name_catalog_items(emulator: SterlingEmulator, code: str) -> None:
    partner = emulator.simulator.partner(code)
    dropped = emulator.simulator.generate_orders(code, 3)
    controls = []
    for message in dropped:
        raw = payload_of(emulator, message.document_id)
        envelope = check_x12_envelope(raw)
        assert pyx12_errors(raw) == []
        assert envelope["GS01"] == "PO"
        assert envelope["GS08"] == partner.version
        assert envelope["ISA12"] == ("00501" if partner.version == "005010" else "00401")
        controls.append(int(envelope["ISA13"]))
        segments = x12_segments(raw)
        assert segments[0][5:7] == [partner.qualifier, partner.interchange_id.ljust(15)]
        po1 = [s for s in segments if s[0] == "PO1"]
        ctt = next(s for s in segments if s[0] == "CTT")
        assert int(ctt[1]) == len(po1)
        assert int(ctt[2]) == sum(int(s[2]) for s in po1)
        beg = next(s for s in segments if s[0] == "BEG")
        assert beg[3] == message.reference
        known = {partner_item_id(partner, item) for item in catalog()}
        for line in po1:
            ids = dict(zip(line[6::2], line[7::2], strict=False))
            if partner.item_id_kind == "gtin":
                assert ids["UP"] in known
                if partner.version == "005010":
                    assert ids["UK"] == "00" + ids["UP"]
            else:
                assert set(ids) == {"BP"}
                assert ids["BP"] in known
    assert controls == sorted(controls)
    assert len(set(controls)) == 3
    mailbox = emulator.store.find_mailbox(partner.inbound_mailbox)
    assert mailbox is not None
    assert [m.name for m in emulator.store.messages_in(mailbox.id)] == [m.name for m in dropped]


@pytest.mark.parametrize("code", EDIFACT_CUSTOMERS)
def test_generated_orders_have_correct_envelopes(emulator: SterlingEmulator, code: str) -> None:
    partner = emulator.simulator.partner(code)
    raw = payload_of(emulator, emulator.simulator.generate_orders(code)[0].document_id)
    envelope = check_edifact_envelope(raw)
    assert envelope["message"].startswith(f"ORDERS:D:{partner.version[1:]}:UN")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pydifact.segmentcollection import Interchange

        interchange = Interchange.from_str(raw.decode("latin-1"))
        messages = list(interchange.get_messages())
    assert interchange.sender[0] == partner.interchange_id
    assert interchange.control_reference == envelope["reference"]
    assert [m.type for m in messages] == ["ORDERS"]
    lines = [s for s in messages[0].segments if s.tag == "LIN"]
    cnt = next(s for s in messages[0].segments if s.tag == "CNT")
    assert int(cnt.elements[0][1]) == len(lines)


def test_820_remits_given_invoices_with_deductions_and_balances(emulator: SterlingEmulator) -> None:
    invoices = [
        RemittedInvoice("INV-1001", Decimal("1250.00"), (Deduction(Decimal("75.50"), "59", "CB-77"),)),
        RemittedInvoice("INV-1002", Decimal("99.99")),
    ]
    dropped = emulator.simulator.generate_remittance("BIGBOX", invoices)
    raw = payload_of(emulator, dropped.document_id)
    assert check_x12_envelope(raw)["GS01"] == "RA"
    assert pyx12_errors(raw) == []
    segments = x12_segments(raw)
    bpr = next(s for s in segments if s[0] == "BPR")
    rmr = [s for s in segments if s[0] == "RMR"]
    adx = [s for s in segments if s[0] == "ADX"]
    assert [(s[2], s[4]) for s in rmr] == [("INV-1001", "1250.00"), ("INV-1002", "99.99")]
    assert adx == [["ADX", "-75.50", "59", "CM", "CB-77"]]
    assert Decimal(bpr[2]) == sum(Decimal(s[4]) for s in rmr) + sum(Decimal(s[1]) for s in adx)
    trn = next(s for s in segments if s[0] == "TRN")
    assert trn[2] == dropped.reference


def test_remadv_remits_given_invoices(emulator: SterlingEmulator) -> None:
    invoices = [RemittedInvoice("RE-9", Decimal("500.00"), (Deduction(Decimal("20.00"), "ZZ", "it's 'quoted'+"),))]
    raw = payload_of(emulator, emulator.simulator.generate_remittance("EUROMARKT", invoices).document_id)
    assert check_edifact_envelope(raw)["message"] == "REMADV:D:96A:UN"
    text = raw.decode("latin-1")
    assert "DOC+380+RE-9'" in text
    assert "MOA+12:480.00'" in text
    assert "RFF+ACE:it?'s ?'quoted?'?+'" in text  # service characters released


def test_suppliers_do_not_send_orders_and_unknown_partners_are_named(emulator: SterlingEmulator) -> None:
    with pytest.raises(PartnerSimError, match="supplier"):
        emulator.simulator.generate_orders("ACMEPACK")
    with pytest.raises(PartnerSimError, match="BIGBOX"):
        emulator.simulator.generate_orders("NOSUCH")


def test_drop_a_corpus_file_and_poll_it_like_the_connector(emulator: SterlingEmulator, corpus_dir: Path) -> None:
    sample = corpus_dir / "Inteligenz__X12Parser"
    files = sorted(sample.rglob("*.txt"))
    assert files
    raw = files[0].read_bytes()
    client = Client(emulator)
    reply = client.call(
        "POST",
        "/sandbox/sterling/partners/BIGBOX/drop",
        {"name": files[0].name, "payload": base64.b64encode(raw).decode()},
    )
    assert reply.status == 201
    box = client.mailbox_id("/BIGBOX/Inbound")
    listed = body_of(client.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(box), "detail": "true"}))
    from urllib.parse import quote

    payload = client.call("POST", f"/documents/{quote(listed[0]['documentId'], safe='')}/actions/getpayload", {})
    assert base64.b64decode(body_of(payload)["response"]) == raw


def _deliver(client: Client, mailbox: str, name: str, raw: bytes) -> int:
    return client.post_message(mailbox, name, raw)


def _our_810(envelope_control: int, *, break_count: bool = False) -> bytes:
    body = f"ST*810*0001~BIG*20260314*INV-1**PO-1~TDS*10000~SE*{3 if break_count else 4}*0001~"
    isa = (
        "ISA*00*          *00*          *ZZ*CONTOSOUSMF    *01*0078742000008  *260314*1719*U*00401*"
        f"{envelope_control:09d}*0*P*>~"
    )
    return (
        isa
        + "GS*IN*CONTOSOUSMF*BIGBOXAP*20260314*1719*7*X*004010~"
        + body
        + "GE*1*7~"
        + f"IEA*1*{envelope_control:09d}~"
    ).encode()


def test_ack_sends_a_997_per_delivered_interchange_once(emulator: SterlingEmulator) -> None:
    client = Client(emulator)
    _deliver(client, "/BIGBOX/Outbound", "INV-1.x12", _our_810(41) + b"\n" + _our_810(42, break_count=True))
    acks = emulator.simulator.acknowledge("BIGBOX")
    assert [(a.acknowledged_reference, a.accepted) for a in acks] == [("000000041", True), ("000000042", False)]
    first = payload_of(emulator, acks[0].dropped.document_id)
    check_x12_envelope(first)
    assert pyx12_errors(first) == []
    segments = x12_segments(first)
    assert segments[0][6].strip() == "0078742000008"  # sender and receiver swapped
    assert segments[0][8].strip() == "CONTOSOUSMF"
    assert [s for s in segments if s[0] in ("AK1", "AK2", "AK5", "AK9")] == [
        ["AK1", "IN", "7"],
        ["AK2", "810", "0001"],
        ["AK5", "A"],
        ["AK9", "A", "1", "1", "1"],
    ]
    rejected = x12_segments(payload_of(emulator, acks[1].dropped.document_id))
    assert ["AK5", "R", "4"] in rejected
    assert ["AK9", "R", "1", "1", "0"] in rejected
    assert acks[0].dropped.mailbox_path == "/BIGBOX/Inbound"
    assert emulator.simulator.acknowledge("BIGBOX") == []  # already acknowledged


def test_ack_sends_contrl_for_edifact_and_never_acks_an_ack(emulator: SterlingEmulator) -> None:
    client = Client(emulator)
    invoic = (
        b"UNA:+.? 'UNB+UNOC:3+4012345000009:14+4098765000001:14+260314:1719+REF77++INVOIC++1'"
        b"UNH+M1+INVOIC:D:96A:UN:EAN008'BGM+380+INV?+9+9'UNT+3+M1'UNZ+1+REF77'"
    )
    _deliver(client, "/EUROMARKT/Outbound", "INVOIC.edi", invoic)
    _deliver(
        client,
        "/EUROMARKT/Outbound",
        "CONTRL.edi",
        b"UNA:+.? 'UNB+UNOC:3+A:14+B:14+260314:1719+R1'UNH+1+CONTRL:D:3:UN'UCI+X+A:14+B:14+7'UNT+3+1'UNZ+1+R1'",
    )
    acks = emulator.simulator.acknowledge("EUROMARKT")
    assert [(a.acknowledged_reference, a.accepted) for a in acks] == [("REF77", True)]
    raw = payload_of(emulator, acks[0].dropped.document_id)
    check_edifact_envelope(raw)
    text = raw.decode("latin-1")
    assert "UCI+REF77+4012345000009:14+4098765000001:14+7'" in text
    assert "UCM+M1+INVOIC:D:96A:UN:EAN008+7'" in text
    assert "UNB+UNOC:3+4098765000001:14+4012345000009:14+" in text


def test_received_lists_outbound_payloads(emulator: SterlingEmulator) -> None:
    client = Client(emulator)
    _deliver(client, "/HOMEPRO/Outbound", "INV-9.x12", b"ISA*payload~")
    reply = body_of(client.call("GET", "/sandbox/sterling/received", query={"partner": "HOMEPRO"}))
    assert [(m["partner"], m["name"], base64.b64decode(m["payload"])) for m in reply["messages"]] == [
        ("HOMEPRO", "INV-9.x12", b"ISA*payload~")
    ]
    assert body_of(client.call("GET", "/sandbox/sterling/received", query={"partner": "BIGBOX"}))["messages"] == []


def test_control_api_generate_and_errors(emulator: SterlingEmulator) -> None:
    client = Client(emulator, None)
    created = client.call(
        "POST",
        "/sandbox/sterling/partners/HANSEHAUS/generate",
        {"type": "820", "invoices": [{"number": "R1", "amount": "10.00", "deductions": [{"amount": "1.5"}]}]},
    )
    assert created.status == 201
    assert body_of(created)["messages"][0]["documentType"] == "REMADV"
    assert client.call("POST", "/sandbox/sterling/partners/BIGBOX/generate", {"type": "856"}).status == 400
    assert (
        client.call("POST", "/sandbox/sterling/partners/BIGBOX/generate", {"type": "820", "invoices": []}).status == 400
    )
    assert client.call("POST", "/sandbox/sterling/partners/ACMEPACK/generate", {"type": "850"}).status == 400
    assert client.call("GET", "/sandbox/sterling/nothing").status == 404


def test_an_interchange_with_two_groups_gets_a_997_interchange_per_group(emulator: SterlingEmulator) -> None:
    client = Client(emulator)
    single = _our_810(50).decode()
    group = single[single.index("GS*") : single.index("IEA*")]
    two_groups = single.replace("IEA*1*", group.replace("*7*", "*8*").replace("GE*1*7", "GE*1*8") + "IEA*2*").encode()
    _deliver(client, "/BIGBOX/Outbound", "two.x12", two_groups)
    (ack,) = emulator.simulator.acknowledge("BIGBOX")
    assert ack.accepted
    raw = payload_of(emulator, ack.dropped.document_id)
    interchanges = [chunk for chunk in raw.split(b"ISA*")[1:]]
    assert len(interchanges) == 2
    controls = [check_x12_envelope(b"ISA*" + chunk)["ISA13"] for chunk in interchanges]
    assert len(set(controls)) == 2
    ak1 = [s for chunk in interchanges for s in x12_segments(b"ISA*" + chunk) if s[0] == "AK1"]
    assert ak1 == [["AK1", "IN", "7"], ["AK1", "IN", "8"]]


def test_a_broken_interchange_envelope_is_refused_with_a_ta1(emulator: SterlingEmulator) -> None:
    client = Client(emulator)
    broken = _our_810(60).replace(b"IEA*1*000000060", b"IEA*1*000000061")
    _deliver(client, "/BIGBOX/Outbound", "broken.x12", broken)
    (ack,) = emulator.simulator.acknowledge("BIGBOX")
    assert not ack.accepted
    raw = payload_of(emulator, ack.dropped.document_id)
    assert pyx12_errors(raw) == []
    segments = x12_segments(raw)
    assert [s[0] for s in segments] == ["ISA", "TA1", "IEA"]
    assert segments[1] == ["TA1", "000000060", "260314", "1719", "R", "001"]
    assert segments[2][1] == "0"
