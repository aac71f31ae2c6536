"""`workbench import PATH`: turn notes files (or every notes file under a folder) into topic
files. Markdown in the interview-notes format, CSV/TSV, Anki text exports and Anki packages
are read; `content/importing/dispatch.py` picks the importer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli.common import CommandError, add_command

if TYPE_CHECKING:
    from workbench.content.importing.imported import ImportedFile


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
    from workbench.content.importing.dispatch import (
        SUPPORTED,
        SourceError,
        import_file,
        notes_files,
    )
    from workbench.content.importing.writer import ImportPlan, chapter_folder, write_files
    from workbench.content.loader import default_roots, load_library
    from workbench.content.notes_format import TargetExistsError
    from workbench.paths import user_notes_dir

    source: Path = args.file
    single = not source.is_dir()
    files = [source] if single else list(notes_files(source))
    if not files:
        raise CommandError(f"{source}: is a folder with no notes files ({' '.join(SUPPORTED)})")
    imported: list[ImportedFile] = []
    failures = 0
    for path in files:
        try:
            result = import_file(path)
        except SourceError as exc:
            where = f"{path}:{exc.line}" if exc.line else str(path)
            if single:
                raise CommandError(f"{where}: {exc}") from None
            print(f"{where}: error: {exc}", file=sys.stderr)
            failures += 1
            continue
        if not result.chapters and single:
            raise CommandError(f"{path}: nothing to import (the file is empty)", 1)
        imported.append(result)
    root: Path = args.into if args.into is not None else user_notes_dir()
    replaced = {chapter_folder(c, root).resolve() for f in imported for c in f.chapters}
    roots = [*default_roots(args.content), *([root] if args.into is not None else [])]
    taken = {
        topic.id for topic in load_library(roots).topics()
        if not (args.force and topic.source.resolve().parent in replaced)
    }
    plan = ImportPlan(root, taken)
    for result in imported:
        for chapter in result.chapters:
            plan.add(chapter)
    planned = plan.files
    for result in imported:
        _report(result)
    if args.dry_run:
        print(f"dry run: {len(planned)} file(s) would be written; nothing written",
              file=sys.stderr)
    else:
        try:
            write_files(planned, force=args.force)
        except TargetExistsError as exc:
            raise CommandError(f"{exc.paths[0]} already exists ({len(exc.paths)} file(s) would "
                               "be overwritten); use --force to replace them", 1) from None
        except OSError as exc:
            raise CommandError(f"cannot write to {root}: {exc.strerror or exc}") from None
    for path, _ in planned:
        print(path)
    return 1 if failures else 0


def _report(result: ImportedFile) -> None:
    """What the file yielded (per topic: questions by difficulty, stems), then its warnings
    as `file:line: severity: message` (no line for a package, which has none)."""
    from workbench.content.notes_report import notes_report

    sections = [section for chapter in result.chapters for section in chapter.sections]
    for line in notes_report(result.source, sections, result.problems):
        print(line, file=sys.stderr)
    for problem in sorted(result.problems, key=lambda p: p.line):
        where = f"{problem.path}:{problem.line}" if problem.line else str(problem.path)
        print(f"{where}: {problem.severity}: {problem.message}", file=sys.stderr)
