"""Pilot tests of the main screen: navigation, help, palette, restore, bad input."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

import pytest
from rich.text import Text
from textual import events
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from app_notices import recording
from app_waits import wait_until
from demo_import_gate import DemoImportGate
from workbench.content import Chapter, Question, Topic
from workbench.content.loader import default_roots, load_library
from workbench.tui import app as app_module
from workbench.tui.app import WorkbenchApp
from workbench.tui.run import prepare_process
from workbench.tui.screens import main as main_screen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.widgets import reader as reader_module
from workbench.tui.widgets import rendered_lines
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.rendered_lines import component_style
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.tui.widgets.title_bar import TitleBar
from workbench.tui.widgets.topic_tree import TopicTree
from workbench.ui_state import UiState, load_ui_state

pytestmark = pytest.mark.usefixtures("prebuilt_index")


async def open_and_wait(pilot: Pilot, app: WorkbenchApp, node_id: str) -> Reader:
    """Jump to a node once the screen is ready, and wait until the reader shows it."""
    reader = app.screen.query_one(Reader)
    await wait_until(pilot, lambda: reader.topic is not None)  # the start-up selection first
    app.open_node(node_id)
    topic_id = node_id.split("/")[0]
    await wait_until(pilot, lambda: reader.topic is not None and reader.topic.id == topic_id,
                     what=f"the reader never showed {topic_id}")
    return reader


def make_app(*extra: Path, restore: UiState | None = None) -> WorkbenchApp:
    return WorkbenchApp(load_library(default_roots(list(extra))), restore=restore or UiState(),
                        autoplay=False)


async def test_tree_cursor_drives_the_reader() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(TopicTree)
        reader = app.screen.query_one(Reader)
        assert tree.has_focus
        first = next(app.library.questions())
        assert reader.question is not None and reader.question.id == first.id
        for _ in range(4):
            await pilot.press("j")
        await pilot.pause()
        node = tree.cursor_node
        assert node is not None and isinstance(node.data, Topic | Question)
        topic_id = node.data.id if isinstance(node.data, Topic) else node.data.topic_id
        assert reader.topic is not None and reader.topic.id == topic_id
        assert topic_id in app.screen.sub_title or reader.topic.title in app.screen.sub_title


def test_the_process_is_prepared_with_the_collector_paused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`workbench` pauses the collector before it imports the app (and the app resumes it),
    and keeps OpenBLAS to one thread unless the user chose a number."""
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    try:
        prepare_process()
        assert not gc.isenabled()
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
        prepare_process()
        assert os.environ["OPENBLAS_NUM_THREADS"] == "4"
    finally:
        gc.enable()


async def test_the_collector_paused_for_start_up_resumes_once_the_screen_is_shown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`tui.run` pauses the garbage collector for start-up; the app must resume it once
    the restored topic is on screen."""
    monkeypatch.setattr(app_module, "COLLECTOR_PAUSE_MAX", 600.0)  # not the fallback
    app = WorkbenchApp(load_library(default_roots()), restore=UiState("erm", None),
                       autoplay=False, collector_paused=True)
    threshold = gc.get_threshold()
    gc.disable()
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            reader = app.screen.query_one(Reader)
            await wait_until(pilot, lambda: reader.topic is not None and gc.isenabled())
    finally:
        gc.set_threshold(*threshold)  # the app's collector policy set it
        gc.enable()


async def test_at_start_the_demo_does_not_wait_for_the_cursor_to_rest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No cursor moves at start-up: the restored topic's demo starts right after the first
    paint, not after the rest a moving cursor waits for."""
    monkeypatch.setattr(main_screen, "REST", 60.0)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, main_screen.MainScreen)
        pane = screen.query_one(DemoPane)
        await wait_until(pilot, lambda: pane.demo is not None)
        assert not screen.demo_pending
        assert pane.demo is not None and pane.demo.id == screen.query_one(Reader).topic.demo


