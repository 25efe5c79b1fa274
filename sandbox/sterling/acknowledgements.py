"""What a trading partner's translator sends back: a 997 per X12 functional group, a CONTRL per EDIFACT interchange.

The simulator checks the envelope the way a strict partner does (ISA13/IEA02, IEA01, SE01/UNT counts,
ST02/SE02 and GS06/GE02 references, GE01/UNZ counts) and rejects what is wrong (TA1, AK5/AK9 R, CONTRL action
4), so a connector bug shows up as a rejection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sandbox.sterling.interchange_reader import EdiSegment, Interchange
from sandbox.sterling.x12_writer import X12Party, x12_interchange, x12_ta1_interchange

__all__ = ["AckResult", "contrl_for", "functional_acks_for"]

ACK_TYPES = frozenset({"997", "999", "TA1", "CONTRL"})


@dataclass(frozen=True)
class AckResult:
    payload: bytes
    acknowledged_reference: str  # ISA13 or UNB 0020 of the acknowledged interchange
    accepted: bool


def _x12_groups(interchange: Interchange) -> list[tuple[EdiSegment, list[list[EdiSegment]], EdiSegment | None]]:
    groups: list[tuple[EdiSegment, list[list[EdiSegment]], EdiSegment | None]] = []
    for segment in interchange.segments:
        tag = segment[0]
        if tag == "GS":
            groups.append((segment, [], None))
        elif tag == "ST" and groups:
            groups[-1][1].append([segment])
        elif tag == "GE" and groups:
            gs, sets, _ = groups[-1]
            groups[-1] = (gs, sets, segment)
        elif groups and groups[-1][1] and groups[-1][1][-1][-1][0] != "SE":
            groups[-1][1][-1].append(segment)
    return groups


def _field(segment: EdiSegment | None, index: int) -> str:
    return segment[index].strip() if segment is not None and len(segment) > index else ""


def _interchange_error(interchange: Interchange, isa: EdiSegment, group_count: int) -> str:
    """The TA105 note code for a broken ISA/IEA pair, or "" when the envelope is sound."""
    iea = interchange.segments[-1]
    if iea[0] != "IEA":
        return "023"  # premature end of file
    if _field(iea, 2) != _field(isa, 13):
        return "001"  # ISA13 and IEA02 do not match
    if _field(iea, 1) != str(group_count):
        return "021"  # invalid number of included groups
    return ""


def functional_acks_for(
    interchange: Interchange, *, next_control: Callable[[], int], moment: datetime
) -> AckResult | None:
    """A 997 interchange back to the sender per functional group; None when the input is itself an ack."""
    isa = interchange.first("ISA")
    groups = _x12_groups(interchange)
    if isa is None or not groups or all(_field(sets[0][0], 1) in ACK_TYPES for _, sets, _ in groups if sets):
        return None
    # Swap the parties exactly as they arrived (qualifier, id, application code).
    sender = X12Party(_field(isa, 7), _field(isa, 8), _field(groups[0][0], 3))
    receiver = X12Party(_field(isa, 5), _field(isa, 6), _field(groups[0][0], 2))
    envelope_error = _interchange_error(interchange, isa, len(groups))
    if envelope_error:
        # A broken interchange envelope is refused as a whole with a TA1; its groups are not acknowledged.
        control = next_control()
        ta1 = ["TA1", _field(isa, 13), _field(isa, 9), _field(isa, 10), "R", envelope_error]
        payload = x12_ta1_interchange(
            sender=sender,
            receiver=receiver,
            version=_field(groups[0][0], 8),
            interchange_control=control,
            moment=moment,
            ta1=ta1,
        )
        return AckResult(payload, _field(isa, 13), accepted=False)
    transactions: list[tuple[str, Sequence[Sequence[str]]]] = []
    all_accepted = True
    for gs, sets, ge in groups:
        version = _field(gs, 8)
        ak1 = ["AK1", _field(gs, 1), _field(gs, 6)] + ([version] if version.startswith("005") else [])
        body: list[list[str]] = [ak1]
        accepted = 0
        for transaction in sets:
            st, se = transaction[0], transaction[-1]
            errors: list[str] = []
            if se[0] != "SE":
                errors.append("2")
            else:
                if _field(se, 2) != _field(st, 2):
                    errors.append("3")
                if _field(se, 1) != str(len(transaction)):
                    errors.append("4")
            body.append(["AK2", _field(st, 1), _field(st, 2)])
            body.append(["AK5", "R" if errors else "A", *errors[:5]])
            accepted += 0 if errors else 1
        group_errors: list[str] = []
        if ge is None:
            group_errors.append("3")
        else:
            if _field(ge, 2) != _field(gs, 6):
                group_errors.append("4")
            if _field(ge, 1) != str(len(sets)):
                group_errors.append("5")
        if group_errors or accepted == 0:
            code = "R"
        elif accepted < len(sets):
            code = "P"
        else:
            code = "A"
        all_accepted = all_accepted and code == "A"
        body.append(["AK9", code, _field(ge, 1) or str(len(sets)), str(len(sets)), str(accepted), *group_errors[:5]])
        transactions.append(("997", body))
    payloads = []
    for offset, (set_id, segments) in enumerate(transactions):
        control = next_control()
        payloads.append(
            x12_interchange(
                sender=sender,
                receiver=receiver,
                version=_field(groups[offset][0], 8),
                functional_id="FA",
                interchange_control=control,
                group_control=control,
                moment=moment,
                transactions=[(set_id, segments)],
            )
        )
    return AckResult(b"".join(payloads), _field(isa, 13), all_accepted)


def contrl_for(interchange: Interchange, *, moment: datetime, reference: str) -> AckResult | None:
    """A CONTRL acknowledging (action 7) or rejecting (action 4) the interchange and each message in it."""
    unb = interchange.first("UNB")
    if unb is None:
        return None
    messages: list[list[EdiSegment]] = []
    unz: EdiSegment | None = None
    for segment in interchange.segments:
        if segment[0] == "UNH":
            messages.append([segment])
        elif segment[0] == "UNZ":
            unz = segment
        elif messages and messages[-1][-1][0] != "UNT":
            messages[-1].append(segment)
    if messages and all(m[0][2].split(interchange.component_separator)[0] == "CONTRL" for m in messages):
        return None
    control_reference = unb[5] if len(unb) > 5 else ""
    body: list[str] = []
    all_accepted = True
    for message in messages:
        header, trailer = message[0], message[-1]
        error = ""
        if trailer[0] != "UNT" or len(trailer) < 3:
            error = "5"
        elif trailer[2] != header[1]:
            error = "28"
        elif trailer[1] != str(len(message)):
            error = "29"
        all_accepted = all_accepted and not error
        body.append(f"UCM+{header[1]}+{header[2]}+{'4+' + error if error else '7'}'")
    interchange_error = ""
    if unz is None or len(unz) < 3:
        interchange_error = "5"
    elif unz[2] != control_reference:
        interchange_error = "28"
    elif unz[1] != str(len(messages)):
        interchange_error = "29"
    accepted = all_accepted and not interchange_error
    uci_action = "7" if not interchange_error else "4+" + interchange_error
    segments = [f"UCI+{control_reference}+{unb[2]}+{unb[3]}+{uci_action}'", *body]
    message_header = "UNH+1+CONTRL:D:3:UN'"
    message_trailer = f"UNT+{len(segments) + 2}+1'"
    # The acknowledgment travels back: its sender is the original recipient.
    envelope = "UNA:+.? '\n" + f"UNB+UNOC:3+{unb[3]}+{unb[2]}+{moment:%y%m%d}:{moment:%H%M}+{reference}'\n"
    text = envelope + "\n".join([message_header, *segments, message_trailer]) + "\n" + f"UNZ+1+{reference}'\n"
    return AckResult(text.encode("latin-1"), control_reference, accepted)
