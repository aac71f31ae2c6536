"""`workbench index`: bring the search index up to date (or rebuild it) and say what changed."""

from __future__ import annotations

import argparse
import sys

from workbench.cli.common import CommandError, add_command, load


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `index` subcommand."""
    parser = add_command(subparsers, "index", "update the search index and report what changed")
    parser.add_argument("--rebuild", action="store_true", help="rebuild it from scratch")
    parser.set_defaults(func=run)


def learner_notes() -> dict[str, str]:
    """The learner's notes per question, or none when the progress store is unavailable."""
    from workbench.study import db
    from workbench.study.store import Store

    try:
        if not db.default_path().exists():
            return {}
        with Store.open() as store:
            return store.notes()
    except Exception:  # a damaged store must not stop search; `workbench check` reports it
        return {}


def run(args: argparse.Namespace) -> int:
    """Open (and update) the index, then print one line of what it did (progress on stderr)."""
    from workbench.cli._progress_bar import ProgressReport
    from workbench.search.index import SearchIndex, default_root

    root = default_root()  # this command is about the index on disk: no cache dir, no index
    try:
        with ProgressReport() as progress:
            index = SearchIndex.open(load(args), learner_notes(), rebuild=args.rebuild,
                                     root=root, progress=progress.task("indexed"))
    except OSError as exc:
        raise CommandError(f"cannot open the search index: {exc.strerror or exc}", 2) from None
    if index.notice:
        print(index.notice, file=sys.stderr)
    print(index.stats.summary())
    index.close()
    return 0
