"""Long commands show progress on stderr: a Rich bar on a terminal, plain lines when piped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from anki_decks import marsupial_deck
from search_fixture import write_notes
from workbench.cli import main
from workbench.cli._progress_bar import ProgressReport


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def many_questions(root: Path, count: int = 120) -> Path:
    body = "\n".join(f"## [E] Why is wombat {n} a marsupial? {{#q{n}}}\n\nPouch {n}.\n"
                     for n in range(count))
    header = '+++\nid = "wombats"\ntitle = "Wombats"\ndifficulty = "E"\n+++\n\n'
    return write_notes(root, {"01-c/01-wombats.md": header + body})


def test_index_rebuild_piped_prints_plain_progress_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = many_questions(tmp_path / "notes")
    assert main(["--content", str(notes), "index", "--rebuild"]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in err
    lines = err.splitlines()
    assert lines[0].startswith("indexed 0/")
    done, total = (int(n) for n in lines[-1].removeprefix("indexed ").split("/"))
    assert done == total >= 120
    assert 2 <= len(lines) <= 12  # a line each tenth of the way, not one per question
    assert "rebuilt the index" in out


def test_import_of_a_large_file_reports_files_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "big.md"
    source.write_text("".join(f"# Topic {n}\n\n## [E] Question {n}?\n\nAnswer {n}.\n\n"
                              for n in range(60)), "utf-8")
    assert main(["import", str(source), "--into", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "written 61/61" in err.splitlines()  # 60 topic files and chapter.toml


def test_import_of_a_large_anki_deck_reports_notes_converted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = marsupial_deck(tmp_path / "marsupials.apkg")
    assert main(["import", str(source), "--into", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().err.splitlines()
    converted = [line for line in lines if line.startswith("converted ")]
    assert converted[-1] == "converted 150/150"
    assert 2 <= len(converted) <= 12  # heard while the deck is read, a line each tenth


def test_terminal_gets_a_rich_bar() -> None:
    terminal = Terminal()
    with ProgressReport(terminal) as progress:
        report = progress.task("indexed")
        for done in range(0, 201, 50):
            report(done, 200)
    drawn = terminal.getvalue()
    assert "\x1b[" in drawn and "indexed" in drawn and "200/200" in drawn


def test_small_work_is_not_reported() -> None:
    terminal, piped = Terminal(), io.StringIO()
    for stream in (terminal, piped):
        with ProgressReport(stream) as progress:
            progress.report("indexed", 28, 28)
        assert stream.getvalue() == ""
