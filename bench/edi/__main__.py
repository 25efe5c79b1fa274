"""``python -m bench.edi``: both EDI benchmarks, X12 then EDIFACT, each against its peers in the same run."""

from __future__ import annotations

import runpy
import sys


def main() -> None:
    argv = sys.argv[:]
    for module in ("bench.edi.x12_bench", "bench.edi.edifact_bench"):
        print(f"== {module}", flush=True)
        sys.argv = [module]
        runpy.run_module(module, run_name="__main__")
    sys.argv = argv


if __name__ == "__main__":
    main()
