"""`workbench import PATH`: turn notes files (or every notes file under a folder) into topic
files. Markdown in the interview-notes format, CSV/TSV, Anki text exports and Anki packages
are read; `content/importing/dispatch.py` picks the importer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.common import CommandError, add_command


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `import` subcommand."""
    parser = add_command(subparsers, "import", "import notes (Markdown, CSV/TSV, Anki text "
                         "export, .apkg/.colpkg) as topic files")
    parser.add_argument("file", type=Path, metavar="PATH",
                        help="a notes file, or a folder: every notes file under it")
    parser.add_argument("--into", type=Path, metavar="DIR", default=None,
                        help="notes folder to write into (default: your notes folder)")
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the report and the files it would write; write nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import, write `<DIR>/<chapter>/NN-<topic-id>.md` (and media), print each file written.

    The report (per file: topics, questions by difficulty, warnings as `file:line`) goes to
    stderr, the paths to stdout. Exit 1 when a file of a folder could not be read.
    """
    from workbench.cli._progress_bar import ProgressReport
    from workbench.content.importing.batch import ImportFailed, import_notes
    from workbench.content.loader import default_roots, load_library
    from workbench.paths import user_notes_dir

    root: Path = args.into if args.into is not None else user_notes_dir()
    roots = [*default_roots(args.content), *([root] if args.into is not None else [])]
    try:
        with ProgressReport() as progress:
            report = import_notes(args.file, root, load_library(roots), force=args.force,
                                  dry_run=args.dry_run, progress=progress.report)
    except ImportFailed as exc:
        raise CommandError(str(exc), exc.status) from None
    for line in report.lines:
        print(line, file=sys.stderr)
    for path in report.files:
        print(path)
    return 1 if report.failures else 0
