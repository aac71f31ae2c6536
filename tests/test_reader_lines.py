"""The reader draws a topic from cached lines: theme colours, highlights, and its place
kept across a change of width."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip

from reader_renders import count_renders
from study_app_fixture import wait_until
from workbench.content.loader import default_roots, load_library
from workbench.tui.widgets import reader as reader_module
from workbench.tui.widgets import rendered_lines
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.rendered_lines import component_style, styled_words

LIBRARY = load_library(default_roots())


class _ReaderApp(App[None]):
    CSS = "Reader { width: 1fr; height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Reader()


def heading_background(reader: Reader, index: int) -> object:
    first_segment = next(iter(reader.part_strips("heading", index)[0]))
    return first_segment.style.bgcolor if first_segment.style else None


async def test_a_theme_change_redraws_in_the_new_colours() -> None:
    app = _ReaderApp()
    topic = LIBRARY.topic("erm")
    assert topic is not None
    async with app.run_test(size=(80, 20)) as pilot:
        reader = app.query_one(Reader)
        reader.show_topic(topic)
        await wait_until(pilot, lambda: bool(reader.parts))
        dark = heading_background(reader, 0)
        assert dark == component_style(reader, "reader--current").bgcolor
        app.theme = "textual-light"
        await wait_until(pilot, lambda: heading_background(reader, 0) != dark)
        assert heading_background(reader, 0) == component_style(reader, "reader--current").bgcolor


async def test_search_terms_are_drawn_highlighted_until_cleared() -> None:
    app = _ReaderApp()
    topic = LIBRARY.topic("l1-vs-l2")
    assert topic is not None
    async with app.run_test(size=(80, 20)) as pilot:
        reader = app.query_one(Reader)
        reader.show_topic(topic)
        await wait_until(pilot, lambda: bool(reader.parts))
        mark = component_style(reader, "md--highlight")
        assert styled_words(reader.part_strips("answer", 0), mark) == []
        reader.set_highlight(lambda word: word.lower() == "sparsity")
        assert set(styled_words(reader.part_strips("answer", 0), mark)) == {"sparsity"}
        reader.set_highlight(None)
        assert styled_words(reader.part_strips("answer", 0), mark) == []


async def test_the_question_stays_at_the_top_when_the_width_changes() -> None:
    app = _ReaderApp()
    topic = LIBRARY.topic("erm")
    assert topic is not None
    async with app.run_test(size=(100, 8)) as pilot:
        reader = app.query_one(Reader)
        reader.show_topic(topic, topic.questions[2].id)
        await wait_until(pilot, lambda: bool(reader.parts))
        heading = reader.part("heading", 2)
        assert heading is not None and heading.start <= reader.max_scroll_y
        await wait_until(pilot, lambda: reader.scroll_y == heading.start)
        await pilot.resize_terminal(60, 8)
        await wait_until(pilot, lambda: reader.size.width <= 60)
        moved = reader.part("heading", 2)
        assert moved is not None and moved.start != heading.start  # it wraps differently
        await wait_until(pilot, lambda: reader.scroll_y == moved.start)


class _FirstSight(Reader):
    """Keeps what it drew the first time it was drawn with a width."""

    first_drawn: str | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if self.first_drawn is None and self.size.width:
            self.first_drawn = "".join(line.text for line in lines)
        return lines


class _FirstSightApp(App[None]):
    CSS = "_FirstSight { width: 1fr; height: 1fr; }"

    async def on_mount(self) -> None:
        topic = LIBRARY.topic("erm")
        assert topic is not None
        reader = _FirstSight()
        reader.show_topic(topic, topic.questions[1].id)  # before any layout
        await self.mount(reader)

    def compose(self) -> ComposeResult:
        return iter(())


async def test_a_topic_shown_before_layout_is_drawn_in_the_first_frame() -> None:
    """Start-up: the restored topic is in the first frame drawn at the reader's width, not
    in a later one after its resize event."""
    app = _FirstSightApp()
    async with app.run_test(size=(80, 20)) as pilot:
        reader = app.query_one(_FirstSight)
        await wait_until(pilot, lambda: reader.first_drawn is not None)
        assert "Why is it empirical?" in (reader.first_drawn or "")


async def test_a_callback_after_paint_runs_once_the_topic_has_been_drawn() -> None:
    """`call_after_paint` (start-up starts the demo with it) waits for the frame that draws
    the topic's lines, and runs once."""
    app = _ReaderApp()
    topic = LIBRARY.topic("erm")
    assert topic is not None
    async with app.run_test(size=(80, 20)) as pilot:
        reader = app.query_one(Reader)
        drawn_then: list[int] = []
        reader.call_after_paint(lambda: drawn_then.append(len(reader.parts)))
        await pilot.pause(0.1)
        assert drawn_then == []  # no topic yet: nothing of it drawn
        reader.show_topic(topic)
        await wait_until(pilot, lambda: bool(drawn_then))
        reader.refresh()
        await pilot.pause(0.1)
        assert len(drawn_then) == 1 and drawn_then[0] > 0