async def test_the_first_demo_is_imported_and_started_off_the_event_loop(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """numpy and plotext load in a thread while the screen keeps drawing; the pane says the
    demo is starting, the screen counts it as pending (and opens no index meanwhile), and
    the demo started in the thread is the one that plays."""
    gate = DemoImportGate(monkeypatch)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, main_screen.MainScreen)
        pane, reader = screen.query_one(DemoPane), screen.query_one(Reader)
        await wait_until(pilot, lambda: bool(gate.threads))
        assert gate.threads[0] is not threading.main_thread()
        assert pane.importing and screen.demo_pending and pane.demo is None
        assert "Starting the demo" in str(pane.query_one("#demo-takeaway", Static).content)
        await pilot.press("k")  # the screen still answers keys meanwhile
        assert reader.topic is not None
        panel = screen.query_one(SearchPanel)
        assert panel.index is None and panel.indexing is None  # the index waits its turn
        gate.open()
        await wait_until(pilot, lambda: pane.demo is not None and not screen.demo_pending)
        topic = reader.topic
        assert pane.demo is not None and pane.demo.id == topic.demo
        await wait_until(pilot, lambda: panel.index is not None)


async def test_held_j_moves_the_reader_and_the_demo_follows_once_it_rests(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Held `j`: the reader shows each node the cursor lands on; the side pane starts one demo,
    the one of the topic the cursor rests on, and the header shows that place then."""
    monkeypatch.setattr(main_screen, "REST", 1.0)  # longer than the eight keys take
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, main_screen.MainScreen)
        reader, tree = screen.query_one(Reader), screen.query_one(TopicTree)
        pane = screen.query_one(DemoPane)
        await wait_until(pilot, lambda: reader.topic is not None and not screen.demo_pending
                         and tree.cursor_node is not None)
        started: list[str] = []
        show = pane.show_topic

        def recording(demo_id: str | None, title: str, summary: str) -> None:
            started.append(title)
            show(demo_id, title, summary)

        pane.show_topic = recording  # type: ignore[method-assign, unused-ignore]
        stop = tree.get_node_at_line(tree.cursor_line + 8)
        assert stop is not None and isinstance(stop.data, Topic | Question)
        topic = stop.data if isinstance(stop.data, Topic) else app.library.topic(stop.data.topic_id)
        assert topic is not None and topic is not reader.topic
        for _ in range(8):  # the repeats of a held key, queued
            app.post_message(events.Key("j", "j"))
        await wait_until(pilot, lambda: tree.cursor_node is stop and reader.topic is topic)
        assert screen.demo_pending and started == []
        header = screen.query_one(TitleBar)
        assert header.text and topic.title not in header.text  # it waits for the rest too
        assert topic.title in (screen.sub_title or "")

        await wait_until(pilot, lambda: not screen.demo_pending)
        assert started == [topic.title]
        await wait_until(pilot, lambda: topic.title in header.text)


async def test_the_reader_follows_the_cursor_while_the_key_is_handled_when_it_can(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A tree key onto a topic rendered ahead changes the reader before the key's handler
    returns (the tree and the reader are painted in one frame); onto a topic not rendered
    yet, after the keys already queued."""
    cache = rendered_lines.LineCache(512)  # none rendered by other tests in this process
    monkeypatch.setattr(rendered_lines, "MARKDOWN_CACHE", cache)
    monkeypatch.setattr(reader_module, "MARKDOWN_CACHE", cache)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, main_screen.MainScreen)
        reader, tree = screen.query_one(Reader), screen.query_one(TopicTree)
        await wait_until(pilot, lambda: reader.topic is not None and not screen.demo_pending)
        topics = list(app.library.topics())
        at = topics.index(reader.topic)
        following, far = topics[at + 1], topics[at + 3]
        await wait_until(pilot, lambda: reader.has_rendered(following))
        assert not reader.has_rendered(far)

        tree.select_id(following.id)
        assert reader.topic is following  # no await: within the cursor's move
        tree.select_id(far.id)
        assert reader.topic is following
        await wait_until(pilot, lambda: reader.topic is far)


