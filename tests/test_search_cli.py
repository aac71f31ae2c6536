"""`workbench search` and `workbench index` as a script sees them: output, JSON, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search_fixture import write_notes
from workbench.cli import main

# Unique ids and words: the CLI also loads the bundled notes, which win on duplicate ids.
CLI_TOPICS = {
    "01-extra/01-quokka.md": '''+++
id = "quokka-regularizer"
title = "Quokka regularizer"
difficulty = "M"
aliases = ["marsupial penalty"]
+++

## [M] Why does the quokka regularizer make weights sparse? {#sparse}

The quokka penalty pushes small weights to exactly zero, so the solution is sparse.

## [H] When does the quokka penalty fail? {#fail}

It fails when features are correlated; see [bold red]loud[/bold red] warnings.
''',
}


@pytest.fixture()
def notes(tmp_path: Path) -> Path:
    return write_notes(tmp_path / "notes", CLI_TOPICS)


def test_json_lists_ranked_hits_with_marked_snippets(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--content", str(notes), "search", "quokka", "sparse", "--json"])
    out = capsys.readouterr().out
    hits = json.loads(out)
    assert status == 0
    assert [hit["id"] for hit in hits] == ["quokka-regularizer/sparse"]
    assert hits[0]["topic"] == "Quokka regularizer"
    assert hits[0]["title"].startswith("Why does the quokka")
    assert hits[0]["difficulty"] == "M" and hits[0]["score"] > 0
    assert "**quokka**" in hits[0]["snippet"] and "**sparse**" in hits[0]["snippet"]


def test_no_hits_exits_1(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(notes), "search", "kaleidoscopically"]) == 1
    assert "no matching" in capsys.readouterr().err


def test_bad_query_exits_2_with_the_message(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--content", str(notes), "search", "difficulty:Q"]) == 2
    err = capsys.readouterr().err
    assert "difficulty must be" in err and "Traceback" not in err


def test_plain_table_keeps_markup_literal(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(notes), "search", "quokka", "loud", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "When does the quokka" in out and "[bold red]" in out and "\x1b" not in out


def test_correction_is_reported(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(notes), "search", "quoka", "--json"]) == 0
    assert "showing results for: quokka" in capsys.readouterr().err


def test_index_reports_what_it_did(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(notes), "index"]) == 0
    first = capsys.readouterr().out
    assert main(["--content", str(notes), "index"]) == 0
    second = capsys.readouterr().out
    assert main(["--content", str(notes), "index", "--rebuild"]) == 0
    third = capsys.readouterr().out
    assert "up to date" not in first and "up to date" in second and "rebuilt" in third
