"""Per-set structure schemas (X12 004010 standard order; 005010 differs only in element lists for these sets).

Only what the standard fixes is enforced; retailer guides are stricter. Segments of a set not listed here are
reported as AK304 code 2/6 only if they appear where no listed segment allows them.
"""

from __future__ import annotations

from functools import cache

from shared.edi.x12.structure import LoopSchema, parse_schema

__all__ = ["FUNCTIONAL_IDS", "SCHEMAS", "schema_for"]

# Transaction set → the GS01 it must travel under.
FUNCTIONAL_IDS: dict[str, str] = {
    "850": "PO",
    "810": "IN",
    "856": "SH",
    "820": "RA",
    "997": "FA",
    "999": "FA",
    "855": "PR",
    "860": "PC",
    "824": "AG",
    "846": "IB",
    "832": "SC",
    "857": "BS",
}

_N1_LOOP_850 = (
    "[N1 O200: N1 M1, N2 O2, N3 O2, N4 O>1, NX2 O>1, REF O12, PER O>1, SI O>1, FOB O1, TD1 O2, TD5 O12, TD3 O12, "
    "TD4 O5, PKG O200]"
)

SCHEMAS: dict[str, str] = {
    "850": (
        "ST M1, BEG M1, CUR O1, REF O>1, PER O3, TAX O>1, MTX O>1, FOB O>1, CTP O>1, PAM O10, CSH O5, TC2 O>1, "
        "[SAC O25: SAC M1, CUR O1], ITD O>1, DIS O20, INC O1, DTM O10, LDT O12, LIN O5, SI O>1, PID O200, MEA O40, "
        "PWK O25, PKG O200, TD1 O2, TD5 O12, TD3 O12, TD4 O5, MAN O10, PCT O>1, CTB O5, TXI O>1, "
        "[AMT O>1: AMT M1, REF O>1, DTM O1, PCT O>1], [N9 O1000: N9 M1, DTM O>1, MSG O1000], " + _N1_LOOP_850 + ", "
        "[LM O>1: LM M1, LQ M>1], [SPI O>1: SPI M1, REF O5, DTM O5, MSG O50, [N1 O20: N1 M1, N2 O2, N3 O2, N4 O1, "
        "REF O20, G61 O1, MSG O50], [CB1 O>1: CB1 M1, REF O20, DTM O5, LDT O1, MSG O50]], "
        "[ADV O>1: ADV M1, DTM O>1, MTX O>1], "
        "[PO1 M100000: PO1 M1, LIN O>1, SI O>1, CUR O1, CN1 O1, PO3 O25, [CTP O>1: CTP M1, CUR O1], PAM O10, MEA O40, "
        "[PID O1000: PID M1, MEA O10], PWK O25, PO4 O>1, REF O>1, PER O3, [SAC O25: SAC M1, CUR O1, CTP O1], IT8 O1, "
        "CSH O>1, ITD O2, DIS O20, INC O1, TAX O>1, FOB O>1, SDQ O500, IT3 O5, DTM O10, TC2 O>1, TD1 O1, TD5 O12, "
        "TD3 O12, TD4 O5, PCT O>1, MAN O10, MSG O>1, SPI O>1, TXI O>1, CTB O>1, [QTY O>1: QTY M1, SI O>1], "
        "[SCH O200: SCH M1, TD1 O2, TD5 O12, TD3 O12, TD4 O5, REF O>1], [PKG O200: PKG M1, MEA O>1], "
        "[N9 O1000: N9 M1, DTM O>1, MSG O1000], [N1 O200: N1 M1, N2 O2, N3 O2, N4 O1, QTY O>1, NX2 O>1, REF O12, "
        "PER O3, SI O>1, DTM O1, FOB O1, SCH O200, TD1 O2, TD5 O12, TD3 O12, TD4 O5, PKG O200], "
        "[SLN O1000: SLN M1, MSG O>1, SI O>1, PID O1000, PO3 O104, TC2 O>1, ADV O>1, DTM O10, CTP O25, PAM O10, "
        "PO4 O1, TAX O3, [N9 O>1: N9 M1, DTM O>1, MSG O>1], [SAC O25: SAC M1, CUR O1, CTP O1], "
        "[QTY O>1: QTY M1, SI O>1], [N1 O10: N1 M1, N2 O2, N3 O2, N4 O1, NX2 O>1, REF O12, PER O3, SI O>1]], "
        "[AMT O>1: AMT M1, REF O1, PCT O>1]], [CTT O1: CTT M1, AMT O1], AMT O1, SE M1"
    ),
    "810": (
        "ST M1, BIG M1, NTE O100, CUR O1, REF O12, YNQ O10, PER O3, "
        "[N1 O200: N1 M1, N2 O2, N3 O2, N4 O1, REF O12, PER O3, DMG O1], ITD O>1, DTM O10, FOB O1, PID O200, "
        "MEA O40, PWK O25, PKG O25, L7 O1, BAL O>1, INC O1, PAM O>1, [N9 O1: N9 M1, MSG M10], "
        "[IT1 O200000: IT1 M1, CRC O1, QTY O5, CUR O1, IT3 O5, TXI O10, CTP O25, PAM O10, MEA O40, "
        "[PID O1000: PID M1, MEA O10], PWK O25, PKG O25, PO4 O1, ITD O2, REF O>1, YNQ O10, PER O5, SDQ O500, "
        "DTM O10, CAD O>1, L7 O>1, SR O1, [SAC O25: SAC M1, TXI O10], [SLN O1000: SLN M1, DTM O1, REF O>1, "
        "PID O1000, SAC O25, TC2 O>1, TXI O10], [N1 O200: N1 M1, N2 O2, N3 O2, N4 O1, REF O12, PER O3, DMG O1]], "
        "TDS M1, TXI O10, CAD O1, AMT O>1, [SAC O25: SAC M1, TXI O10], [ISS O>1: ISS M1, PID O1], CTT O1, SE M1"
    ),
    "856": (
        "ST M1, BSN M1, DTM O10, [HL M200000: HL M1, LIN O1, SN1 O1, SLN O1000, PRF O1, PO4 O1, PID O200, "
        "MEA O40, PWK O25, PKG O25, TD1 O20, TD5 O12, TD3 O12, TD4 O5, TSD O1, REF O>1, PER O3, [LH1 O100: LH1 M1], "
        "[CLD O200: CLD M1, REF O>1, DTP O1], MAN O>1, DTM O10, FOB O1, PAL O1, "
        "[N1 O200: N1 M1, N2 O2, N3 O2, N4 O1, REF O12, PER O3, FOB O1], SDQ O50, ETD O1, CUR O1, "
        "[SAC O>1: SAC M1, CUR O1], GF O1, YNQ O10, [LM O10: LM M1, LQ M100], [V1 O>1: V1 M1, R4 O>1, DTM O>1]], "
        "CTT O1, SE M1"
    ),
    "820": (
        "ST M1, BPR M1, NTE O>1, TRN O1, CUR O1, REF O>1, DTM O>1, "
        "[N1 O>1: N1 M1, N2 O>1, N3 O>1, N4 O1, REF O>1, PER O>1, RDM O1, DTM O1], "
        "[ENT O>1: ENT M1, [NM1 O>1: NM1 M1, N2 O>1, N3 O>1, N4 O1, REF O>1, PER O>1], "
        "[ADX O>1: ADX M1, NTE O>1, PER O>1, DTM O1, [REF O>1: REF M1, DTM O>1], [IT1 O>1: IT1 M1]], "
        "[RMR O>1: RMR M1, NTE O>1, REF O>1, DTM O>1, [IT1 O>1: IT1 M1, [REF O>1: REF M1, DTM O>1], "
        "[SAC O>1: SAC M1, TXI O>1], [SLN O>1: SLN M1, REF O>1, SAC O>1]], "
        "[ADX O>1: ADX M1, NTE O>1, PER O>1, [REF O>1: REF M1, DTM O>1], [IT1 O>1: IT1 M1]]]], "
        "[TXP O>1: TXP M1], DED O>1, [LX O>1: LX M1], [N9 O>1: N9 M1], [RYL O>1: RYL M1], SE M1"
    ),
    "997": ("ST M1, AK1 M1, [AK2 O>1: AK2 M1, [AK3 O>1: AK3 M1, AK4 O99], AK5 M1], AK9 M1, SE M1"),
    "999": (
        "ST M1, AK1 M1, [AK2 O>1: AK2 M1, [IK3 O>1: IK3 M1, CTX O10, [IK4 O>1: IK4 M1, CTX O10]], IK5 M1], "
        "AK9 M1, SE M1"
    ),
}


@cache
def schema_for(set_id: str) -> LoopSchema | None:
    text = SCHEMAS.get(set_id)
    return parse_schema(text) if text else None