async def test_enter_opens_question_and_focuses_reader() -> None:
    app = make_app()
    erm = app.library.topic("erm")
    assert erm is not None
    async with app.run_test(size=(140, 40)) as pilot:
        await open_and_wait(pilot, app, erm.questions[1].id)
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        assert reader.has_focus
        assert reader.question == erm.questions[1]
        current = component_style(reader, "reader--current").bgcolor
        assert [heading_background(reader, i) == current for i in range(3)] == \
            [False, True, False]


def heading_background(reader: Reader, index: int) -> object:
    """The background the reader draws question `index`'s heading on."""
    first_line = reader.part_strips("heading", index)[0]
    first_segment = next(iter(first_line))
    return first_segment.style.bgcolor if first_segment.style else None


async def test_n_and_p_walk_questions_across_topics() -> None:
    app = make_app()
    questions = list(app.library.questions())
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        for expected in questions[1:5]:
            await pilot.press("n")
            await pilot.pause()
            assert reader.question == expected
        await pilot.press("p")
        await pilot.pause()
        assert reader.question == questions[3]


async def test_n_walks_every_question_in_tree_order_to_the_end() -> None:
    """`n` looks in the open topic, then in the next ones: the whole library in order."""
    app = make_app()
    questions = list(app.library.questions())
    notices = recording(app)
    async with app.run_test(size=(140, 40)) as pilot:
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.question == questions[0])
        for expected in questions[1:]:
            await pilot.press("n")
            await wait_until(pilot, lambda e=expected: reader.question == e)  # type: ignore[misc]
        await pilot.press("n")
        await wait_until(pilot, lambda: any("No more questions" in n for n in notices))
        assert reader.question == questions[-1]


async def test_help_lists_keys_and_closes() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_goes_to_a_topic() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"saddle points")
        await wait_until(pilot, lambda: "Go to: Saddle points" in highlighted_command(app))
        await pilot.press("enter")
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.topic is not None
                         and reader.topic.id == "saddle-points")
        assert reader.topic is not None and reader.topic.id == "saddle-points"


def highlighted_command(app: WorkbenchApp) -> str:
    """The palette's highlighted command ('' while it has none)."""
    commands = app.screen.query(CommandList)
    if not commands or commands.first().highlighted_option is None:
        return ""
    prompt = commands.first().highlighted_option.prompt
    return prompt.plain if isinstance(prompt, Text) else str(prompt)


async def test_last_topic_is_restored_on_next_start() -> None:
    app = make_app(restore=load_ui_state())
    async with app.run_test(size=(140, 40)) as pilot:
        await open_and_wait(pilot, app, "l1-vs-l2")
    assert load_ui_state().topic_id == "l1-vs-l2"
    again = make_app(restore=load_ui_state())
    async with again.run_test(size=(140, 40)) as pilot:
        reader = again.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.topic is not None)
        assert reader.topic is not None and reader.topic.id == "l1-vs-l2"


async def test_ctrl_b_toggles_tree_and_narrow_starts_hidden() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(TopicTree)
        left = app.screen.query_one("#left")
        assert not left.display
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert left.display and tree.has_focus
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not left.display


