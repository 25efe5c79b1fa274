"""``ml-connector replay KEY | --partner P | --flow F``: run failed documents again once their cause is fixed.

An inbound document re-runs from its archived payload, an outbound one from its source record in Dynamics; the
same dedupe guards apply, so a document that was delivered after all is not sent twice.
"""

from __future__ import annotations

import argparse

from shared.commands._runtime_args import add_settings_argument, open_runtime, print_answer


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("replay", help="replay failed documents", description=__doc__)
    parser.add_argument("key", nargs="?", help="the failed document's natural key (see `ml-connector failures`)")
    parser.add_argument("--flow", help="with KEY: the flow, when the key failed in several; alone: every failure")
    parser.add_argument("--partner", help="every failed document of this partner")
    parser.add_argument("--limit", default="100", help="at most this many documents (1-1000)")
    parser.add_argument("--json", action="store_true")
    add_settings_argument(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from shared.runtime.http_api import answer_replay
    from shared.runtime.journal import Invocation

    if not (args.key or args.flow or args.partner):
        print("name a document KEY, or --partner and/or --flow")
        return 2
    query = {
        k: v for k, v in (("key", args.key), ("flow", args.flow), ("partner", args.partner), ("limit", args.limit)) if v
    }
    runtime = open_runtime(args)
    try:
        answer = answer_replay(query, runtime, Invocation("cli-replay", "cli"))
    finally:
        runtime.close()
    print_answer(answer, as_json=args.json, rows_key="results", columns=("flow", "natural_key", "queued", "message"))
    if answer.status == 409:
        return 1
    return 0 if answer.status < 400 else 2
