"""The `workbench` command: no subcommand opens the app; subcommands expose the core.

Each subcommand lives in a module of this package that defines
`register(subparsers)`; modules are discovered, so adding a command touches one file.
Command modules import the core lazily inside their handlers to keep start-up fast, and
opening the app (no command) builds no parser at all: `app_folders` recognises it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

_NOT_COMMANDS = {"common"}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every discovered subcommand."""
    import importlib
    import pkgutil

    from workbench import __version__
    from workbench.cli.common import OneLineParser

    parser = OneLineParser(
        prog="workbench",
        description="A terminal study workbench for ML interview preparation. "
        "Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        type=Path,
        default=[],
        help="add a notes folder (repeatable)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name in _NOT_COMMANDS or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    folders = app_folders(argv)
    if folders is not None:
        from workbench.tui.run import run_app

        return run_app(folders)
    from workbench.cli.common import CommandError
    from workbench.paths import UnusableDir

    parser = build_parser()
    args = parser.parse_args(_search_query_last(argv))
    if args.command is None:
        from workbench.tui.run import run_app

        return run_app(args.content)
    _report_config_problems()
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"workbench {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except UnusableDir as exc:
        print(f"workbench: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def app_folders(argv: list[str]) -> list[Path] | None:
    """The `--content` folders when `argv` only opens the app, else None (the parser
    decides: a command, `--help`, a malformed option).

    The app is what people start most, and the parser with every subcommand costs a
    noticeable part of its start-up, so this plain case skips it.
    """
    folders: list[Path] = []
    rest = iter(argv)
    for arg in rest:
        if arg.startswith("--content="):
            value = arg.removeprefix("--content=")
        elif arg == "--content":
            value = next(rest, "")
        else:
            return None
        if not value or value.startswith("-"):
            return None
        folders.append(Path(value))
    return folders


def _search_query_last(argv: list[str]) -> list[str]:
    """`argv` with the search command's query moved after `--` (see `search.query_last`)."""
    index = 0
    while index < len(argv) and argv[index].startswith("-") and argv[index] != "--":
        index += 2 if argv[index] == "--content" else 1
    if index < len(argv) and argv[index] == "search":
        from workbench.cli.search import query_last

        return [*argv[: index + 1], *query_last(argv[index + 1:])]
    return argv


def _report_config_problems() -> None:
    """`path:line: message` on stderr for each problem in config.toml (the app notifies)."""
    from workbench.config import read_config

    for problem in read_config()[1]:
        print(problem, file=sys.stderr)
