"""EDIFACT engine speed: parse + validate vs pydifact, generation, streaming peak memory. Run as a script."""

from __future__ import annotations

import io
import sys
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from shared.edi.edifact.numbers import InMemoryControlNumbers
from shared.edi.edifact.reader import iter_messages, read
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.syntax import SyntaxLevel
from shared.edi.edifact.validate import validate_read
from shared.edi.edifact.writer import EnvelopeOptions, OutboundMessage, Party, write_interchange


def orders(i: int) -> OutboundMessage:
    body = [
        Segment.of("BGM", "220", f"PO{i}", "9"),
        Segment.of("DTM", ("137", "20261127", "102")),
        Segment.of("NAD", "BY", ("5412345000013", "", "9")),
        Segment.of("NAD", "SU", ("4012345500004", "", "9")),
        Segment.of("CUX", ("2", "EUR", "9")),
    ]
    for n in range(1, 4):
        body += [
            Segment.of("LIN", str(n), None, ("4000862141404", "EN")),
            Segment.of("PIA", "1", ("ABC?1234", "IN")),
            Segment.of("QTY", ("21", "48")),
            Segment.of("PRI", ("AAA", "14.58")),
        ]
    body += [Segment.of("UNS", "S"), Segment.of("CNT", ("2", "3"))]
    return OutboundMessage("ORDERS", tuple(body))


def generate(count: int) -> bytes:
    opts = EnvelopeOptions(Party("SENDER", "14"), Party("BUYER", "14"), datetime(2026, 11, 27), level=SyntaxLevel.UNOA)  # noqa: DTZ001
    return write_interchange([orders(i) for i in range(count)], opts, InMemoryControlNumbers(), "bench")


def main() -> None:
    msgs = [orders(i) for i in range(10_000)]
    opts = EnvelopeOptions(Party("SENDER", "14"), Party("BUYER", "14"), datetime(2026, 11, 27), level=SyntaxLevel.UNOA)  # noqa: DTZ001
    t0 = time.perf_counter()
    data = write_interchange(msgs, opts, InMemoryControlNumbers(), "bench")
    gen = time.perf_counter() - t0
    mb = len(data) / 1e6
    t0 = time.perf_counter()
    report = validate_read(read(data))
    ours = time.perf_counter() - t0
    assert report.valid, report.errors[:3]
    from pydifact.segmentcollection import Interchange as PydInterchange

    t0 = time.perf_counter()
    PydInterchange.from_str(data.decode("latin-1"))
    pyd = time.perf_counter() - t0
    print(f"file: 10000 ORDERS, {mb:.2f} MB")
    print(f"ours parse+validate: {ours:.2f}s  {mb / ours:.2f} MB/s  {10000 / ours:.0f} msg/s")
    print(f"pydifact parse only: {pyd:.2f}s  {mb / pyd:.2f} MB/s  ratio ours/pydifact speed = {pyd / ours:.1f}x")
    print(f"generation (build segments excluded): {gen:.2f}s  {mb / gen:.2f} MB/s  {10000 / gen:.0f} msg/s")
    # Streaming 100 MB: repeat the interchange; memory measured with tracemalloc around the stream.
    big = data * max(1, int(100 / mb))
    stream = io.BytesIO(big)
    tracemalloc.start()
    t0 = time.perf_counter()
    n = sum(1 for _ in iter_messages(stream))
    dt = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"streaming {len(big) / 1e6:.0f} MB: {n} messages in {dt:.1f}s, peak traced memory {peak / 1e6:.1f} MB "
        "(input buffer excluded: it is the caller's file)"
    )


if __name__ == "__main__":
    main()
