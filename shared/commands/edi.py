"""``ml-connector edi``: validate, acknowledge, render and parse EDI files (X12 or EDIFACT)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("edi", help="validate, acknowledge, render or parse an EDI file")
    actions = parser.add_subparsers(dest="edi_action", metavar="ACTION", required=True)
    validate = actions.add_parser("validate", help="check a file; exit 0 valid, 1 invalid, 2 unreadable")
    validate.add_argument("file", type=Path)
    validate.add_argument("--json", action="store_true", help="print the report as JSON")
    validate.set_defaults(handler=_validate)
    ack = actions.add_parser("ack", help="print the acknowledgment interchange(s) for a file")
    ack.add_argument("file", type=Path)
    ack.set_defaults(handler=_ack)
    render = actions.add_parser("render", help="print every segment and element with its name")
    render.add_argument("file", type=Path)
    render.set_defaults(handler=_render)
    parse = actions.add_parser("parse", help="print the typed documents")
    parse.add_argument("file", type=Path)
    parse.add_argument("--json", action="store_true", required=True, help="print as JSON (the only format)")
    parse.set_defaults(handler=_parse)


def _read(path: Path) -> bytes:
    from shared.errors import EdiError

    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise EdiError(f"{path}: no such file", hint="check the path") from exc
    except IsADirectoryError as exc:
        raise EdiError(f"{path} is a directory, not an EDI file") from exc
    except OSError as exc:
        raise EdiError(f"{path}: cannot be read ({exc.strerror})") from exc


def _validate(args: argparse.Namespace) -> int:
    from shared.edi.formats import facade_for

    data = _read(args.file)
    engine = facade_for(data)
    report = engine.validate(data)
    if args.json:
        print(
            json.dumps(
                {
                    "valid": report.valid,
                    "standard": engine.standard.value,
                    "issues": [
                        {
                            "level": i.level,
                            "code": i.code,
                            "message": i.message,
                            "severity": i.severity.value,
                            "location": {k: getattr(i.location, k) for k in i.location.__slots__},
                        }
                        for i in report.issues
                    ],
                },
                indent=2,
            )
        )
    else:
        for issue in report.issues:
            print(issue.describe())
        errors = len(report.errors)
        print(
            f"{args.file}: {engine.standard.value} {'valid' if report.valid else 'INVALID'}"
            f" ({errors} error(s), {len(report.issues) - errors} warning(s))"
        )
    return 0 if report.valid else 1


def _ack(args: argparse.Namespace) -> int:
    from shared.edi.formats import facade_for

    data = _read(args.file)
    sys.stdout.write(facade_for(data).acknowledge(data).decode("utf-8", "replace"))
    return 0


def _render(args: argparse.Namespace) -> int:
    from shared.edi.formats import facade_for

    data = _read(args.file)
    sys.stdout.write(facade_for(data).render(data))
    return 0


def _parse(args: argparse.Namespace) -> int:
    from shared.edi.formats import facade_for

    data = _read(args.file)
    print(json.dumps(facade_for(data).to_json(data), indent=2, ensure_ascii=False))
    return 0
