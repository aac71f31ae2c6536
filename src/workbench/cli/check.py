"""`workbench check`: validate notes folders; `file:line: message` per problem."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli.common import add_command

if TYPE_CHECKING:
    from workbench.content.model import Library, Problem, Question


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `check` subcommand."""
    parser = add_command(subparsers, "check", "validate notes folders (default: all loaded)")
    parser.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help="folders to check")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 1 when any error is found, 0 otherwise (warnings are printed but pass).

    Problems go to stdout as `file:line: message`; per chapter, the topics and questions
    found by difficulty go to stderr with the totals."""
    from workbench.content.loader import default_roots, load_library
    from workbench.mathtext.titles import render_title

    roots = args.dirs or default_roots(args.content)
    library = load_library(roots)
    problems: list[Problem] = list(library.problems)
    problems += _demo_problems(library)
    if not args.dirs:  # progress ids only make sense against everything the app loads
        problems += _progress_problems(library)
    for problem in problems:
        prefix = "warning: " if problem.severity == "warning" else ""
        print(f"{problem.path}:{problem.line}: {prefix}{problem.message}")
    errors = sum(p.severity == "error" for p in problems)
    for chapter in library.chapters:
        questions = [q for t in chapter.topics for q in t.questions]
        print(f"{render_title(chapter.title)}: {len(chapter.topics)} topics, "
              f"{_by_difficulty(questions)}", file=sys.stderr)
    topics = sum(1 for _ in library.topics())
    print(f"checked {topics} topics, {_by_difficulty(list(library.questions()))}: "
          f"{errors} error(s), {len(problems) - errors} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def _by_difficulty(questions: list[Question]) -> str:
    """`12 questions (5 easy, 7 hard)`, sub-questions included."""
    from workbench.content.model import DIFFICULTIES, DIFFICULTY_NAMES

    found = Counter(q.difficulty for q in questions)
    levels = ", ".join(f"{found[d]} {DIFFICULTY_NAMES[d]}" for d in DIFFICULTIES if found[d])
    return f"{len(questions)} questions" + (f" ({levels})" if levels else "")


def _demo_problems(library: Library) -> list[Problem]:
    from workbench.demos.check import check_demo_ids

    return check_demo_ids(library)


def _progress_problems(library: Library) -> list[Problem]:
    from workbench.paths import UnusableDir
    from workbench.study.check import orphan_problems

    try:
        return orphan_problems(library)
    except UnusableDir:  # no data dir means no progress to check
        return []
