"""Pilot tests: notes edited while the app runs show up; the palette's "Import notes…"."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, ProgressBar, Static

from anki_decks import marsupial_deck
from app_notices import recording
from app_waits import first_command, wait_until
from workbench.content.importing import apkg
from workbench.content.loader import default_roots, load_library
from workbench.paths import user_notes_dir
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.import_notes import (
    ImportPrompt,
    ImportReportView,
    ImportRequest,
    ImportRunning,
)
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.tui.widgets.topic_tree import TopicTree
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")

TOPIC = ('+++\nid = "zebra"\ntitle = "Zebra stripes"\ndifficulty = "M"\n+++\n\n'
         "## [M] Why do zebrafish have stripes? {{#why}}\n\n{answer}\n")


def make_app(*extra: Path) -> tuple[WorkbenchApp, list[str]]:
    """An app following its notes folders every 50 ms, and the notifications it shows."""
    roots = default_roots(list(extra))
    app = WorkbenchApp(load_library(roots), restore=UiState(), autoplay=False, roots=roots,
                       watch_interval=0.05)
    return app, recording(app)


def rewrite(path: Path, text: str) -> None:
    """Write `path` again with its mtime moved on (a coarse clock can't hide the edit)."""
    old = path.stat().st_mtime_ns
    path.write_text(text)
    os.utime(path, ns=(old + 1_000_000_000, old + 1_000_000_000))


def answers(reader: Reader) -> list[str]:
    """The answers the reader shows, as drawn."""
    return [reader.part_text("answer", part.question).strip()
            for part in reader.parts if part.kind == "answer"]


async def test_a_topic_written_while_the_app_runs_appears_is_searchable_and_follows_edits(
    tmp_path: Path,
) -> None:
    content = tmp_path / "mine"
    (content / "01-extra").mkdir(parents=True)
    app, told = make_app(content)
    async with app.run_test(size=(140, 40)) as pilot:
        panel = app.screen.query_one(SearchPanel)
        reloader = app.notes_reloader
        assert reloader is not None
        await wait_until(pilot, lambda: panel.index is not None and reloader.watching)
        erm_before = app.library.topic("erm")

        topic_file = content / "01-extra" / "01-zebra.md"
        topic_file.write_text(TOPIC.format(answer="Camouflage in shoals."))
        tree = app.screen.query_one(TopicTree)
        await wait_until(pilot, lambda: tree.node_for("zebra") is not None)
        assert app.library.topic("erm") is erm_before  # unchanged topics are kept as they were
        assert "notes reloaded: 1 topic added" in told
        index = panel.index
        assert index is not None
        await wait_until(pilot, lambda: any(
            hit.topic_id == "zebra" for hit in index.search("zebrafish").hits))

        app.open_node("zebra/why")
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.topic is not None and reader.topic.id == "zebra")
        assert answers(reader) == ["Camouflage in shoals."]

        rewrite(topic_file, TOPIC.format(answer="Flies avoid striped hides."))
        await wait_until(pilot, lambda: answers(reader) == ["Flies avoid striped hides."])
        assert reader.question is not None and reader.question.id == "zebra/why"
        await wait_until(pilot, lambda: tree.cursor_node is not None
                         and tree.cursor_node.data is reader.question)
        await wait_until(pilot, lambda: any(
            hit.topic_id == "zebra" for hit in index.search("hides").hits))


async def test_a_malformed_edit_is_reported_and_the_other_topics_stay(tmp_path: Path) -> None:
    content = tmp_path / "mine"
    (content / "01-extra").mkdir(parents=True)
    topic_file = content / "01-extra" / "01-zebra.md"
    topic_file.write_text(TOPIC.format(answer="Camouflage."))
    app, told = make_app(content)
    async with app.run_test(size=(140, 40)) as pilot:
        reloader = app.notes_reloader
        assert reloader is not None
        await wait_until(pilot, lambda: reloader.watching)
        topics = len(list(app.library.topics()))
        rewrite(topic_file, '+++\nid = "zebra"\n\n## [M] Half written\n')
        await wait_until(pilot, lambda: app.library.topic("zebra") is None)
        assert len(list(app.library.topics())) == topics - 1
        [message] = [m for m in told if m.startswith("notes reloaded")]
        assert f"{topic_file}:1: metadata header is not closed" in message
        tree = app.screen.query_one(TopicTree)
        await pilot.pause()
        assert tree.node_for("zebra") is None and tree.node_for("erm") is not None


async def test_palette_import_notes_shows_the_report_and_the_topic(tmp_path: Path) -> None:
    source = tmp_path / "my-notes.md"
    source.write_text("# Zebra facts\n\n1. [E] Why do zebrafish school?\n"
                      "   Safety in numbers.\n2. [H] How fast do they swim?\n   Fast.\n")
    app, told = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        reloader = app.notes_reloader
        assert reloader is not None
        await wait_until(pilot, lambda: reloader.watching)
        await pilot.press("ctrl+p")
        await pilot.press(*"Import notes")
        await wait_until(pilot, lambda: first_command(app).startswith("Import notes"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPrompt)
                         and bool(app.screen.query(Input)))
        app.screen.query_one(Input).value = str(source)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportReportView))
        report = app.screen
        assert isinstance(report, ImportReportView)
        written = user_notes_dir() / "my-notes"
        assert report.lines == [  # what `workbench import` prints, then the files it wrote
            f"{source}: 1 topic, 2 questions (1 easy, 1 hard)",
            "  Zebra facts: 2 questions (1 easy, 1 hard)",
            f"2 file(s) written into {user_notes_dir()}:",
            str(written / "chapter.toml"), str(written / "01-zebra-facts.md")]
        await wait_until(pilot, lambda: any(t.title == "Zebra facts" for t in app.library.topics()))
        topic = next(t for t in app.library.topics() if t.title == "Zebra facts")
        assert [q.title for q in topic.questions] == ["Why do zebrafish school?",
                                                      "How fast do they swim?"]
        await pilot.press("escape")
        tree = app.screen.query_one(TopicTree)
        assert tree.node_for(topic.id) is not None