async def test_the_scrollbar_shows_where_a_restored_question_is() -> None:
    """A topic opened at its second question scrolls before its scrollbar appears; the
    thumb must still follow (it stayed at the top)."""
    app = _ReaderApp()
    topic = LIBRARY.topic("erm")
    assert topic is not None
    async with app.run_test(size=(60, 12)) as pilot:
        reader = app.query_one(Reader)
        reader.show_topic(topic, topic.questions[2].id)
        await wait_until(pilot, lambda: reader.scroll_y > 0
                         and reader.vertical_scrollbar.position == reader.scroll_y)


async def test_a_new_topic_sets_the_scroll_range_and_thumb_without_a_layout() -> None:
    app = _ReaderApp()
    long_topics = [t for t in LIBRARY.topics() if len(t.questions) >= 3][:2]
    async with app.run_test(size=(80, 12)) as pilot:
        reader = app.query_one(Reader)
        for topic in long_topics:
            reader.show_topic(topic)
            await pilot.pause()
            lines = reader.virtual_size.height
            assert lines > reader.container_size.height  # the scrollbar stays
            assert reader.vertical_scrollbar.window_virtual_size == lines
            assert reader.max_scroll_y == lines - reader.container_size.height
            reader.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert reader.scroll_y == reader.max_scroll_y
            last = reader.part_text("notes") or reader.part_text(
                "answer", len(topic.questions) - 1)
            shown = [reader.render_line(y).text.rstrip() for y in range(reader.size.height)]
            assert last.splitlines()[-1].rstrip() in shown  # the topic's last line is drawn


async def test_a_topic_rendered_ahead_opens_without_rendering(
        monkeypatch: pytest.MonkeyPatch) -> None:
    cache = rendered_lines.LineCache(512)  # none rendered by other tests in this process
    monkeypatch.setattr(rendered_lines, "MARKDOWN_CACHE", cache)
    monkeypatch.setattr(reader_module, "MARKDOWN_CACHE", cache)
    app = _ReaderApp()
    first, second = list(LIBRARY.topics())[:2]
    async with app.run_test(size=(70, 20)) as pilot:
        reader = app.query_one(Reader)
        reader.show_topic(first)
        await wait_until(pilot, lambda: bool(reader.parts))
        assert reader.has_rendered(first)
        assert not reader.has_rendered(second)
        for _ in reader.render_ahead(second):
            pass
        assert reader.has_rendered(second)


async def test_moving_to_another_question_recolours_the_two_headings() -> None:
    app = _ReaderApp()
    topic = LIBRARY.topic("erm")
    assert topic is not None
    async with app.run_test(size=(80, 20)) as pilot:
        reader = app.query_one(Reader)
        reader.show_topic(topic)
        await wait_until(pilot, lambda: bool(reader.parts))
        current = component_style(reader, "reader--current").bgcolor
        other = component_style(reader, "reader--heading").bgcolor
        assert (heading_background(reader, 0), heading_background(reader, 1)) == (current, other)
        lines = list(reader.part_strips("answer", 0))
        reader.goto(1)
        assert (heading_background(reader, 0), heading_background(reader, 1)) == (other, current)
        assert reader.part_strips("answer", 0) == lines  # nothing else changes


async def test_focus_restyles_the_reader_without_rendering_the_topic_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rendered = count_renders(monkeypatch)
    app = _ReaderApp()
    topic = LIBRARY.topic("erm")
    assert topic is not None
    async with app.run_test(size=(80, 20)) as pilot:
        reader = app.query_one(Reader)
        reader.show_topic(topic)
        await wait_until(pilot, lambda: bool(reader.parts))
        await pilot.pause()
        before = len(rendered)
        reader.focus()
        await pilot.pause()
        reader.blur()
        await pilot.pause()
        assert len(rendered) == before
