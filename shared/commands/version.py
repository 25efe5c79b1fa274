"""``ml-connector version``: the installed version."""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("version", help="print the connector's version")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        print(version("ml-connector"))
    except PackageNotFoundError:
        print("unknown (not installed as a package)")
    return 0