async def test_import_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    app, told = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        app.action_import_notes()
        await wait_until(pilot, lambda: isinstance(app.screen, ImportPrompt)
                         and bool(app.screen.query(Input)))
        app.screen.query_one(Input).value = str(tmp_path / "nope.md")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("nope.md" in m for m in told))
        assert [m for m in told if "nope.md" in m] == [f"{tmp_path / 'nope.md'}: no such file"]
        assert not isinstance(app.screen, ImportReportView)


async def test_removing_the_open_topic_moves_to_its_chapter_and_keeps_the_tree_open(
    tmp_path: Path,
) -> None:
    content = tmp_path / "mine"
    (content / "01-extra").mkdir(parents=True)
    topic_file = content / "01-extra" / "02-zebra.md"
    topic_file.write_text(TOPIC.format(answer="Camouflage."))
    other = TOPIC.replace('"zebra"', '"okapi"').replace("Zebra", "Okapi")
    (content / "01-extra" / "01-okapi.md").write_text(other.format(answer="Stripes too."))
    app, told = make_app(content)
    async with app.run_test(size=(140, 40)) as pilot:
        reloader = app.notes_reloader
        assert reloader is not None
        await wait_until(pilot, lambda: reloader.watching)
        app.open_node("zebra/why")
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.topic is not None and reader.topic.id == "zebra")
        tree = app.screen.query_one(TopicTree)
        erm = tree.node_for("erm")
        assert erm is not None
        erm.expand()  # the learner opened another topic's questions too
        topic_file.unlink()
        await wait_until(pilot, lambda: reader.topic is not None and reader.topic.id == "okapi")
        assert "notes reloaded: 1 topic removed" in told
        await wait_until(pilot, lambda: tree.cursor_node is not None
                         and tree.cursor_node.data is reader.question)
        erm_again = tree.node_for("erm")
        assert erm_again is not None and erm_again is not erm and erm_again.is_expanded


async def test_importing_again_needs_the_replace_box(tmp_path: Path) -> None:
    source = tmp_path / "my-notes.md"
    source.write_text("# Zebra facts\n\n1. [E] Why do zebrafish school?\n   Safety.\n")
    app, told = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        outcomes = []
        for replace in (False, False, True):
            app.action_import_notes()
            await wait_until(pilot, lambda: isinstance(app.screen, ImportPrompt)
                             and bool(app.screen.query(Input)))
            app.screen.query_one(Input).value = str(source)
            app.screen.query_one(Checkbox).value = replace
            refusals = sum("already exists" in m for m in told)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ImportReportView)
                             or sum("already exists" in m for m in told) > refusals)  # noqa: B023
            outcomes.append(isinstance(app.screen, ImportReportView))
            if outcomes[-1]:
                await pilot.press("escape")
        assert outcomes == [True, False, True]
        [refused] = [m for m in told if "already exists" in m]
        assert refused.endswith("tick 'Replace files already imported' to replace them")
        await wait_until(pilot, lambda: any(t.title == "Zebra facts" for t in app.library.topics()))
        assert [t.title for t in app.library.topics()].count("Zebra facts") == 1


@pytest.mark.parametrize("hide", [False, True])
async def test_a_long_import_shows_how_far_it_is_then_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hide: bool
) -> None:
    source = marsupial_deck(tmp_path / "marsupials.apkg")
    halfway = threading.Event()
    convert = apkg._question

    def held_at_the_100th(note: apkg.AnkiNote, *args: object) -> object:
        if note.fields[0][1] == "Wombat <b>100</b>?":
            halfway.wait(30)
        return convert(note, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(apkg, "_question", held_at_the_100th)
    app, told = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        app._import_chosen(ImportRequest(source))
        await wait_until(pilot, lambda: isinstance(app.screen, ImportRunning)
                         and any(bar.progress == 100 for bar in app.screen.query(ProgressBar)))
        bar = app.screen.query_one(ProgressBar)
        assert bar.total == 150  # the notes before the held one are converted; it is not
        assert str(app.screen.query_one("#import-stage", Static).render()) == "converted 100 / 150"
        if hide:
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, ImportRunning))
        halfway.set()
        await wait_until(pilot, lambda: isinstance(app.screen, ImportReportView))
        report = app.screen
        assert isinstance(report, ImportReportView)
        assert report.lines[0] == f"{source}: 1 topic, 150 questions (150 medium); 1 warning"
        assert not any(isinstance(s, ImportRunning) for s in app.screen_stack)
        await pilot.press("escape")
        assert not isinstance(app.screen, ImportRunning | ImportReportView)
