"""`workbench stats`: study progress as a short summary or JSON."""

from __future__ import annotations

import argparse

from workbench.cli.common import add_command, console, load, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `stats` subcommand."""
    parser = add_command(subparsers, "stats", "show study progress")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print totals, retention against the target, per-chapter coverage and the forecast."""
    from rich.table import Table
    from rich.text import Text

    from workbench.cli._study import open_store
    from workbench.study.stats import compute_stats

    library = load(args)
    with open_store() as store:
        stats = compute_stats(store, library)
    if args.json:
        print_json(stats.to_dict())
        return 0
    out = console()
    retention = "n/a" if stats.retention is None else f"{stats.retention:.1%}"
    out.print(Text(f"reviews {stats.reviews}   due {stats.due}   new {stats.new}   "
                   f"learning {stats.learning}   learned {stats.learned}   "
                   f"orphaned {stats.orphaned}"))
    out.print(Text(f"true retention {retention} over {stats.retention_reviews} mature reviews "
                   f"(target {stats.target_retention:.0%})"))
    table = Table(box=None, pad_edge=False)
    for column in ("chapter", "new", "learning", "learned"):
        table.add_column(column, justify="left" if column == "chapter" else "right")
    for row in stats.coverage:
        table.add_row(Text(row.title), str(row.new), str(row.learning), str(row.learned))
    out.print(table)
    p = stats.predictions
    if p.total:
        out.print(Text(f"predictions {p.total - p.new} of {p.total} tried   due {p.due}   "
                       f"learning {p.learning}   learned {p.learned}   "
                       f"right {p.right} of {p.reviews} answers"))
    week = " ".join(str(n) for n in stats.forecast[:7])
    out.print(Text(f"due over the next 7 days: {week}"))
    return 0
