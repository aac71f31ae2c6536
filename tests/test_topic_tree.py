"""The topic tree moves its cursor to a node under a collapsed topic (n, p, search, the
palette) at once, and expands that topic without a layout of the screen unless its
scrollbar comes."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip

from app_waits import wait_until
from workbench.content import Library, Question, Topic
from workbench.content.loader import default_roots, load_library
from workbench.tui.widgets.topic_tree import TopicTree


class TreeApp(App[None]):
    CSS = "TopicTree { overflow-x: hidden; }"

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.layouts = 0

    def compose(self) -> ComposeResult:
        yield TopicTree(self.library)

    def on_mount(self) -> None:
        self.screen.screen_layout_refresh_signal.subscribe(self, self._laid_out)

    def _laid_out(self, screen: Screen[object]) -> None:
        self.layouts += 1


def last_question(library: Library) -> Question:
    """A question whose topic starts collapsed (every topic does)."""
    topic = [t for t in library.topics() if t.questions][-1]
    return topic.questions[-1]


async def test_a_question_under_a_collapsed_topic_is_selected_at_once_without_a_layout(
        ) -> None:
    library = load_library(default_roots())
    app = TreeApp(library)
    async with app.run_test(size=(80, 20)) as pilot:
        tree = app.query_one(TopicTree)
        await wait_until(pilot, lambda: tree.show_vertical_scrollbar)  # more lines than rows
        await pilot.pause()
        lines, layouts = tree.last_line + 1, app.layouts
        question = last_question(library)

        assert tree.select_id(question.id)
        node = tree.cursor_node
        assert node is not None and node.data is question  # moved in the same call
        assert node.parent is not None and node.parent.is_expanded

        await pilot.pause()
        assert tree.last_line + 1 > lines
        assert app.layouts == layouts  # only the tree's lines and its thumb changed
        bar = tree.vertical_scrollbar
        assert bar.window_virtual_size == tree.last_line + 1
        assert tree.scroll_y == tree.max_scroll_y  # the last line is in view
        assert tree.cursor_line == tree.last_line


async def test_a_layout_follows_when_expanding_brings_the_scrollbar() -> None:
    library = load_library(default_roots())
    rows = TopicTree(library).last_line + 1  # every chapter open, no topic
    app = TreeApp(library)
    async with app.run_test(size=(30, rows)) as pilot:  # labels cut short
        tree = app.query_one(TopicTree)
        await pilot.pause()
        assert not tree.show_vertical_scrollbar
        layouts = app.layouts

        tree.select_id(last_question(library).id)
        await wait_until(pilot, lambda: tree.show_vertical_scrollbar)
        assert app.layouts > layouts
        assert tree.cursor_line == tree.last_line
        await pilot.pause()
        assert_drawn_as_from_scratch(tree)


def assert_drawn_as_from_scratch(tree: TopicTree) -> None:
    """The lines the tree shows are those it draws with nothing kept."""
    region = Region(0, 0, tree.size.width, tree.size.height)
    painted = tree.render_lines(region)
    tree.notify_style_update()  # forgets the lines drawn: all are drawn from scratch
    tree.refresh()
    assert tree.render_lines(region) == painted


async def test_expanding_a_topic_redraws_only_the_lines_from_it_down() -> None:
    """`n` into the next topic expands it: the lines above it are kept as they were
    drawn (the Tree would draw every line again), those below are moved, not drawn again,
    and the tree drawn is the tree drawn from scratch."""
    library = load_library(default_roots())
    app = TreeApp(library)
    async with app.run_test(size=(80, 30)) as pilot:
        tree = app.query_one(TopicTree)
        await pilot.pause()

        def topic_at(y: int) -> Topic | None:
            data = getattr(tree.get_node_at_line(y), "data", None)
            return data if isinstance(data, Topic) and data.questions else None

        topic_line = next(y for y in range(10, 30) if topic_at(y) and topic_at(y - 1))
        topic_node = tree.get_node_at_line(topic_line)
        assert topic_node is not None and not topic_node.is_expanded
        tree.move_cursor(tree.get_node_at_line(topic_line - 1))  # a topic, collapsed
        await pilot.pause()
        drawn: list[int] = []
        draw = tree.render_line

        def render_line(y: int) -> Strip:
            drawn.append(y)
            return draw(y)

        tree.render_line = render_line  # type: ignore[method-assign]
        question = topic_at(topic_line).questions[0]  # type: ignore[union-attr]
        assert tree.select_id(question.id)
        await pilot.pause()
        assert topic_node.is_expanded and tree.scroll_offset.y == 0  # no scroll
        # the cursor's old line, then the topic's (its icon changed): not the lines above
        assert drawn and min(drawn) == topic_line - 1
        del tree.render_line

        assert_drawn_as_from_scratch(tree)  # the moved lines renumbered for clicks
