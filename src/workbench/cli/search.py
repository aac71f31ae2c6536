"""`workbench search QUERY`: ranked questions as a table, or JSON for scripts.

Exit status: 0 with hits, 1 with none, 2 when the query cannot be run.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from workbench.cli.common import CommandError, add_command, console, load, print_json

if TYPE_CHECKING:
    from workbench.search.results import SearchResults


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `search` subcommand."""
    parser = add_command(subparsers, "search", "search the questions and answers")
    parser.add_argument("query", nargs="+", help="words, \"phrases\", prefix*, -word, "
                        "difficulty:H, tag:NAME, chapter:ID, topic:ID")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


VALUE_OPTIONS = ("--limit", "--content")
"""The search command's options that take a value (the next token unless given with `=`)."""


def query_last(tokens: list[str]) -> list[str]:
    """The search command's arguments with its options first and the query after `--`.

    Query words may start with `-` (`-attention` excludes a word), which argparse would
    take for unknown options; only `-h` and `--long` tokens are options here.
    """
    options: list[str] = []
    query: list[str] = []
    rest = iter(tokens)
    for token in rest:
        if token == "--":
            query.extend(rest)
        elif token.startswith("--") or token == "-h":
            options.append(token)
            if "=" not in token and len(token) > 2 and any(
                option.startswith(token) for option in VALUE_OPTIONS
            ):
                value = next(rest, None)
                options.extend([] if value is None else [value])
        else:
            query.append(token)
    return [*options, "--", *query] if query else options


def run(args: argparse.Namespace) -> int:
    """Search and print the hits."""
    from workbench.cli.index import learner_notes
    from workbench.search.index import SearchIndex

    if args.limit < 1:
        raise CommandError("--limit must be at least 1")
    query = " ".join(args.query)
    try:
        index = SearchIndex.open(load(args), learner_notes())
    except OSError as exc:
        raise CommandError(f"cannot open the search index: {exc.strerror or exc}", 2) from None
    if index.notice:
        print(index.notice, file=sys.stderr)
    results = index.search(query, limit=args.limit)
    index.close()
    if results.message:
        raise CommandError(results.message, 2)
    if results.corrected:
        print(f"showing results for: {results.corrected}", file=sys.stderr)
    if results.suggestion:
        print(f"did you mean: {results.suggestion}", file=sys.stderr)
    if args.json:
        print_json([
            {
                "id": hit.question_id,
                "topic": hit.topic_title,
                "topic_id": hit.topic_id,
                "title": hit.title,
                "difficulty": hit.difficulty,
                "score": hit.score,
                "snippet": hit.snippet_text(),
            }
            for hit in results.hits
        ])
    else:
        _print_table(results)
    return 0 if results.hits else 1


def _print_table(results: SearchResults) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    if not results.hits:
        print("no matching questions", file=sys.stderr)
        return
    table = Table(box=None, pad_edge=False, show_header=True)
    table.add_column("#", justify="right")
    table.add_column("D")
    table.add_column("question", ratio=2)
    table.add_column("topic")
    table.add_column("score", justify="right")
    for rank, hit in enumerate(results.hits, 1):
        title = Text()
        for piece, matched in hit.title_segments:
            title.append(piece, style="bold" if matched else "")
        title.append("\n")
        for piece, matched in hit.snippet:
            title.append(piece, style="bold yellow" if matched else "dim")
        table.add_row(str(rank), hit.difficulty, title, Text(hit.topic_title),
                      f"{hit.score:.1f}")
    out.print(table)
