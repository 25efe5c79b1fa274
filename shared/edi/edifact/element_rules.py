"""Element checks compiled once per segment tag and directory.

Each rule has two paths. ``accepts`` runs only C-level tests (a frozenset lookup or a precompiled regex per
component) and says whether a segment is clean; ``explain`` walks the segment again to say what is wrong, with
the CONTRL 0085 code, and runs only for the rare segment ``accepts`` refuses. The fast path is never more
lenient than ``explain``: code lists are filtered through the same value check, and the regexes encode the same
type and length rules, so a segment either passes both or gets its findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from shared.edi.edifact.dictionary import CODES, format_for, layout_for
from shared.edi.edifact.segments import Element, Segment

__all__ = ["Report", "SegmentRule", "rule_for", "rules_of"]

# Digits are the ASCII ones: EDIFACT numerics carry 0-9, and superscripts or other scripts' digits are not.
_NUMERIC = re.compile(r"-?[0-9]*(?:[.,][0-9]+)?\Z")
_DIGIT = re.compile(r"[0-9]")
_FORMAT = re.compile(r"(an|a|n)(\d*)(?:\.\.(\d+))?\Z")

# code, message text, element position, component position
Report = Callable[[str, str, int | None, int | None], None]
# Lone surrogates: decoding bytes never yields one, so joined values cannot be confused with these separators.
_ELEMENT_SEP = "\udffe"
_COMPONENT_SEP = "\udfff"
_SEPARATORS = f"[{_ELEMENT_SEP}{_COMPONENT_SEP}]"
_join_components = _COMPONENT_SEP.join


def _nested(parts: list[str], sep: str) -> str:
    """Each of ``parts`` preceded by ``sep``, each optional once the one before it is there: trailing empty
    elements and components are not sent."""
    tail = ""
    for part in reversed(parts):
        tail = f"(?:{sep}{part}{tail})?"
    return tail


def _element_pattern(rule: ElementRule) -> str:
    comps = [c.pattern() if c.mandatory else f"(?:{c.pattern()})?" for c in rule.components]
    needed = max((i for i, c in enumerate(rule.components, start=1) if c.mandatory), default=1)
    present = _COMPONENT_SEP.join(comps[:needed]) + _nested(comps[needed:], _COMPONENT_SEP)
    # An element whose components are all empty is absent: fine when conditional, a finding when mandatory.
    filled = f"(?!{_COMPONENT_SEP}*(?:{_ELEMENT_SEP}|\\Z)){present}"
    return filled if rule.mandatory else f"(?:{filled}|{_COMPONENT_SEP}*)"


def _segment_pattern(elements: tuple[ElementRule, ...]) -> str:
    """Matches the joined values (each element preceded by its separator) of exactly the segments
    ``SegmentRule.explain`` finds nothing in."""
    parts = [_element_pattern(e) for e in elements]
    needed = max((i for i, e in enumerate(elements, start=1) if e.mandatory), default=0)
    return "".join(_ELEMENT_SEP + p for p in parts[:needed]) + _nested(parts[needed:], _ELEMENT_SEP)


@dataclass(frozen=True, slots=True)
class ComponentRule:
    id: str
    mandatory: bool
    kind: str  # a, an or n
    min: int
    max: int
    codes: frozenset[str] | None

    def problem(self, tag: str, value: str) -> tuple[str, str] | None:
        """The CONTRL code and a message for a non-empty ``value`` this rule refuses, or None."""
        if self.kind == "n":
            if not _NUMERIC.match(value) or value in ("-", ""):
                code = "38" if value[:1] in ".," or value[:2] in ("-.", "-,") else "37"
                return code, f"{tag} {self.id} must be numeric, got {value!r}"
            length = len(value) - value.count("-") - value.count(".") - value.count(",")
        else:
            if self.kind == "a" and _DIGIT.search(value) is not None:
                return "37", f"{tag} {self.id} must be alphabetic, got {value!r}"
            length = len(value)
        if length > self.max:
            return "39", f"{tag} {self.id} is {length} characters long; at most {self.max} allowed"
        if length < self.min:
            return "40", f"{tag} {self.id} is {length} characters long; at least {self.min} required"
        if self.codes is not None and value not in self.codes:
            return "12", f"{tag} {self.id} value {value!r} is not a valid code"
        return None

    def pattern(self) -> str:
        """Regex source matching exactly the non-empty values ``problem`` accepts, up to the next separator."""
        if self.codes is not None:
            valid = sorted((c for c in self.codes if c and self.problem("", c) is None), key=len, reverse=True)
            return "(?:" + "|".join(re.escape(c) for c in valid) + ")" if valid else "(?!)"
        span = f"{{{self.min},{self.max}}}"
        if self.kind == "n":
            return rf"(?=-?[0-9]*(?:[.,][0-9]+)?(?:{_SEPARATORS}|\Z))-?(?:[.,]?[0-9]){span}"
        if self.kind == "a":
            return f"[^0-9{_SEPARATORS[1:-1]}]{span}"
        return f"[^{_SEPARATORS[1:-1]}]{span}"


@dataclass(frozen=True, slots=True)
class ElementRule:
    id: str
    mandatory: bool
    components: tuple[ComponentRule, ...]


class SegmentRule:
    """The compiled element rules of one segment in one directory."""

    __slots__ = ("_fast", "elements", "tag")

    def __init__(self, tag: str, elements: tuple[ElementRule, ...]) -> None:
        self.tag = tag
        self.elements = elements
        self._fast = re.compile(_segment_pattern(elements) + r"\Z", re.DOTALL)

    def accepts(self, elements: tuple[Element, ...]) -> bool:
        """True when no element check can find anything in ``elements``: one C-level match of the whole
        segment, its values joined with separators no decoded text can hold."""
        if not elements:
            return self._fast.match("") is not None
        return self._fast.match(_ELEMENT_SEP + _ELEMENT_SEP.join(map(_join_components, elements))) is not None

    def check(self, segment: Segment, report: Report) -> None:
        if not self.accepts(segment.elements):
            self.explain(segment, report)

    def explain(self, segment: Segment, report: Report) -> None:
        """Element presence, type, length and closed code lists, each finding reported with its position."""
        tag = segment.tag
        elements = segment.elements
        specs = self.elements
        if len(elements) > len(specs):
            text = f"{tag} has {len(elements)} data elements; at most {len(specs)} are defined"
            report("16", text, len(specs) + 1, None)
        for e, spec in enumerate(specs, start=1):
            comps = elements[e - 1] if e <= len(elements) else ()
            if not any(comps):
                if spec.mandatory:
                    report("13", f"mandatory {tag} element {spec.id} is missing", e, None)
                continue
            if len(comps) > len(spec.components):
                report(
                    "16",
                    f"{tag} element {spec.id} has {len(comps)} components; at most {len(spec.components)} are defined",
                    e,
                    len(spec.components) + 1,
                )
            for c, cspec in enumerate(spec.components, start=1):
                value = comps[c - 1] if c <= len(comps) else ""
                if not value:
                    if cspec.mandatory:
                        report("13", f"mandatory {tag} component {cspec.id} is missing", e, c)
                    continue
                found = cspec.problem(tag, value)
                if found is not None:
                    report(found[0], found[1], e, c if c > 1 or cspec.id != "" else None)


def _component(spec: str, directory: str) -> ComponentRule:
    eid, status = spec.split()
    m = _FORMAT.match(format_for(eid, directory))
    if m is None:
        raise ValueError(f"element {eid} has no usable format in the dictionary")
    kind, lo, hi = m.group(1), m.group(2), m.group(3)
    # "an..35": up to 35; "a4": exactly 4; "n6..8": 6 to 8.
    low = int(lo) if lo else 1
    high = int(hi) if hi else int(lo)
    return ComponentRule(eid, status == "M", kind, low, high, CODES.get(eid))


@cache
def rule_for(tag: str, directory: str) -> SegmentRule | None:
    layout = layout_for(tag, directory)
    if layout is None:
        return None
    elements: list[ElementRule] = []
    for raw in layout.split("|"):
        part = raw.strip()
        if "[" in part:
            head, inner = part.split("[", 1)
            cid, status = head.split()
            comps = tuple(_component(c.strip(), directory) for c in inner.rstrip("]").split(","))
            elements.append(ElementRule(cid, status == "M", comps))
        else:
            c = _component(part, directory)
            elements.append(ElementRule(c.id, c.mandatory, (c,)))
    return SegmentRule(tag, tuple(elements))


class _DirectoryRules(dict[str, "SegmentRule | None"]):
    """Tag → compiled rule for one directory, filled on first use: one dict lookup per segment."""

    def __init__(self, directory: str) -> None:
        super().__init__()
        self.directory = directory

    def __missing__(self, tag: str) -> SegmentRule | None:
        rule = self[tag] = rule_for(tag, self.directory)
        return rule


@cache
def rules_of(directory: str) -> dict[str, SegmentRule | None]:
    return _DirectoryRules(directory)
