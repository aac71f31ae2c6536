"""Pilot tests of search in the app: type, see ranked results, open, highlight, go back."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from app_waits import settle, wait_until
from workbench.content.loader import default_roots, load_library
from workbench.search.results import SearchResults
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.rendered_lines import component_style, styled_words
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.tui.widgets.topic_tree import TopicTree
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")


def make_app() -> WorkbenchApp:
    return WorkbenchApp(load_library(default_roots()), restore=UiState(), autoplay=False)


async def search(pilot: Pilot, app: WorkbenchApp, query: str) -> SearchPanel:
    panel = app.screen.query_one(SearchPanel)
    await wait_until(pilot, lambda: panel.index is not None)
    await pilot.press("slash")
    await pilot.press(*query)
    await wait_until(pilot, lambda: panel.results is not None and panel.results.query == query)
    return panel


async def test_typing_shows_ranked_results_instead_of_the_tree() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        panel = await search(pilot, app, "why l1 sparse")
        assert app.screen.query_one(Input).has_focus
        assert not app.screen.query_one(TopicTree).display
        results = app.screen.query_one(OptionList)
        assert results.display and results.option_count >= 1
        top = results.get_option_at_index(0)
        assert top.id == "l1-vs-l2/sparsity"
        assert panel.results is not None and not panel.results.message


async def test_enter_opens_result_with_highlight_and_escape_keeps_it_and_returns_to_tree() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, app, "saddle")
        await pilot.press("enter")
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.topic is not None
                         and reader.topic.id == "saddle-points")
        assert reader.highlight is not None and reader.highlight("Saddle")
        assert not reader.highlight("minimum")
        await pilot.press("escape")
        tree = app.screen.query_one(TopicTree)
        await wait_until(pilot, lambda: tree.display and tree.has_focus)
        assert reader.highlight is not None  # escape returns focus; highlights stay
        assert reader.highlight("Saddle")
        node = tree.cursor_node
        assert node is not None and getattr(node.data, "id", "").startswith("saddle-points")


async def test_down_moves_into_results_and_misspelling_is_corrected() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        panel = await search(pilot, app, "regularisaton")
        assert panel.results is not None and panel.results.corrected
        status = str(app.screen.query_one("#search-status").render())
        assert "showing results for" in status
        await pilot.press("down")
        assert app.screen.query_one(OptionList).has_focus


async def test_stale_results_never_overwrite_newer_ones() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        panel = await search(pilot, app, "ensemble")
        current = panel.results
        stale = SearchResults(query="old", message="stale")
        panel._show(panel._sequence - 1, stale)
        assert panel.results is current


async def test_odd_queries_give_results_or_a_message() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        panel = app.screen.query_one(SearchPanel)
        await wait_until(pilot, lambda: panel.index is not None)
        for query in ['"', "AND", "*", "[bold]x[/bold]", ":", "-", "difficulty:Z"]:
            app.screen.query_one(Input).value = query
            await wait_until(pilot, lambda q=query: panel.results is not None
                             and panel.results.query == q)
            status = str(app.screen.query_one("#search-status").render())
            assert status, query
        assert app.is_running


async def test_search_that_cannot_open_leaves_the_app_working(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from workbench.search.index import SearchIndex

    def broken(*args: object, **kwargs: object) -> SearchIndex:
        raise OSError("disk on fire")

    monkeypatch.setattr(SearchIndex, "open", broken)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)  # the index worker has failed
        await pilot.press("slash", *"saddle")
        status = app.screen.query_one("#search-status")
        await wait_until(pilot, lambda: "search is unavailable: disk on fire"
                         in str(status.render()))
        await pilot.press("escape", "n")
        assert app.is_running


async def test_emptying_the_box_keeps_typing_in_the_box() -> None:
    """Backspacing to an empty query must not hand the next keys to the screen (`b`, `q`...)."""
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        panel = await search(pilot, app, "ab")
        await pilot.press("backspace", "backspace")
        box = app.screen.query_one(Input)
        await wait_until(pilot, lambda: app.screen.query_one(TopicTree).display)
        assert box.has_focus and box.value == ""
        await pilot.press("b", "q")
        await wait_until(pilot, lambda: box.value == "bq")
        assert app.is_running
        await wait_until(pilot, lambda: panel.results is not None and panel.results.query == "bq")


async def test_opening_a_result_gives_the_reader_its_width_back() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.topic is not None)
        await settle(pilot)
        reading_width = reader.size.width
        await search(pilot, app, "saddle")
        # the results are wide while choosing
        await wait_until(pilot, lambda: reader.size.width < reading_width)
        await pilot.press("enter")
        await wait_until(pilot, lambda: reader.topic is not None
                         and reader.topic.id == "saddle-points")
        await wait_until(pilot, lambda: reader.size.width >= reading_width)
        assert app.screen.query_one(OptionList).display  # the results stay, at the tree's width
        await pilot.press("slash")
        await wait_until(pilot, lambda: reader.size.width < reading_width)


async def test_search_status_wraps_instead_of_stopping_mid_sentence() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await search(pilot, app, "regularisaton")
        assert panel.results is not None and panel.results.corrected
        status = app.screen.query_one("#search-status")
        message = str(status.render())
        await pilot.pause()
        assert len(message) > status.size.width  # too long for one line at 80 columns
        lines = status.render_lines(status.region.reset_offset)
        shown = " ".join(strip.text.strip() for strip in lines)
        assert " ".join(shown.split()) == message


async def test_enter_opens_the_question_scrolled_to_its_first_match() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await search(pilot, app, "encoding")
        results = app.screen.query_one(OptionList)
        assert results.get_option_at_index(0).id == "cnn-vs-vit/cnn-vs-vit"
        await pilot.press("enter")
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.topic is not None
                         and reader.topic.id == "cnn-vs-vit")
        matcher = reader.highlight
        assert matcher is not None
        assert reader.question is not None and reader.question.id == "cnn-vs-vit/cnn-vs-vit"
        answer, heading = reader.part("answer", reader.index), reader.part("heading", reader.index)
        assert answer is not None and heading is not None
        mark = component_style(reader, "md--highlight")
        strips = reader.part_strips("answer", reader.index)
        first = answer.start + next(i for i, strip in enumerate(strips)
                                    if styled_words([strip], mark))

        def on_screen(y: int) -> bool:
            return reader.scroll_y <= y < reader.scroll_y + reader.scrollable_content_region.height

        await wait_until(pilot, lambda: on_screen(first))
        assert not on_screen(heading.start)  # not at the heading
