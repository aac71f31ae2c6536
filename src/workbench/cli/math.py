"""`workbench math 'LATEX'`: print one formula as the app would show it."""

from __future__ import annotations

import argparse
import shutil
import sys

from workbench.cli.common import add_command, width_arg


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `math` subcommand."""
    parser = add_command(subparsers, "math", "render one LaTeX formula")
    parser.add_argument("latex", help="the formula, without $ signs")
    parser.add_argument("--display", action="store_true", help="lay it out in two dimensions")
    parser.add_argument("--width", type=width_arg, default=None, metavar="N",
                        help="display width (default: the terminal's width)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the rendering; exit 1 (source printed) when the formula cannot be rendered."""
    from workbench.mathtext import display_math, inline_math

    if args.display:
        width = args.width or shutil.get_terminal_size((80, 24)).columns
        rendered = display_math(args.latex, max(1, width))
    else:
        rendered = inline_math(args.latex)
    print(rendered.text)
    if not rendered.ok:
        print("workbench math: cannot render this formula; shown as source", file=sys.stderr)
        return 1
    return 0
