"""The reader draws a topic from cached lines: theme colours, highlights, and its place
kept across a change of width."""

from __future__ import annotations

from textual.app import App, ComposeResult

from study_app_fixture import wait_until
from workbench.content.loader import default_roots, load_library
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
