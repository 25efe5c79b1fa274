"""``ml-connector acks``: documents we delivered whose functional acknowledgment is overdue by the partner's
expectation (``ack_expected_within`` in the partner file). Exits 1 when any is overdue, so a script can alert.

Listing reads only: the ``ack.overdue`` events the alert fires on come from the timer, not from looking.
"""

from __future__ import annotations

import argparse

from shared.commands._runtime_args import add_settings_argument, open_runtime, print_answer


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("acks", help="list overdue acknowledgments, oldest first", description=__doc__)
    # Overdue is the only view there is today; the flag keeps `acks --overdue` in scripts meaning what it says.
    parser.add_argument("--overdue", action="store_true", help="list the overdue acknowledgments (the default)")
    parser.add_argument("--partner")
    parser.add_argument("--limit", default="100", help="at most this many (1-1000)")
    parser.add_argument("--json", action="store_true", help="print the overdue entries as JSON")
    add_settings_argument(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from shared.runtime.http_api import answer_overdue_acks

    query = {k: v for k, v in (("partner", args.partner), ("limit", args.limit)) if v}
    runtime = open_runtime(args)
    try:
        answer = answer_overdue_acks(query, runtime)
    finally:
        runtime.close()
    columns = ("delivered_at", "partner", "flow", "natural_key", "group_control", "overdue_by_seconds")
    print_answer(answer, as_json=args.json, rows_key="overdue", columns=columns)
    if answer.status >= 400:
        return 2
    overdue = answer.body.get("overdue")
    return 1 if isinstance(overdue, list) and overdue else 0
