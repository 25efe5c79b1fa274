"""``ml-connector failures``: documents recorded as failed (replayable), and anything in a poison queue."""

from __future__ import annotations

import argparse

from shared.commands._runtime_args import add_settings_argument, open_runtime, print_answer


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("failures", help="list failed documents, newest first", description=__doc__)
    parser.add_argument("--partner")
    parser.add_argument("--flow")
    parser.add_argument("--limit", default="100", help="at most this many (1-1000)")
    parser.add_argument("--json", action="store_true", help="print failed entries and poison messages as JSON")
    add_settings_argument(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from shared.runtime.http_api import answer_failures

    query = {k: v for k, v in (("partner", args.partner), ("flow", args.flow), ("limit", args.limit)) if v}
    runtime = open_runtime(args)
    try:
        answer = answer_failures(query, runtime)
    finally:
        runtime.close()
    columns = ("updated_at", "flow", "natural_key", "partner", "attempts", "failure_reason")
    print_answer(answer, as_json=args.json, rows_key="failed", columns=columns)
    poisoned = answer.body.get("poisoned")
    if not args.json and isinstance(poisoned, list) and poisoned:
        print(f"{len(poisoned)} message(s) in poison queues: see --json")
    failed = answer.body.get("failed")
    return 1 if (isinstance(failed, list) and failed) or poisoned else 0
