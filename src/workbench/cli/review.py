"""`workbench review`: the study loop in a plain terminal, also driven by piped lines.

Input is line by line: an empty line reveals the answer, `1`-`4` grades (again, hard,
good, easy), `u` undoes the last grade, `q` quits; end of input stops cleanly. A demo
prediction in the queue is answered with its option number instead: the demo runs and the
answer is graded (right = good, wrong = again).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from workbench.cli.common import CommandError, add_command, console

if TYPE_CHECKING:
    from rich.console import Console

    from workbench.content.model import Question
    from workbench.study.prediction_cards import PredictionCard
    from workbench.study.session import StudySession

def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `review` subcommand."""
    parser = add_command(subparsers, "review", "review due questions with spaced repetition")
    parser.add_argument("--chapter", metavar="C", help="only this chapter id")
    parser.add_argument("--topic", metavar="T", help="only this topic id")
    parser.add_argument("--difficulty", choices=["E", "M", "H"], type=str.upper,
                        help="only this difficulty")
    parser.add_argument("--bookmarked", action="store_true", help="only bookmarked questions")
    parser.add_argument("--limit", metavar="N", type=_positive, help="stop after N reviews")
    parser.set_defaults(func=run)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, not {value!r}")
    return number


def render_answer(body: str) -> Any:
    """The answer as a Rich renderable with its math rendered (the same as `workbench show`)."""
    from workbench.mathtext.rich_markdown import MathMarkdown

    return MathMarkdown(body)


def _read(prompt: str, out: Console) -> str | None:
    out.print(prompt, style="dim")
    line = sys.stdin.readline()
    return None if line == "" else line.strip().lower()


def _show_question(out: Console, question: Question, session: StudySession) -> None:
    from rich.text import Text

    counts = session.counts()
    out.print()
    out.print(Text(f"{question.topic_id} · {question.difficulty} · "
                   f"due {counts.due} · new {counts.new}", style="dim"))
    out.print(Text(question.title, style="bold"))


def _grade_prompt(session: StudySession) -> str:
    from workbench.study.scheduling import RATING_NAMES, format_interval

    intervals = session.preview_intervals()
    choices = "  ".join(f"{r} {RATING_NAMES[r]} ({format_interval(intervals[r])})"
                        for r in (1, 2, 3, 4))
    return f"{choices}   u undo  q quit"


def _undo(out: Console, session: StudySession) -> None:
    question = session.undo()
    out.print("Undid the last grade." if question else "Nothing to undo.", style="dim")


def _predict(out: Console, card: PredictionCard, session: StudySession) -> bool:
    """Ask a prediction card, run its demo and grade it; False when the learner quits."""
    from workbench.cli.predict import hint, parse_answer, show_outcome, show_question
    from workbench.demos.predictions import grade, run_prediction

    p = card.prediction
    show_question(out, p, 1, 1)
    while True:
        line = _read(hint(p).replace(", q to quit", ", u undo, q quit"), out)
        if line is None or line == "q":
            return False
        if line == "u":
            _undo(out, session)
            return True
        chosen = parse_answer(p, line)
        if chosen is not None:
            break
        out.print(f"Not an answer: {line!r}", style="dim")
    outcome = run_prediction(p)
    show_outcome(out, p, chosen, outcome, plot=False)
    if session.grade(grade(chosen, outcome)) is None:
        out.print("Another workbench graded this prediction meanwhile; "
                  "yours was not recorded twice.", style="dim")
    return True


def _loop(out: Console, session: StudySession, limit: int | None) -> None:
    from workbench.study.prediction_cards import PredictionCard

    while limit is None or session.reviewed < limit:
        question = session.next_card()
        if question is None:
            out.print("Nothing left to review right now.")
            return
        if isinstance(question, PredictionCard):
            if not _predict(out, question, session):
                return
            continue
        _show_question(out, question, session)
        line = _read("Enter: show answer   u undo   q quit", out)
        if line is None or line == "q":
            return
        if line == "u":
            _undo(out, session)
            continue
        if line != "":
            out.print("Press Enter to show the answer.", style="dim")
            continue
        out.print(render_answer(question.body))
        while True:
            line = _read(_grade_prompt(session), out)
            if line is None or line == "q":
                return
            if line in {"1", "2", "3", "4"}:
                if session.grade(int(line)) is None:
                    out.print("Another workbench graded this question meanwhile; "
                              "yours was not recorded twice.", style="dim")
                break
            if line == "u":
                _undo(out, session)
                break
            out.print("Type 1-4 to grade, u to undo, q to quit.", style="dim")


def run(args: argparse.Namespace) -> int:
    """Review until nothing is left, the limit is reached, `q`, or end of input."""
    from workbench.cli._study import open_store
    from workbench.cli.common import load
    from workbench.study.session import QueueFilter, StudySession

    library = load(args)
    queue = QueueFilter(chapter=args.chapter, topic=args.topic, difficulty=args.difficulty,
                        bookmarked=args.bookmarked)
    if problems := queue.problems(library):
        raise CommandError("; ".join(problems))
    out = console()
    with open_store() as store:
        session = StudySession(store, library, queue, predictions=True)
        try:
            _loop(out, session, args.limit)
        finally:
            session.close()
            out.print(f"Recorded {session.reviewed} review(s).")
    return 0
