"""`workbench export`: Anki packages and CSV that come back in (ours and Anki's importer)."""

from __future__ import annotations

import sqlite3
import time
import zipfile
from pathlib import Path

import genanki
import pytest

from content_paths import CONTENT
from workbench.cli import main
from workbench.content.importing.anki_export import export_notes, write_apkg
from workbench.content.importing.dispatch import import_file
from workbench.content.loader import load_library
from workbench.content.model import Question
from workbench.mathtext.markdown import math_spans


def formulas(question: Question) -> list[str]:
    return [" ".join(latex.split()) for _, latex in math_spans(f"{question.title}\n\n"
                                                               f"{question.body}")]


def package_notes(path: Path, tmp_path: Path) -> list[tuple[str, str, str]]:
    """(guid, fields, tags) of every note in a genanki package."""
    with zipfile.ZipFile(path) as archive:
        (tmp_path / "col.db").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "col.db") as db:
        return db.execute("select guid, flds, tags from notes order by id").fetchall()


def test_bundled_content_round_trips_through_an_apkg(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "workbench.apkg"
    assert main(["export", "--anki", str(package)]) == 0
    assert capsys.readouterr().out.strip() == str(package)
    out = tmp_path / "back"
    assert main(["import", str(package), "--into", str(out)]) == 0
    capsys.readouterr()
    original = {t.title: t.questions for t in load_library([CONTENT]).topics()}
    imported = {t.title: t.questions for t in load_library([out]).topics()}
    assert imported.keys() == original.keys()
    for title, questions in original.items():
        assert len(imported[title]) == len(questions), title
        for before, after in zip(questions, imported[title], strict=True):
            assert after.title == before.title
            assert after.difficulty == before.difficulty, before.id
            assert formulas(after) == formulas(before), before.id
    assert sum(len(questions) for questions in imported.values()) == 28
    assert sum(len(formulas(q)) for qs in original.values() for q in qs) > 20


def test_notes_carry_mathjax_tags_decks_and_guids_from_question_ids() -> None:
    library = load_library([CONTENT])
    notes = export_notes(library.chapters)
    by_id = {note.guid_source: note for note in notes}
    erm = by_id["erm/risk"]
    assert erm.deck == "Workbench::Foundations::Empirical Risk Minimization"
    assert erm.tags == ("difficulty::easy", "chapter::foundations", "topic::erm")
    assert "\\[R(f) = \\mathbb{E}_{(x,y)\\sim P}\\left[L(f(x), y)\\right]\\]" in erm.back
    assert "\\(P\\)" in erm.back and "$" not in erm.back + erm.front
    assert erm.front == "<p>What's the risk in empirical risk minimization?</p>"
    assert len(by_id) == len(notes) == 28


MINE = """+++
id = "mine"
title = "My topic"
difficulty = "H"
+++

## [E] What is $x$? {#x}

A variable.

## [H] Why $$\\int f$$? {#why}

$$
\\int_0^1 f(t)\\,dt
$$
"""


def my_notes(tmp_path: Path) -> Path:
    """A notes folder of one chapter 'Mine' with one topic, ids unlike the bundled ones."""
    folder = tmp_path / "content" / "mine"
    folder.mkdir(parents=True)
    (folder / "01-mine.md").write_text(MINE, "utf-8")
    return folder / "01-mine.md"


def export_mine(tmp_path: Path, name: str) -> Path:
    package = tmp_path / name
    assert main(["--content", str(tmp_path / "content"), "export", "--anki", str(package),
                 "--chapter", "Mine"]) == 0
    return package


def test_re_export_after_an_edit_keeps_every_guid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    topic_file = my_notes(tmp_path)
    first = export_mine(tmp_path, "first.apkg")
    topic_file.write_text(MINE.replace("What is $x$?", "What is $y$?"), "utf-8")
    second = export_mine(tmp_path, "second.apkg")
    assert capsys.readouterr().err == "2 note(s) in 1 deck(s)\n" * 2
    before, after = package_notes(first, tmp_path), package_notes(second, tmp_path)
    assert [guid for guid, _, _ in before] == [guid for guid, _, _ in after] == [
        genanki.guid_for("mine/x"), genanki.guid_for("mine/why")]
    assert after[0][1] == "<p>What is \\(y\\)?</p>\x1f<p>A variable.</p>"
    assert after[1][1] == ("<p>Why \\[\\int f\\]?</p>\x1f<div>\\[\\int_0^1 f(t)\\,dt\\]</div>")
    assert sorted(after[1][2].split()) == ["chapter::mine", "difficulty::hard", "topic::mine"]


def test_anki_updates_cards_on_re_import_instead_of_duplicating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS

    topic_file = my_notes(tmp_path)
    first = export_mine(tmp_path, "first.apkg")
    topic_file.write_text(MINE.replace("A variable.", "A changed answer."), "utf-8")
    second = tmp_path / "second.apkg"  # a minute later: Anki skips notes of the same mtime
    mine = load_library([tmp_path / "content"]).chapters
    write_apkg(export_notes(mine), second, timestamp=time.time() + 60)
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        options = ImportAnkiPackageOptions(update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS)
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(first), options=options))
        assert col.note_count() == 2
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(second), options=options))
        assert col.note_count() == 2
        fields = [col.get_note(nid).fields for nid in col.find_notes("")]
        assert "<p>A changed answer.</p>" in [f[1] for f in fields]
        assert "Workbench::Mine::My topic" in [d.name for d in col.decks.all_names_and_ids()]
    finally:
        col.close()


def test_csv_export_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "all.csv"
    assert main(["export", "--csv", str(table)]) == 0
    result = import_file(table)
    original = list(load_library([CONTENT]).questions())
    assert [(q.title, q.difficulty) for q in result.questions()] == [
        (q.title, q.difficulty) for q in original]
    assert result.problems == []


@pytest.mark.parametrize(("argv", "words"), [
    (["export"], "--anki FILE.apkg and/or --csv FILE"),
    (["export", "--csv", "x.csv", "--chapter", "nope"], "no chapter 'nope' (chapters: "),
])
def test_export_mistakes_are_one_clear_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert not (tmp_path / "x.csv").exists()


def test_a_sub_question_card_shows_its_stem_above_the_question(tmp_path: Path) -> None:
    from notes_files import write_notes
    from workbench.content.notes_format import parse_notes

    source = Path(__file__).parent / "fixtures" / "notes" / "gitbook-chapter.md"
    notes = parse_notes(source.read_text("utf-8"), source)
    write_notes(notes.sections, tmp_path / "calc", chapter_title=notes.title)
    library = load_library([tmp_path])
    stemmed = [q for q in library.questions() if q.stem]
    assert stemmed
    by_id = {note.guid_source: note for note in export_notes(library.chapters)}
    for question in stemmed:
        front = by_id[question.id].front
        stem_words = question.stem.split()[0].strip("*_$\\")
        assert stem_words in front, question.id
        assert front.index(stem_words) < front.rindex("<p>"), question.id
