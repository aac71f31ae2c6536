"""Helpers shared by the subcommands: loading content, printing safely, failing cleanly."""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import Any, NoReturn, TextIO, cast

from rich.console import Console

from workbench.content import Library

PIPE_WIDTH = 100
"""Width of tables written to a pipe, where there is no terminal to measure."""


class CommandError(Exception):
    """A user-facing failure: printed as one line, exits with `status`."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line plus a hint, not a usage dump.

    Subcommand parsers inherit the class, so every level reports the same way.
    """

    def error(self, message: str) -> NoReturn:
        """`workbench search: error: ...` and where to find the usage; exit status 2."""
        self.exit(2, f"{self.prog}: error: {message}\ntry '{self.prog} --help'\n")


def load(args: argparse.Namespace) -> Library:
    """Bundled content, the user's notes, and every `--content DIR` (through the catalog
    cache the app uses, so either one's parse serves the other)."""
    from workbench.content.catalog_cache import load_library_cached
    from workbench.content.loader import default_roots

    library = load_library_cached(default_roots(args.content))
    for folder in args.content:
        if not folder.is_dir():
            print(f"workbench: warning: notes folder not found: {folder}", file=sys.stderr)
    return library


def console(plain: bool = False) -> Console:
    """A Rich console for stdout; plain (no colour, no markup) when piped or asked."""
    if plain or not sys.stdout.isatty():
        trimmed = cast(TextIO, TrimmingWriter(sys.stdout))  # a text stream, as Console needs
        return Console(file=trimmed, no_color=True, markup=False,
                       highlight=False, emoji=False, force_terminal=False, width=PIPE_WIDTH)
    return Console(markup=False, highlight=False, emoji=False)


class TrimmingWriter(io.TextIOBase):
    """A text stream that drops trailing spaces from each line (Rich pads to the width,
    which is noise in a pipe or a file)."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self._out = out
        self._pending = ""

    def write(self, text: str) -> int:
        """Write whole lines trimmed; keep a partial line until its newline arrives."""
        *lines, self._pending = (self._pending + text).split("\n")
        for line in lines:
            self._out.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        """Write any partial line and flush the underlying stream."""
        if self._pending:
            self._out.write(self._pending.rstrip(" "))
            self._pending = ""
        self._out.flush()


def width_arg(value: str) -> int:
    """argparse type for `--width`: a whole number of columns from 20 to 1000."""
    try:
        width = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 20 <= width <= 1000:
        raise argparse.ArgumentTypeError("width must be between 20 and 1000")
    return width


def print_json(data: Any) -> None:
    """JSON to stdout, UTF-8 kept readable."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def add_command(
    subparsers: argparse._SubParsersAction, name: str, help_text: str
) -> argparse.ArgumentParser:
    """A subcommand parser that also accepts the global `--content` after the command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help_text, description=help_text
    )
    parser.add_argument("--content", metavar="DIR", action="append", type=_path,
                        default=argparse.SUPPRESS, help="add a notes folder (repeatable)")
    return parser


def _path(value: str) -> Any:
    from pathlib import Path

    return Path(value)
