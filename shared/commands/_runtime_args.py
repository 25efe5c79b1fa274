"""What the runtime commands (run, audit, failures, replay) share: the --settings option and the runtime it opens."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shared.composition import Runtime
    from shared.runtime.http_api import HttpAnswer


def add_settings_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--settings",
        type=Path,
        help="a local.settings.json to read (the environment overrides its values; default: the environment)",
    )


def settings_source(args: argparse.Namespace) -> Mapping[str, str]:
    from shared.settings import load_local_settings, process_environment

    return load_local_settings(args.settings) if args.settings else process_environment()


def open_runtime(args: argparse.Namespace, overlay: Mapping[str, str] | None = None) -> Runtime:
    from shared.composition import build_runtime
    from shared.settings import SettingsSource

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")
    return build_runtime(SettingsSource({**settings_source(args), **(overlay or {})}))


def print_answer(answer: HttpAnswer, *, as_json: bool, rows_key: str, columns: tuple[str, ...]) -> None:
    """The answer as JSON, or one line per row with the chosen columns."""
    if as_json:
        print(json.dumps(answer.body, indent=2, ensure_ascii=False))
        return
    if answer.status >= 400:
        print(answer.body.get("message"), file=sys.stderr)
        return
    rows = answer.body.get(rows_key)
    if not isinstance(rows, list) or not rows:
        print(f"no {rows_key}")
        return
    for row in rows:
        print("  ".join(str(row.get(column) if row.get(column) is not None else "-") for column in columns))
