"""Opening the app (`workbench`, `workbench --content DIR`) skips the subcommand parser;
anything else still goes through it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli import app_folders


@pytest.mark.parametrize(("argv", "folders"), [
    ([], []),
    (["--content", "notes"], [Path("notes")]),
    (["--content=notes", "--content", "more"], [Path("notes"), Path("more")]),
])
def test_plain_app_starts_are_recognised(argv: list[str], folders: list[Path]) -> None:
    assert app_folders(argv) == folders


@pytest.mark.parametrize("argv", [
    ["search", "loss"], ["--help"], ["--version"], ["--content"], ["--content", "--help"],
    ["--content="], ["--cont", "notes"], ["--content", "notes", "topics"],
])
def test_anything_else_is_left_to_the_parser(argv: list[str]) -> None:
    assert app_folders(argv) is None


def test_a_missing_folder_still_gets_the_parsers_one_line_error() -> None:
    result = subprocess.run([sys.executable, "-m", "workbench", "--content"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--content: expected one argument" in result.stderr


def test_opening_the_app_imports_no_subcommand() -> None:
    code = (
        "import sys\n"
        "import workbench.tui.run as run\n"
        "run.run_app = lambda folders: print(folders) or 0\n"
        "from workbench.cli import main\n"
        "main(['--content', 'notes'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('workbench.cli.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[PosixPath('notes')]", "[]"]
