"""`workbench import FILE`: turn a Markdown notes file into topic files, saying what it found."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.common import CommandError, add_command


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `import` subcommand."""
    parser = add_command(subparsers, "import", "import a Markdown notes file as topic files")
    parser.add_argument("file", type=Path, metavar="FILE", help="the notes file (UTF-8 Markdown)")
    parser.add_argument("--into", type=Path, metavar="DIR", default=None,
                        help="notes folder to write into (default: your notes folder)")
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    parser.set_defaults(func=run)


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a folder, not a notes file") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CommandError(f"{path}:{line}: not UTF-8 text (byte {exc.start}); "
                           "save the file as UTF-8 and retry") from None


def run(args: argparse.Namespace) -> int:
    """Parse FILE, write `<DIR>/<file-stem>/NN-<topic-id>.md`; print what was found (topics,
    questions by difficulty), each file written, and `file:line` warnings on stderr."""
    from workbench.content.loader import default_roots, load_library
    from workbench.content.notes_format import TargetExistsError, parse_notes, write_topic_files
    from workbench.content.notes_report import notes_report
    from workbench.paths import user_notes_dir
    from workbench.textsafe import clean_text, slugify

    source: Path = args.file
    notes = parse_notes(_read(source), source)
    if not notes.sections:
        raise CommandError(f"{source}: nothing to import (the file is empty)", 1)
    root: Path = args.into if args.into is not None else user_notes_dir()
    folder = root / slugify(source.stem, "notes")
    replaced = folder.resolve()
    roots = [*default_roots(args.content), *([root] if args.into is not None else [])]
    taken = {
        topic.id for topic in load_library(roots).topics()
        if not (args.force and topic.source.resolve().parent == replaced)
    }
    chapter_title = notes.title or clean_text(source.stem)
    try:
        written = write_topic_files(notes.sections, folder, taken,
                                    chapter_title=chapter_title, force=args.force)
    except TargetExistsError as exc:
        raise CommandError(f"{exc.paths[0]} already exists ({len(exc.paths)} file(s) would be "
                           "overwritten); use --force to replace them", 1) from None
    except OSError as exc:
        raise CommandError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    for problem in notes.problems:
        print(f"{problem.path}:{problem.line}: {problem.severity}: {problem.message}",
              file=sys.stderr)
    for line in notes_report(source, notes):
        print(line)
    for path in written:
        print(path)
    return 0
