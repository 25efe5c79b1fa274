"""CONTRL (ISO 9735 part 4), the same for syntax versions 3 and 4 and every directory.

Source: the UN directories as generated into bots-edi/bots-grammars (ADR 0120). One line per segment:
``TAG min max``; lines indented under a segment are the rest of the segment group it triggers.
"""

from __future__ import annotations

__all__ = ["CONTRL"]

CONTRL = """
UCI 1 1
UCM 0 999999
  UCS 0 999
    UCD 0 99
UCF 0 999999
  UCM 0 999999
    UCS 0 999
      UCD 0 99
"""
