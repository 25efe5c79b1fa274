"""EDIFACT engine speed: parse + full validation against pydifact, generation, and streaming a ~100 MB file.

Run as a script from the repository root: ``python bench/edi/edifact_bench.py [--messages N] [--stream-mb M]``.

Memory is measured as the peak resident set (``getrusage(...).ru_maxrss``) of a child process that only streams
the file. Linux carries a process's RSS high-water mark across fork and exec, so the big file is written by
another child and the streaming child is started while this parent is still small (before it builds the
10,000-message benchmark). The child also reads ``VmHWM`` from /proc as a cross-check. Timings are the best of
three runs for ours, two for pydifact (it is slow).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from shared.edi.edifact.numbers import InMemoryControlNumbers
from shared.edi.edifact.reader import iter_messages, read
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.syntax import SyntaxLevel
from shared.edi.edifact.validate import validate_message, validate_read
from shared.edi.edifact.writer import EnvelopeOptions, OutboundMessage, Party, write_interchange
from shared.edi.model import Severity

WHEN = datetime(2026, 11, 27)  # noqa: DTZ001 - UNB carries no zone


def orders(i: int) -> OutboundMessage:
    """A realistic ORDERS D96A: header, two parties, currency, three lines (one part number needs escaping)."""
    body = [
        Segment.of("BGM", "220", f"PO{i}", "9"),
        Segment.of("DTM", ("137", "20261127", "102")),
        Segment.of("NAD", "BY", ("5412345000013", "", "9")),
        Segment.of("NAD", "SU", ("4012345500004", "", "9")),
        Segment.of("CUX", ("2", "EUR", "9")),
    ]
    for n in range(1, 4):
        body += [
            Segment.of("LIN", str(n), None, (f"400086214{i % 10000:04d}", "EN")),
            Segment.of("PIA", "1", (f"ABC?{n}{i}", "IN")),
            Segment.of("QTY", ("21", str(n * 12 + i % 7))),
            Segment.of("PRI", ("AAA", f"{14 + n}.{i % 100:02d}")),
        ]
    body += [Segment.of("UNS", "S"), Segment.of("CNT", ("2", "3"))]
    return OutboundMessage("ORDERS", tuple(body))


def options() -> EnvelopeOptions:
    return EnvelopeOptions(Party("SENDER", "14"), Party("BUYER", "14"), WHEN, level=SyntaxLevel.UNOA, newline="\n")


def best_of(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def max_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vm_hwm_mb() -> float:
    """Peak RSS of this address space only, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def write_child(path: Path, megabytes: int, count: int) -> None:
    """Child process: write ``path`` as copies of one ``count``-message interchange, about ``megabytes`` big."""
    data = write_interchange([orders(i) for i in range(count)], options(), InMemoryControlNumbers(), "bench")
    with path.open("wb") as fh:
        for _ in range(max(1, round(megabytes * 1e6 / len(data)))):
            fh.write(data)


def stream_child(path: Path) -> None:
    """Child process: stream and validate every message of ``path``; print figures as JSON."""
    baseline = max_rss_mb()
    started = time.perf_counter()
    messages = 0
    errors = 0
    with path.open("rb") as fh:
        for message in iter_messages(fh):
            messages += 1
            errors += sum(1 for i in validate_message(message) if i.severity is Severity.ERROR)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "baseline": baseline,
                "peak": max_rss_mb(),
                "hwm": vm_hwm_mb(),
                "seconds": seconds,
                "messages": messages,
                "errors": errors,
            }
        )
    )


def stream_figures(megabytes: int, count: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.edi"
        me = [sys.executable, __file__]
        subprocess.run([*me, "--write-child", str(path), "--stream-mb", str(megabytes)], check=True)
        size = path.stat().st_size / 1e6
        out = subprocess.run([*me, "--stream-child", str(path)], check=True, capture_output=True, text=True)
    f = json.loads(out.stdout)
    return (
        f"streaming {size:.0f} MB ({f['messages']} messages in interchanges of {count}), validating each message:\n"
        f"  {f['seconds']:.1f} s, {size / f['seconds']:.1f} MB/s, {f['messages'] / f['seconds']:.0f} msg/s, "
        f"{f['errors']} errors\n"
        f"  peak RSS {f['peak']:.1f} MB (ru_maxrss; {f['baseline']:.1f} MB after imports, so streaming added "
        f"{f['peak'] - f['baseline']:.1f} MB); VmHWM {f['hwm']:.1f} MB; peak RSS / file size = "
        f"{f['peak'] / size:.2f} (target: peak < 150 MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--stream-mb", type=int, default=100)
    parser.add_argument("--stream-child", type=Path)
    parser.add_argument("--write-child", type=Path)
    args = parser.parse_args()
    if args.stream_child:
        stream_child(args.stream_child)
        return
    if args.write_child:
        write_child(args.write_child, args.stream_mb, 10_000)
        return
    # First, while this process is small (see the module docstring).
    streaming = stream_figures(args.stream_mb, 10_000)
    count = args.messages
    msgs = [orders(i) for i in range(count)]
    gen = best_of(3, lambda: write_interchange(msgs, options(), InMemoryControlNumbers(), "bench"))
    data = write_interchange(msgs, options(), InMemoryControlNumbers(), "bench")
    mb = len(data) / 1e6
    report = validate_read(read(data))
    assert report.valid, [i.describe() for i in report.errors[:3]]
    parse = best_of(3, lambda: read(data))
    full = best_of(3, lambda: validate_read(read(data)))
    with warnings.catch_warnings():
        # pydifact warns once per segment type that it has no directory data; that is not what we measure.
        warnings.simplefilter("ignore")
        from pydifact.segmentcollection import Interchange as PydifactInterchange

        text = data.decode("latin-1")
        pyd = best_of(2, lambda: PydifactInterchange.from_str(text))

    def row(name: str, seconds: float) -> str:
        return f"  {name:<38} {seconds:6.2f} s {mb / seconds:6.2f} MB/s {count / seconds:7.0f} msg/s"

    print(f"file: {count} ORDERS D96A messages, {mb:.2f} MB (UNOA, a line break after each segment)")
    print(row("ours: parse + full validation", full))
    print(row("ours: parse only", parse))
    print(row("pydifact: parse only", pyd))
    print(row("ours: generation (write_interchange)", gen))
    print(f"  ratio pydifact parse / ours parse+validate: {pyd / full:.1f}x  (target >= 5x)")
    print(f"  ratio pydifact parse / ours parse only:     {pyd / parse:.1f}x")
    print(f"  ratio generation speed / parse speed:       {parse / gen:.2f}x  (target >= 1x)")
    print(streaming)


if __name__ == "__main__":
    main()
