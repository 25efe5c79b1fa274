"""REMADV message structures of UN D.96A and D.01B.

Source: the UN directories as generated into bots-edi/bots-grammars (ADR 0120). One line per segment:
``TAG min max``; lines indented under a segment are the rest of the segment group it triggers.
"""

from __future__ import annotations

__all__ = ["D01B", "D96A"]

D96A = """
BGM 1 1
DTM 1 5
RFF 0 5
FII 0 5
PAI 0 1
FTX 0 5
NAD 0 99
  CTA 0 5
    COM 0 5
CUX 0 5
  DTM 0 1
DOC 0 9999
  MOA 1 5
  DTM 0 5
  RFF 0 5
  NAD 0 2
  CUX 0 5
    DTM 0 1
  AJT 0 100
    MOA 0 1
    RFF 0 1
    FTX 0 5
  INP 0 5
    FTX 0 5
  DLI 0 9999
    MOA 0 5
    PIA 0 5
    DTM 0 5
    CUX 0 5
      DTM 0 1
    AJT 0 10
      MOA 0 1
      RFF 0 1
      FTX 0 5
UNS 1 1
MOA 1 5
"""

D01B = """
BGM 1 1
DTM 1 5
RFF 0 5
FII 0 5
PAI 0 1
FTX 0 99
GIS 0 5
NAD 0 99
  RFF 0 9
    DTM 0 9
  CTA 0 5
    COM 0 5
CUX 0 5
  DTM 0 1
DOC 0 999999
  MOA 1 5
  DTM 0 5
  RFF 0 5
  NAD 0 2
  CUX 0 5
    DTM 0 1
  AJT 0 100
    MOA 0 1
    RFF 0 1
    FTX 0 5
    QTY 0 9
    TAX 0 9
      MOA 0 9
  INP 0 5
    FTX 0 5
  DLI 0 9999
    MOA 0 5
    PIA 0 5
    DTM 0 5
    CUX 0 5
      DTM 0 1
    AJT 0 10
      MOA 0 1
      RFF 0 1
      FTX 0 5
      TAX 0 9
        MOA 0 9
UNS 1 1
MOA 1 99
ALC 0 99
  MOA 0 9
"""
