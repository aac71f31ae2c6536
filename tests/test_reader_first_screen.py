"""The reader's lines for the restored topic: saved at exit, drawn in the next start's first
paint without rendering Markdown, and rendered as before whenever they no longer fit."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult

from app_waits import wait_until
from reader_renders import count_renders
from workbench.content import Question, Topic
from workbench.content.loader import default_roots, load_library
from workbench.paths import cache_dir
from workbench.tui.app import WorkbenchApp
from workbench.tui.reader_snapshot import (
    SNAPSHOT_FILE,
    ReaderSnapshot,
    load_snapshot,
    save_snapshot,
)
from workbench.tui.widgets.reader import Reader
from workbench.ui_state import UiState

LIBRARY = load_library(default_roots())
TOPIC = "erm"


class _ReaderApp(App[None]):
    CSS = "Reader { width: 1fr; height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Reader()


def the_topic() -> Topic:
    topic = LIBRARY.topic(TOPIC)
    assert topic is not None
    return topic


async def shown(topic: Topic, width: int, prime: ReaderSnapshot | None = None,
                then: Callable[[Reader], object] | None = None) -> Reader:
    """A reader `width` columns wide (scrollbar included) showing `topic`, primed first
    with `prime`; `then` runs once it is drawn. Its lines are saved as at exit."""
    app = _ReaderApp()
    async with app.run_test(size=(width, 30)) as pilot:
        reader = app.query_one(Reader)
        if prime is not None:
            reader.prime(prime)  # its height is known before the first layout
            assert reader.virtual_size.height == len(prime.lines)
        reader.show_topic(topic)
        await wait_until(pilot, lambda: bool(reader.parts))
        if then is not None:
            then(reader)
            await pilot.pause()
        snapshot = reader.snapshot()
        assert snapshot is not None
        save_snapshot(snapshot)
    return reader


def texts(reader_or_snapshot: Reader | ReaderSnapshot) -> list[str]:
    lines = (reader_or_snapshot.lines if isinstance(reader_or_snapshot, ReaderSnapshot)
             else reader_or_snapshot._lines)
    return [strip.text for strip in lines]


async def saved_lines(width: int = 60) -> ReaderSnapshot:
    await shown(the_topic(), width)
    saved = load_snapshot(TOPIC)
    assert saved is not None
    return saved


async def test_saved_lines_read_back_the_same_styles_and_places() -> None:
    reader = await shown(the_topic(), 60)
    loaded = load_snapshot(TOPIC)
    assert loaded is not None
    assert loaded.key[:3] == (TOPIC, loaded.key[1], 60 - 2) and loaded.marks == ((), ())
    assert [list(strip) for strip in loaded.lines] == [list(strip) for strip in reader._lines]
    assert list(loaded.parts) == reader.parts and loaded.headings == reader._headings
    assert load_snapshot("another-topic") is None


async def test_a_primed_reader_draws_the_saved_lines_without_rendering(
        monkeypatch: pytest.MonkeyPatch) -> None:
    saved = await saved_lines()
    loaded = load_snapshot(TOPIC)
    assert loaded is not None
    rendered = count_renders(monkeypatch)
    reader = await shown(the_topic(), 60, prime=loaded,
                         then=lambda r: r.set_study_marks(set(), {}))  # the store agrees
    assert rendered == []
    assert texts(reader) == texts(saved)
    assert [p.kind for p in reader.parts] == [p.kind for p in saved.parts]


@pytest.mark.parametrize("theme", [None, "textual-light"])
async def test_primed_lines_take_the_styles_as_read_and_a_new_theme_renders_anew(
        monkeypatch: pytest.MonkeyPatch, theme: str | None) -> None:
    """The first paint draws saved lines without reading the reader's styles; a restyle
    (focus, say) then reads them and renders nothing, a theme switched meanwhile renders."""
    await saved_lines()
    loaded = load_snapshot(TOPIC)
    assert loaded is not None
    rendered = count_renders(monkeypatch)
    app = _ReaderApp()
    async with app.run_test(size=(60, 30)) as pilot:
        reader = app.query_one(Reader)
        reader.prime(loaded)
        reader.show_topic(the_topic())
        await wait_until(pilot, lambda: bool(reader.parts))
        assert rendered == [] and texts(reader) == texts(loaded)
        if theme is not None:
            app.theme = theme
        reader.notify_style_update()
        await wait_until(pilot, lambda: reader._built_for is not None
                         and reader._built_for[3] != ("primed", app.theme))
        await pilot.pause()
    assert bool(rendered) == (theme is not None)


async def test_marks_that_changed_since_render_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    await saved_lines()
    loaded = load_snapshot(TOPIC)
    assert loaded is not None
    first = the_topic().questions[0].id
    rendered = count_renders(monkeypatch)
    notes: list[str] = []

    def marks_arrive(reader: Reader) -> None:
        reader.set_study_marks({first}, {first: "my own note"})
        notes.append(reader.part_text("note", 0))

    await shown(the_topic(), 60, prime=loaded, then=marks_arrive)
    assert rendered  # the store's marks differ from the saved ones
    assert "my own note" in notes[0]


@pytest.mark.parametrize("change", ["text", "width"])
async def test_lines_that_no_longer_fit_are_not_used(monkeypatch: pytest.MonkeyPatch,
                                                     change: str) -> None:
    await saved_lines(60)
    loaded = load_snapshot(TOPIC)
    assert loaded is not None
    topic, width = the_topic(), 60
    if change == "text":
        first = topic.questions[0]
        edited = Question(first.id, first.topic_id, first.title, first.difficulty,
                          "An edited answer.", first.source, first.line)
        topic = topic._replace(questions=(edited, *topic.questions[1:]))
    else:
        width = 80
    rendered = count_renders(monkeypatch)
    await shown(topic, width, prime=loaded)
    assert rendered
    if change == "text":
        assert "An edited answer." in rendered


async def test_a_damaged_file_is_ignored_and_control_characters_never_come_back() -> None:
    await saved_lines()
    path = cache_dir() / SNAPSHOT_FILE
    data = pickle.loads(path.read_bytes())
    text, style = data["rows"][1][0]
    data["rows"][1][0] = ("\x1b[2J\x07" + text, style)
    path.write_bytes(pickle.dumps(data))
    loaded = load_snapshot(TOPIC)
    assert loaded is not None
    assert all("\x1b" not in line and "\x07" not in line for line in texts(loaded))
    path.write_bytes(b"not a pickle")
    assert load_snapshot(TOPIC) is None
    data["format"] = -1
    path.write_bytes(pickle.dumps(data))
    assert load_snapshot(TOPIC) is None


@pytest.mark.usefixtures("prebuilt_index")
async def test_the_app_saves_the_lines_at_exit_and_draws_them_at_the_next_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = WorkbenchApp(LIBRARY, restore=UiState(TOPIC, None), autoplay=False)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: bool(reader.parts))
        drawn = texts(reader)
    saved = load_snapshot(TOPIC)
    assert saved is not None and texts(saved) == drawn

    built: list[Topic] = []
    build = Reader._build_topic

    def build_topic(self: Reader, topic: Topic, *args: Any) -> None:
        built.append(topic)
        build(self, topic, *args)

    monkeypatch.setattr(Reader, "_build_topic", build_topic)
    app = WorkbenchApp(LIBRARY, restore=UiState(TOPIC, None), autoplay=False)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: bool(reader.parts))
        assert built == [] and texts(reader) == drawn
