"""`workbench progress export|import|settings`: move study progress between machines, tune study."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from workbench.cli.common import CommandError, add_command


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `progress` subcommand and its actions."""
    parser = add_command(subparsers, "progress", "export, import or tune study progress")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write progress to a JSON file ('-' = stdout)")
    export.add_argument("file", type=Path, metavar="FILE")
    export.set_defaults(func=run_export)
    imp = actions.add_parser("import", help="merge progress from a JSON file (safe to repeat)")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.set_defaults(func=run_import)
    settings = actions.add_parser("settings", help="show or change study settings")
    settings.add_argument("--retention", type=float, metavar="R",
                          help="desired retention, 0.70-0.99 (default 0.9)")
    settings.add_argument("--new-per-day", type=int, metavar="N",
                          help="new questions per day (default 20)")
    settings.add_argument("--predictions", choices=["on", "off"],
                          help="queue demo predictions beside questions (default on)")
    settings.set_defaults(func=run_settings)


def run_export(args: argparse.Namespace) -> int:
    """Write the versioned JSON export; stdout carries only the data, reports go to stderr."""
    from workbench.cli._study import open_store
    from workbench.study.transfer import export_progress

    with open_store() as store:
        text = json.dumps(export_progress(store), ensure_ascii=False, indent=1)
    if str(args.file) == "-":
        print(text)
        return 0
    try:
        tmp = args.file.with_name(args.file.name + ".tmp")
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(args.file)
    except OSError as exc:
        raise CommandError(f"cannot write {args.file}: {exc.strerror or exc}", 1) from exc
    print(f"exported progress to {args.file}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Merge a JSON export; repeating an import changes nothing."""
    from workbench.cli._study import open_store
    from workbench.study.transfer import TransferError, import_progress

    try:
        raw = sys.stdin.read() if str(args.file) == "-" else args.file.read_text("utf-8")
        data = json.loads(raw)
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}", 1) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{args.file} is not valid JSON: {exc}", 1) from exc
    with open_store() as store:
        try:
            result = import_progress(store, data)
        except TransferError as exc:
            raise CommandError(f"{args.file}: {exc}", 1) from exc
    print(f"imported {result.reviews} review(s), {result.undos} undo mark(s); updated "
          f"{result.cards} card(s), {result.bookmarks} bookmark(s), {result.notes} note(s)",
          file=sys.stderr)
    return 0


def run_settings(args: argparse.Namespace) -> int:
    """Print the study settings, after applying any given changes."""
    from dataclasses import replace

    from workbench.cli._study import open_store

    with open_store() as store:
        settings = store.settings()
        if args.retention is not None:
            settings = replace(settings, desired_retention=args.retention)
        if args.new_per_day is not None:
            settings = replace(settings, new_per_day=args.new_per_day)
        if args.predictions is not None:
            settings = replace(settings, predictions=args.predictions == "on")
        try:
            store.save_settings(settings)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
    print(f"desired retention {settings.desired_retention}, "
          f"new questions per day {settings.new_per_day}, "
          f"predictions {'on' if settings.predictions else 'off'}")
    return 0
