"""What the partners received, read back from the demo's ``--out`` files: which transaction each file holds."""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# X12 transaction set or EDIFACT message type → the flow (or acknowledgment) that sent it.
SENT_BY = {
    "850": "outbound_850",
    "ORDERS": "outbound_850",
    "810": "outbound_810",
    "INVOIC": "outbound_810",
    "856": "outbound_856",
    "DESADV": "outbound_856",
    "997": "acknowledgment",
    "999": "acknowledgment",
    "TA1": "acknowledgment",
    "CONTRL": "acknowledgment",
}


@dataclass(frozen=True)
class PartnerFile:
    partner: str
    path: Path
    standard: str  # X12 / EDIFACT
    kinds: tuple[str, ...]  # ST01 or UNH 0065 of each transaction, TA1 for an interchange acknowledgment


def _x12_kinds(data: bytes) -> tuple[str, ...]:
    text = data.decode("ascii")
    element, terminator = text[3], text[105]
    kinds = []
    for segment in text.split(terminator):
        fields = segment.strip().split(element)
        if fields[0] == "ST":
            kinds.append(fields[1])
        elif fields[0] == "TA1":
            kinds.append("TA1")
    return tuple(kinds)


def _edifact_kinds(data: bytes) -> tuple[str, ...]:
    text = data.decode("latin-1")
    component, element, release, terminator = ":", "+", "?", "'"
    if text.startswith("UNA"):
        component, element, release, terminator = text[3], text[4], text[6], text[8]
        text = text[9:]
    kinds = []
    for segment in text.replace(release + terminator, "").split(terminator):
        fields = segment.strip().split(element)
        if fields[0] == "UNH":
            kinds.append(fields[2].split(component)[0])
    return tuple(kinds)


def partner_files(out: Path) -> list[PartnerFile]:
    files = []
    for path in sorted((out / "partners").glob("*/*")):
        data = path.read_bytes()
        if data.startswith(b"ISA"):
            files.append(PartnerFile(path.parent.name, path, "X12", _x12_kinds(data)))
        else:
            files.append(PartnerFile(path.parent.name, path, "EDIFACT", _edifact_kinds(data)))
    return files


def sent_counts(out: Path) -> Counter[str]:
    """How many transactions each outbound flow put into the partners' mailboxes (acknowledgments apart)."""
    counts: Counter[str] = Counter()
    for file in partner_files(out):
        for kind in file.kinds:
            counts[SENT_BY.get(kind, kind)] += 1
    return counts


def created_records(out: Path, what: str) -> list[dict[str, object]]:
    records = json.loads((out / "dynamics" / f"{what}.json").read_text(encoding="utf-8"))
    assert isinstance(records, list)
    return records


def pyx12_errors(data: bytes) -> list[object]:
    import pyx12.x12file

    reader = pyx12.x12file.X12Reader(io.StringIO(data.decode("ascii")))
    for _ in reader:
        pass
    return list(reader.pop_errors())
