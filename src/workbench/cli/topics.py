"""`workbench topics`: the topic tree as a table or JSON."""

from __future__ import annotations

import argparse

from workbench.cli.common import add_command, console, load, print_json

TABLE_WIDTH = 130


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `topics` subcommand."""
    parser = add_command(subparsers, "topics", "list chapters and topics")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the tree; `questions` counts sub-questions too."""
    from workbench.mathtext.titles import render_title

    library = load(args)
    rows = [
        {
            "id": topic.id,
            "chapter": chapter.title,
            "title": topic.title,
            "title_text": render_title(topic.title),
            "difficulty": topic.difficulty,
            "questions": len(topic.questions),
            "demo": topic.demo,
        }
        for chapter in library.chapters
        for topic in chapter.topics
    ]
    if args.json:
        print_json(rows)
        return 0
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("id", "chapter", "title", "D", "Q", "demo"):
        wraps = column == "title"
        table.add_column(column, no_wrap=not wraps, min_width=20 if wraps else None)
    for chapter in library.chapters:
        for topic in chapter.topics:
            table.add_row(topic.id, chapter.title, render_title(topic.title), topic.difficulty,
                          str(len(topic.questions)), topic.demo or "-")
    out = console()
    out.width = max(out.width, TABLE_WIDTH)  # every column whole, even in a pipe
    out.print(table)
    return 0