async def test_keys_go_to_what_is_on_screen_at_start_and_after_a_resize() -> None:
    """A narrow start focuses the reader (the tree is hidden), and a real resize still lays
    the screen out (the main screen drops only repeats of the size it has)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.screen.query_one(Reader)
        left = app.screen.query_one("#left")
        await wait_until(pilot, lambda: reader.topic is not None)
        assert not left.display and app.focused is reader
        await pilot.resize_terminal(140, 40)
        await wait_until(pilot, lambda: bool(left.display) and left.size.width > 0)
        assert app.screen.size == (140, 40)
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: not left.display)
        assert app.focused is reader and app.screen.size == (80, 24)


async def test_markup_and_control_characters_in_notes_are_inert(tmp_path: Path) -> None:
    folder = tmp_path / "01-mine"
    folder.mkdir()
    (folder / "01-x.md").write_text(
        '+++\nid = "x"\ntitle = "[red]Red[/red] \x1b[31mesc"\ndifficulty = "E"\n+++\n\n'
        "## [E] Is [bold]this[/bold] bold?\x07 {#q}\n\nNo [link=http://x]link[/link].\n",
        "utf-8",
    )
    app = make_app(tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        reader = await open_and_wait(pilot, app, "x/q")
        tree = app.screen.query_one(TopicTree)
        node = tree.cursor_node
        assert node is not None
        assert str(node.label).endswith("Is [bold]this[/bold] bold?")
        rendered = reader.part_text("title")
        assert "[red]Red[/red]" in rendered and "\x1b" not in rendered


async def test_tiny_terminal_and_broken_notes_do_not_crash(tmp_path: Path) -> None:
    (tmp_path / "01-bad").mkdir()
    (tmp_path / "01-bad" / "01-broken.md").write_bytes(b"+++\nid = \n+++\n\xff\xfe")
    app = make_app(tmp_path)
    async with app.run_test(size=(30, 8)) as pilot:
        await pilot.pause()
        await pilot.press("j", "n", "ctrl+b", "question_mark", "escape")
        await pilot.pause()
        assert app.is_running
        assert any("01-broken.md" in str(p) for p in app.library.problems)


def test_tree_builds_questions_when_needed_and_finds_every_node() -> None:
    library = load_library(default_roots())
    tree = TopicTree(library)
    nodes = list(_walk(tree.root))
    assert sum(isinstance(n.data, Topic) for n in nodes) == 20
    assert not any(isinstance(n.data, Question) for n in nodes)  # built when a topic opens
    for question in library.questions():
        node = tree.node_for(question.id)
        assert node is not None and node.data is question
    assert sum(isinstance(n.data, Question) for n in _walk(tree.root)) == 28


def test_a_big_library_builds_only_the_chapters_at_start(tmp_path: Path) -> None:
    for c in range(3):
        folder = tmp_path / f"0{c}-big{c}"
        folder.mkdir()
        for t in range(40):
            (folder / f"{t:02d}.md").write_text(
                f'+++\nid = "b{c}-{t}"\ntitle = "B {t}"\ndifficulty = "E"\n+++\n\n'
                "## [E] Q? {#q}\n\nA.\n", "utf-8")
    library = load_library([tmp_path])
    tree = TopicTree(library)
    assert [type(n.data) for n in _walk(tree.root)] == [Chapter] * 3
    node = tree.node_for("b2-39/q")
    assert node is not None and node.data is library.question("b2-39/q")
    assert sum(isinstance(n.data, Topic) for n in _walk(tree.root)) == 40


def _walk(node):  # type: ignore[no-untyped-def]
    for child in node.children:
        yield child
        yield from _walk(child)


async def test_m_maximises_the_reader_and_restores() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        reader = await open_and_wait(pilot, app, "erm")
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.maximized is reader
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.maximized is None


@pytest.mark.parametrize("size", [(120, 36), (200, 60)])
async def test_maximised_reader_fits_the_screen_with_its_right_border(
        size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        reader = await open_and_wait(pilot, app, "erm")
        await pilot.press("m")
        await wait_until(pilot, lambda: app.screen.maximized is reader)
        await pilot.pause()
        screen = app.screen.region
        assert screen.contains_region(reader.region)
        assert reader.region.width >= size[0] - 2  # the screen's width, not a third of it
        right = reader.region.right - 1
        widget, _ = app.screen.get_widget_at(right, reader.region.y + 1)
        assert widget is reader and reader.styles.border_right[0] != ""
        assert reader.scrollable_content_region.right < reader.region.right


async def test_titles_cut_by_the_tree_width_end_with_an_ellipsis() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_and_wait(pilot, app, "erm")
        await pilot.press("ctrl+b")
        tree = app.screen.query_one(TopicTree)
        await wait_until(pilot, lambda: tree.display and tree.size.width > 0)
        await pilot.pause()
        cut = 0
        top = tree.scroll_offset.y
        for y in range(min(tree.size.height, tree.last_line + 1 - top)):
            line = tree.render_line(y).text.rstrip()
            node = tree.get_node_at_line(top + y)
            assert node is not None
            if line.endswith("…"):
                cut += 1
            else:
                assert node.label.plain in line, f"{line!r} cut without an ellipsis"
        assert cut >= 1  # at 80 columns some titles do not fit


async def test_short_terminal_gives_the_demo_height_to_the_reader() -> None:
    app = make_app()
    async with app.run_test(size=(60, 14)) as pilot:
        reader = await open_and_wait(pilot, app, "erm")
        assert not app.screen.query_one("#side").display
        assert reader.size.height >= 5


async def test_progress_marks_arriving_while_the_screen_closes_are_dropped() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.query(TopicTree))
        await screen.query_one(TopicTree).remove()
        await pilot.pause()
        screen._show_progress({}, set(), {})  # what a late store worker delivers
        assert app.is_running


async def test_tab_cycles_search_tree_reader_demo_as_the_readme_says() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        reader = await open_and_wait(pilot, app, "erm")
        order = []
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            while focused is not None and focused.id not in {"search", "tree", "reader", "side"}:
                focused = focused.parent  # type: ignore[assignment]
            order.append(focused.id if focused else None)
        assert order[order.index("tree"):] + order[:order.index("tree")] == \
            ["tree", "reader", "side", "search"]
        reader.focus()
        await pilot.pause()
        before = reader.scroll_y
        await pilot.press("j", "j", "j")
        await wait_until(pilot, lambda: reader.scroll_y > before)
        assert reader.scroll_y > before


def test_study_marks_for_a_reader_not_laid_out_are_kept_for_its_first_page() -> None:
    library = load_library(default_roots())
    question = next(library.questions())
    reader = Reader()  # not mounted: as while the screen is being built or torn down
    reader.set_study_marks({question.id}, {question.id: "a note"})
    assert reader.bookmarks == {question.id} and reader.notes == {question.id: "a note"}
    assert reader.parts == []


def link_cell(app: WorkbenchApp, reader: Reader, target: str) -> tuple[int, int] | None:
    """A screen cell of the reader whose text links to `target`, if one is drawn."""
    region = reader.region
    for y in range(region.y, region.bottom):
        for x in range(region.x, region.right):
            if app.screen.get_style_at(x, y).link == target:
                return x, y
    return None


async def test_a_click_on_a_web_link_opens_it_and_a_local_one_stays_shut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "01-mine"
    folder.mkdir()
    (folder / "01-links.md").write_text(
        '+++\nid = "links"\ntitle = "Links"\ndifficulty = "E"\n+++\n\n'
        "## [E] Where to read more? {#where}\n\n"
        "Read [the paper](https://example.org/paper) or [my copy](../papers/copy.pdf).\n",
        "utf-8",
    )
    app = make_app(tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    told = recording(app)
    async with app.run_test(size=(140, 40)) as pilot:
        reader = await open_and_wait(pilot, app, "links/where")
        await wait_until(pilot, lambda: link_cell(app, reader, "https://example.org/paper"))
        assert "the paper (https://example.org/paper)" in reader.part_text("answer", 0)
        web = link_cell(app, reader, "https://example.org/paper")
        local = link_cell(app, reader, "../papers/copy.pdf")
        assert web is not None and local is not None
        await pilot.click(offset=web)
        await pilot.click(offset=local)
        await wait_until(pilot, lambda: len(told) >= 2)
        assert opened == ["https://example.org/paper"]
        assert told[-1] == "../papers/copy.pdf is not a web link; it is not opened from notes"
