"""Pick the EDI engine for some bytes: X12 first, then EDIFACT; each imported only when asked."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from shared.edi.model import JsonValue, Standard, ValidationReport
from shared.errors import EdiError

__all__ = ["Facade", "facade_for"]

_ENGINES: tuple[tuple[Standard, str], ...] = (
    (Standard.X12, "shared.edi.x12.facade"),
    (Standard.EDIFACT, "shared.edi.edifact.facade"),
)


@dataclass(frozen=True, slots=True)
class Facade:
    """The five functions every engine exposes, bound to the standard they belong to."""

    standard: Standard
    detect: Callable[[bytes], bool]
    validate: Callable[[bytes], ValidationReport]
    acknowledge: Callable[[bytes], bytes]
    render: Callable[[bytes], str]
    to_json: Callable[[bytes], JsonValue]


def facade_for(data: bytes) -> Facade:
    for standard, module_name in _ENGINES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # that engine is not part of this build
            raise
        if module.detect(data):
            return Facade(standard, module.detect, module.validate, module.acknowledge, module.render, module.to_json)
    raise EdiError(
        "not X12 or EDIFACT: the data starts with neither an ISA nor a UNA/UNB segment",
        hint="check that the file is an EDI interchange (not a report, a PDF or UTF-16 text)",
    )
