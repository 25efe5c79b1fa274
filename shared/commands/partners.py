"""``ml-connector partners check [FILE]``: validate a partner file and summarise what it configures.

Run it after every edit of the file: it lists every problem (exit 1) or one line per partner (exit 0).
Without FILE it checks the file named by the ``PARTNERS_FILE`` setting.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("partners", help="check the trading partner file")
    actions = parser.add_subparsers(dest="partners_action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="validate a partner file and list its partners")
    check.add_argument("file", nargs="?", type=Path, help="partner file (default: the PARTNERS_FILE setting)")
    check.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    from shared.partners import PartnerDirectory, PartnerFileError, PartnerSettings
    from shared.settings import SettingsProblems, process_environment

    path: Path | None = args.file
    if path is None:
        problems = SettingsProblems()
        settings = PartnerSettings.parse(process_environment(), problems)
        problems.raise_if_any()
        path = settings.partners_file
    try:
        directory = PartnerDirectory.from_file(path)
    except PartnerFileError as exc:
        print(f"{path}: {len(exc.problems)} problem(s)")
        for problem in exc.problems:
            print(f"  {problem.describe()}")
        return 1
    print(f"{path}: {len(directory)} partner(s), no problems")
    for our in directory.our_identities:
        print(f"  we are {our.identity.describe()} in {our.legal_entity} ({our.standard.value})")
    for p in directory:
        flows = ", ".join(sorted(f.value for f in p.flows)) or "no flows"
        print(
            f"  {p.code:<12} {p.standard.value:<7} {p.default_version.value:<6} {p.usage.value:<10} "
            f"{p.account.describe():<28} {p.identity.describe()} -> {p.our_identity.describe()}  {flows}"
        )
    return 0
