"""``ml-connector audit``: a document's audit trail, or every step matching partner, flow, outcome and time."""

from __future__ import annotations

import argparse

from shared.commands._runtime_args import add_settings_argument, open_runtime, print_answer


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "audit", help="show the audit trail (by document key, partner, flow, outcome, time)", description=__doc__
    )
    parser.add_argument("key", nargs="?", help="a document's natural key, e.g. usmf/USMF-000123 or a message id")
    parser.add_argument("--partner")
    parser.add_argument("--flow")
    parser.add_argument("--outcome", choices=["started", "succeeded", "skipped", "retrying", "failed"])
    parser.add_argument("--since", help="ISO 8601 with offset, e.g. 2026-11-27T00:00:00Z (inclusive)")
    parser.add_argument("--until", help="ISO 8601 with offset (exclusive)")
    parser.add_argument("--limit", default="100", help="at most this many events, newest first (1-1000)")
    parser.add_argument("--json", action="store_true", help="print the events as JSON")
    add_settings_argument(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from shared.runtime.http_api import answer_audit

    query = {
        name: value
        for name, value in (
            ("key", args.key),
            ("partner", args.partner),
            ("flow", args.flow),
            ("outcome", args.outcome),
            ("since", args.since),
            ("until", args.until),
            ("limit", args.limit),
        )
        if value
    }
    runtime = open_runtime(args)
    try:
        answer = answer_audit(query, runtime)
    finally:
        runtime.close()
    columns = ("at", "flow", "natural_key", "partner", "step", "outcome", "message")
    print_answer(answer, as_json=args.json, rows_key="events", columns=columns)
    return 0 if answer.status < 400 else 2
