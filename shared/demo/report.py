"""What the demo shows at the end: the summary table, the ``--json`` document, and the ``--out`` files."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from shared.demo.control import Delivered
from shared.demo.counting import REPORTED_FLOWS, CycleResult, FlowCounts

__all__ = ["interchange_file_name", "json_document", "summary_table", "write_out"]

_COLUMNS = ("found", "done", "failed", "dup. suppressed", "Dynamics calls", "Sterling calls", "retries")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def json_document(result: CycleResult, *, exit_code: int) -> dict[str, object]:
    """The ``--json`` contract: ``passes`` and ``failures`` (more keys may be added, none removed)."""
    return {
        "passes": [p.to_json() for p in result.passes],
        "failures": [f.to_json() for f in result.failures],
        "converged": result.converged,
        "exit_code": exit_code,
        "business": result.business.to_json(),
    }


def _row(name: str, counts: FlowCounts) -> list[str]:
    return [
        name,
        *(
            str(n)
            for n in (
                counts.found,
                counts.done,
                counts.failed,
                counts.duplicates_suppressed,
                counts.dynamics_calls,
                counts.sterling_calls,
                counts.retries,
            )
        ),
    ]


def summary_table(result: CycleResult) -> str:
    rows: list[list[str]] = []
    for number, counts in enumerate(result.passes, start=1):
        for flow in REPORTED_FLOWS:
            rows.append(_row(f"pass {number}  {flow.value}", counts[flow]))
        rows.append(_row(f"pass {number}  acknowledgments", counts.acknowledgments))
        rows.append(_row(f"pass {number}  polling, other", counts.overhead))
    header = ["", *_COLUMNS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [line(header), line(["-" * w for w in widths])]
    for index, row in enumerate(rows):
        if index and index % (len(REPORTED_FLOWS) + 2) == 0:
            out.append("")
        out.append(line(row))
    if result.failures:
        out += ["", f"{len(result.failures)} failures (recorded, replayable):"]
        out += [f"  {f.flow} {f.key}: {f.reason}" for f in result.failures]
    for number, counts in enumerate(result.passes, start=1):
        if counts.unfinished:
            out += ["", f"pass {number}: {len(counts.unfinished)} documents never finished:"]
            out += [f"  {document}" for document in counts.unfinished]
    if not result.converged:
        out += ["", "the run did not converge: work was left unfinished when the pass ended"]
    return "\n".join(out)


def interchange_file_name(message: Delivered) -> str:
    """The message's name, made safe for a file system, ending ``.x12`` or ``.edi`` after what the payload is."""
    head = message.payload.lstrip()[:3]
    extension = ".x12" if head == b"ISA" else ".edi" if head in (b"UNA", b"UNB") else ".txt"
    stem = _UNSAFE.sub("_", message.name).strip("._") or f"message_{message.message_id}"
    for known in (".x12", ".edi", ".txt"):
        stem = stem.removesuffix(known)
    return stem + extension


def write_out(
    directory: Path,
    delivered: Sequence[Delivered],
    created: Mapping[str, Sequence[Mapping[str, object]]],
) -> list[Path]:
    """``partners/<CODE>/<message name>`` for every interchange the connector delivered, and
    ``dynamics/<what>.json`` for the records it created; returns the files written."""
    written: list[Path] = []
    for message in delivered:
        folder = directory / "partners" / _UNSAFE.sub("_", message.partner)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / interchange_file_name(message)
        if path.exists():  # two messages with one name: keep both, told apart by the Sterling message id
            path = path.with_name(f"{message.message_id}_{path.name}")
        path.write_bytes(message.payload)
        written.append(path)
    dynamics = directory / "dynamics"
    dynamics.mkdir(parents=True, exist_ok=True)
    for what, records in sorted(created.items()):
        path = dynamics / f"{what}.json"
        path.write_text(json.dumps(list(records), indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
        written.append(path)
    return written
