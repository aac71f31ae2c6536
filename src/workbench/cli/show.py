"""`workbench show ID`: read a topic (or one question) in the terminal, math rendered."""

from __future__ import annotations

import argparse

from workbench.cli.common import CommandError, add_command, console, load, width_arg


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `show` subcommand."""
    parser = add_command(subparsers, "show", "print a topic or question with its answers")
    parser.add_argument("id", help="a topic id, or a question id 'topic/slug'")
    parser.add_argument("--plain", action="store_true", help="no colour or styles")
    parser.add_argument("--width", type=width_arg, default=None, metavar="N",
                        help="wrap to N columns (default: the terminal's width)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the topic's title, then each question with its difficulty and answer."""
    from rich.text import Text
    from rich.theme import Theme

    from workbench.content.model import DIFFICULTY_NAMES
    from workbench.mathtext.rich_markdown import MathMarkdown
    from workbench.mathtext.styles import MATH_ERROR_STYLE, MATH_STYLE
    from workbench.mathtext.titles import render_title
    from workbench.textsafe import clean_text

    library = load(args)
    topic = library.topic(args.id)
    question = library.question(args.id) if topic is None else None
    if topic is None and question is None:
        shown = clean_text(args.id).replace("\n", " ")
        raise CommandError(f"unknown topic '{shown}' (try `workbench topics`)", 2)
    out = console(args.plain)
    if args.width:
        out.width = args.width
    out.push_theme(Theme({MATH_STYLE: "italic cyan", MATH_ERROR_STYLE: "yellow"}))
    if topic is not None:
        out.print(Text(render_title(topic.title), style="bold underline"))
        if topic.intro.strip():
            out.print()
            out.print(MathMarkdown(topic.intro))
        questions = topic.questions
    else:
        assert question is not None
        questions = (question,)
    stem = ""
    for number, item in enumerate(questions, 1):
        if item.stem and item.stem != stem:
            out.print()
            out.print(MathMarkdown(item.stem))
        stem = item.stem
        out.print()
        nested = "↳ " if item.parent_id or item.stem else ""
        heading = Text(f"{number}. {nested}{render_title(item.title)}", style="bold")
        heading.append(f"  [{DIFFICULTY_NAMES[item.difficulty]}]", style="dim")
        out.print(heading)
        out.print()
        out.print(MathMarkdown(item.body))
    if topic is not None and topic.notes.strip():
        out.print()
        out.print(MathMarkdown(topic.notes))
    return 0
