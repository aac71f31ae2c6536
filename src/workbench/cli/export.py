"""`workbench export --anki FILE.apkg | --csv FILE [--chapter C]`: questions out to Anki or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.common import CommandError, add_command, load


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `export` subcommand."""
    parser = add_command(subparsers, "export", "export questions as an Anki package or a CSV file")
    parser.add_argument("--anki", type=Path, metavar="FILE.apkg",
                        help="write an Anki package (one note per question, deck "
                        "Workbench::Chapter::Topic; re-exports update the same cards)")
    parser.add_argument("--csv", type=Path, metavar="FILE",
                        help="write question,answer,tags,difficulty rows")
    parser.add_argument("--chapter", metavar="C", help="only this chapter (id or title)")
    parser.add_argument("--predictions", action="store_true",
                        help="with --anki: also a note per demo prediction (question and "
                        "options; the back shows what the demo did, why, and the plot)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the files asked for; print each path, and a count to stderr."""
    from workbench.content.importing.anki_export import (
        export_notes,
        prediction_notes,
        write_apkg,
        write_csv,
    )

    if args.anki is None and args.csv is None:
        raise CommandError("say what to write: --anki FILE.apkg and/or --csv FILE")
    if args.predictions and args.anki is None:
        raise CommandError("--predictions goes with --anki (CSV holds questions only)")
    library = load(args)
    chapters = library.chapters
    if args.chapter is not None:
        wanted = args.chapter.strip().lower()
        chapters = [c for c in chapters if wanted in (c.id, c.title.lower())]
        if not chapters:
            known = ", ".join(c.id for c in library.chapters)
            raise CommandError(f"no chapter '{args.chapter}' (chapters: {known})")
    try:
        if args.anki is not None:
            notes = export_notes(chapters)
            if args.predictions:
                notes += prediction_notes(chapters)
            decks = write_apkg(notes, args.anki)
            print(f"{len(notes)} note(s) in {decks} deck(s)", file=sys.stderr)
            print(args.anki)
        if args.csv is not None:
            rows = write_csv(chapters, args.csv)
            print(f"{rows} row(s)", file=sys.stderr)
            print(args.csv)
    except OSError as exc:
        raise CommandError(f"cannot write: {exc.strerror or exc} ({exc.filename or ''})") from None
    return 0
