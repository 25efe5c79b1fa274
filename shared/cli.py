"""``ml-connector``: the command line (local runs, operators, scripts).

Each command lives in ``shared/commands/<name>.py`` with a ``register(subparsers)`` function; this module finds
them there and assembles them.  Command modules import their heavy dependencies inside the handler, so
``--help`` is instant.  Exit codes are part of the contract: 0 success, 1 the command ran and found a problem,
2 bad usage or input.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from shared.errors import ConnectorError


def command_modules() -> list[str]:
    """Every module in shared/commands, alphabetically; adding a command needs no edit here."""
    import shared.commands

    return sorted(
        f"shared.commands.{info.name}"
        for info in pkgutil.iter_modules(shared.commands.__path__)
        if not info.name.startswith("_")
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ml-connector",
        description="Dynamics 365 Finance & Operations <-> IBM Sterling B2B Integrator EDI connector",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in command_modules():
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.handler(args)
    except ConnectorError as exc:
        print(f"ml-connector: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return result


if __name__ == "__main__":
    sys.exit(main())
