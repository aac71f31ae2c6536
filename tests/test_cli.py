"""The CLI: exit codes and output of the content commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import __version__
from workbench.cli import build_parser, main

GOOD = """+++
id = "mine"
title = "My topic"
difficulty = "M"
+++

## [M] What is [bold]markup[/bold]? {#markup}

Shown as typed.
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_every_subcommand_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"topics", "check"} <= set(commands)
    for name in commands:
        with pytest.raises(SystemExit) as exit_info:
            main([name, "--help"])
        assert exit_info.value.code == 0
        assert name in capsys.readouterr().out


def test_topics_json_lists_the_bundled_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["topics", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 20
    assert sum(row["questions"] for row in rows) == 28
    erm = next(row for row in rows if row["id"] == "erm")
    assert erm == {"id": "erm", "chapter": "Foundations", "title": erm["title"],
                   "title_text": erm["title"], "difficulty": "E", "questions": 3,
                   "demo": "empirical_risk"}


def test_topics_table_includes_user_content(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "01-extra", "01-mine.md", GOOD)
    assert main(["--content", str(tmp_path), "topics"]) == 0
    out = capsys.readouterr().out
    assert "My topic" in out and "mine" in out


def test_check_bundled_content_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0


def test_check_reports_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "ch", "01-good.md", GOOD)
    bad = write(tmp_path / "ch", "02-bad.md", GOOD.replace('"mine"', '"other"').replace(
        "## [M]", "## [X]"))
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"{bad}:7: unknown difficulty 'X' for question 'What is [bold]markup[/bold]?' "
                   "(use E, M or H)"]


def test_missing_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 1
    assert "content folder not found" in capsys.readouterr().out


def test_python_dash_m_runs_without_traceback() -> None:
    result = subprocess.run([sys.executable, "-m", "workbench", "topics", "--json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert json.loads(result.stdout)


def test_unknown_subcommand_is_one_clear_error() -> None:
    result = subprocess.run([sys.executable, "-m", "workbench", "frobnicate"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr
