"""What an inbound message holds, whichever standard carries it: interchanges, each with its sender, control
number, acknowledgment builders and the documents to split off.  The X12 and EDIFACT readers fill these, the
``inbound_message`` flow works only with them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from shared.edi.model import ControlKind, ControlNumberAllocator, Standard
from shared.flows.contract import FlowName
from shared.partners import FlowKind, InterchangeParty, PartnerProfile
from shared.state.ports import ControlNumbers

__all__ = ["AckBuilder", "PartnerControlNumbers", "ReceivedDocument", "ReceivedInterchange"]

# Builds an acknowledgment interchange for the partner with the given numbers and time; b"" when there is
# nothing to answer.
AckBuilder = Callable[[PartnerProfile, ControlNumberAllocator, datetime], bytes]


class PartnerControlNumbers:
    """The state's control numbers with the partner code as scope, whatever scope the writer asks for, so our
    acknowledgments and our outbound documents to one partner draw from one sequence."""

    def __init__(self, numbers: ControlNumbers, partner_code: str) -> None:
        self._numbers = numbers
        self._scope = partner_code

    def allocate(self, scope: str, kind: ControlKind) -> int:
        return self._numbers.allocate(self._scope, kind)


@dataclass(frozen=True)
class ReceivedDocument:
    type_code: str  # 850 / ORDERS, 820 / REMADV, ...
    flow: FlowName | None  # the flow that reads it; None when no inbound flow does
    kind: FlowKind | None  # the partner-file flow that must be enabled
    number: str  # BEG03 / TRN02 / BGM 1004: the document's key; "" when the partner left it out
    where: str  # "850 0001 in group 12 of interchange 000000101" for messages people read
    accepted: bool  # passed validation (the acknowledgment accepts it)
    problems: str  # the errors, when not accepted
    standalone: bytes  # the document alone in its own envelope, for the document flow to read


@dataclass(frozen=True)
class ReceivedInterchange:
    standard: Standard
    sender: InterchangeParty
    receiver: InterchangeParty
    control_number: str  # ISA13 / UNB 0020
    usage: str  # ISA15 / UNB 0035 as sent
    extension: str  # x12 / edi, for message names
    envelope_ok: bool
    documents: tuple[ReceivedDocument, ...]
    # The interchange's bytes when it carries acknowledgments of ours (997 / 999 / TA1 / CONTRL), else None.
    acknowledgments: bytes | None
    acknowledge: AckBuilder  # our 997s / 999s / TA1 or CONTRL for it
    reject_as_duplicate: AckBuilder  # TA1 025 or CONTRL 26: the answer to a resent interchange
