"""Human-readable rendering: segment names, element names and, for coded elements, what the code means."""

from __future__ import annotations

from shared.edi.edifact.dictionary import CODE_NAMES, ELEMENTS, SEGMENT_NAMES, layout_for
from shared.edi.edifact.reader import ReadResult
from shared.edi.edifact.segments import Segment

__all__ = ["render_read"]


def _ids(tag: str, directory: str) -> list[tuple[str, list[str]]]:
    layout = layout_for(tag, directory)
    if layout is None:
        return []
    out: list[tuple[str, list[str]]] = []
    for raw in layout.split("|"):
        part = raw.strip()
        if "[" in part:
            head, inner = part.split("[", 1)
            out.append((head.split()[0], [c.split()[0] for c in inner.rstrip("]").split(",")]))
        else:
            eid = part.split()[0]
            out.append((eid, [eid]))
    return out


def _segment_lines(segment: Segment, position: int, directory: str) -> list[str]:
    lines = [f"  {position:>4} {segment.tag} {SEGMENT_NAMES.get(segment.tag, '(unknown segment)')}"]
    ids = _ids(segment.tag, directory)
    for e, comps in enumerate(segment.elements, start=1):
        for c, value in enumerate(comps, start=1):
            if not value:
                continue
            eid = ids[e - 1][1][c - 1] if e <= len(ids) and c <= len(ids[e - 1][1]) else ""
            name = ELEMENTS[eid][1] if eid in ELEMENTS else "(not in dictionary)"
            meaning = CODE_NAMES.get(eid, {}).get(value)
            shown = f"{value} ({meaning})" if meaning else value
            label = f"{e:02d}" + (f".{c}" if len(comps) > 1 else "")
            lines.append(f"         {label} {eid or '----'} {name}: {shown}")
    return lines


def render_read(result: ReadResult) -> str:
    out: list[str] = []
    for ic in result.interchanges:
        h = ic.header
        out.append(
            f"Interchange {h.reference} from {':'.join(h.sender)} to {':'.join(h.recipient)} "
            f"({h.unb.get(1, 1)}:{h.syntax_version}{', test' if h.test else ''})"
        )
        out.extend(_segment_lines(h.unb, 1, "D96A"))
        for m in ic.messages:
            out.append(f"Message {m.reference}: {m.type} {m.version}:{m.release}:{m.agency}")
            for position, segment in enumerate(m.segments, start=1):
                out.extend(_segment_lines(segment, position, m.directory))
        if ic.trailer is not None:
            out.extend(_segment_lines(ic.trailer, 0, "D96A"))
    for segment in result.stray:
        out.extend(_segment_lines(segment, 0, "D96A"))
    return "\n".join(out) + "\n"
