"""Business scenarios written by the tests: one retail document of each supported set."""

from __future__ import annotations

from datetime import datetime

from shared.edi.x12.acks import acknowledge_bytes
from shared.edi.x12.envelope import Segment
from shared.edi.x12.writer import GroupSpec, InMemoryControlNumbers, Party, TransactionSpec, build_interchange

WHEN = datetime(2026, 3, 1, 9, 30)  # noqa: DTZ001 - envelope dates are the partner's local time
US = Party("ZZ", "MLCONNECTOR")
RETAILER = Party("08", "9251750000")

STANDARD_ORDER: tuple[Segment, ...] = (
    ("BEG", "00", "SA", "PO-1001", "", "20260301"),
    ("CUR", "BY", "USD"),
    ("N1", "ST", "ACME DC 7", "UL", "0078742000992"),
    ("N3", "406 SOUTH WALTON BLVD"),
    ("N4", "BENTONVILLE", "AR", "72712", "US"),
    ("PO1", "1", "12", "EA", "4.25", "PE", "UP", "012345678905"),
    ("PID", "F", "", "", "", "BLUE WIDGET"),
    ("PO1", "2", "3", "CA", "19.99", "PE", "VN", "W-200"),
    ("CTT", "2"),
)

INVOICE_WITH_FREIGHT: tuple[Segment, ...] = (
    ("BIG", "20260305", "INV-5001", "20260301", "PO-1001"),
    ("REF", "IA", "4455667"),
    ("N1", "ST", "ACME DC 7", "UL", "0078742000992"),
    ("N1", "RI", "ML MANUFACTURING", "92", "V100"),
    ("ITD", "01", "3", "2", "", "10", "", "30"),
    ("DTM", "011", "20260304"),
    ("IT1", "1", "12", "EA", "4.25", "PE", "UP", "012345678905"),
    ("IT1", "2", "3", "CA", "19.99", "PE", "VN", "W-200"),
    ("TDS", "13097"),
    ("SAC", "C", "D240", "", "", "2000"),
    ("CTT", "2"),
)

PICK_AND_PACK_ASN: tuple[Segment, ...] = (
    ("BSN", "00", "ASN-7001", "20260304", "1200", "0001"),
    ("HL", "1", "", "S"),
    ("TD1", "CTN25", "1"),
    ("TD5", "", "2", "ABCD", "M"),
    ("REF", "BM", "BOL123456"),
    ("DTM", "011", "20260304"),
    ("N1", "ST", "ACME DC 7", "UL", "0078742000992"),
    ("HL", "2", "1", "O"),
    ("PRF", "PO-1001", "", "", "20260301"),
    ("HL", "3", "2", "P"),
    ("MAN", "GM", "00007121610006156802"),
    ("HL", "4", "3", "I"),
    ("LIN", "1", "UP", "012345678905"),
    ("SN1", "1", "12", "EA"),
    ("CTT", "4"),
)

REMITTANCE_WITH_DEDUCTION: tuple[Segment, ...] = (
    (
        "BPR",
        "I",
        "4856.24",
        "C",
        "ACH",
        "CTX",
        "01",
        "053000219",
        "DA",
        "200001480430",
        "1234567890",
        "",
        "01",
        "071000013",
        "DA",
        "987654321",
        "20260320",
    ),
    ("TRN", "1", "4311000190", "1234567890"),
    ("N1", "PR", "RETAIL CORP", "UL", "0078742000008"),
    ("N1", "PE", "ML MANUFACTURING", "92", "V100"),
    ("ENT", "1"),
    ("RMR", "IV", "INV-5001", "PI", "150.97", "150.97"),
    ("RMR", "IV", "INV-5002", "PI", "4755.27", "4755.27"),
    ("ADX", "-50.00", "ZZ", "CM", "DED-88"),
)


def write(version: str, set_id: str, functional: str, body: tuple[Segment, ...]) -> bytes:
    gs_version = "005010" if version == "00501" else "004010"
    return build_interchange(
        US,
        RETAILER,
        [GroupSpec(functional, gs_version, (TransactionSpec(set_id, body),))],
        InMemoryControlNumbers(),
        version=version,
        when=WHEN,
    )


SCENARIOS = {
    "850": ("PO", "standard-order", STANDARD_ORDER),
    "810": ("IN", "invoice-with-freight", INVOICE_WITH_FREIGHT),
    "856": ("SH", "pick-and-pack-asn", PICK_AND_PACK_ASN),
    "820": ("RA", "remittance-with-deduction", REMITTANCE_WITH_DEDUCTION),
}


def golden(version: str, set_id: str) -> bytes:
    if set_id == "997":
        order = golden(version, "850")
        return acknowledge_bytes(order, when=WHEN, allocator=InMemoryControlNumbers(start=500))
    functional, _, body = SCENARIOS[set_id]
    return write(version, set_id, functional, body)


def golden_name(version: str, set_id: str) -> str:
    folder = f"{set_id}_{'005010' if version == '00501' else '004010'}"
    scenario = "order-accepted" if set_id == "997" else SCENARIOS[set_id][1]
    return f"{folder}/{scenario}.edi"
