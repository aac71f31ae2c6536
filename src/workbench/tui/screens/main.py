"""The main screen: search box and topic tree, reading pane, and the topic's live demo."""

from __future__ import annotations

from contextlib import suppress
from itertools import chain
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Footer, Input, Static, Tree

from workbench.content import Chapter, Library, Question, Topic
from workbench.study.errors import INTERACTIVE_BUDGET_S, StoreError
from workbench.tui.demo_snapshot import load_snapshot, save_snapshot
from workbench.tui.host import workbench
from workbench.tui.reader_snapshot import load_snapshot as load_reader_snapshot
from workbench.tui.reader_snapshot import save_snapshot as save_reader_snapshot
from workbench.tui.screens.study_keys import StudyKeysScreen
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.keys_footer import KeysFooter
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.tui.widgets.title_bar import TitleBar
from workbench.tui.widgets.topic_tree import NodeData, TopicTree
from workbench.ui_state import UiState, save_ui_state

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from textual.timer import Timer

    from workbench.search.index import SearchIndex

SAVE_DELAY = 1.0
"""Seconds the reader must rest on a topic before it is saved as the place to restore."""
REST = 0.2
"""Seconds the tree cursor must rest before the side pane starts the topic's demo and the
header shows the place: a key repaints the tree and the reader first, and holding `j` starts
no demo on the topics it passes."""


class MainScreen(StudyKeysScreen):
    """Tree on the left, reader in the middle, the topic's live demo on the right.

    Below 120 columns the side pane moves under the reader; below 100 the tree starts
    hidden (`ctrl+b` shows it) so the reader keeps its width.
    """

    AUTO_FOCUS = "#tree, #reader"
    """The tree has the keys from the first frame (Textual would focus the search box, and
    moving the focus after it restyled both and built the footer's keys twice)."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (120, "-wide"), (170, "-xwide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    """Under 20 rows the demo pane gives its height to the reader."""
    BINDINGS = [
        Binding("slash", "search", "Search", id="main.search",
                tooltip="focus the search box; results replace the tree as you type"),
        Binding("ctrl+b", "toggle_tree", "Tree", show=False, id="main.toggle-tree",
                tooltip="show or hide the topic tree"),
        Binding("m", "toggle_maximize", "Max reader", show=False, id="main.maximize",
                tooltip="maximise the reader (again to restore)"),
        Binding("n", "next_question", "Next Q", id="main.next-question",
                tooltip="next question (crosses into the next topic)"),
        Binding("p", "previous_question", "Prev Q", show=False, id="main.previous-question",
                tooltip="previous question"),
        Binding("g", "app.gallery", "Gallery", id="main.gallery",
                tooltip="demo gallery: every live demo, one after another"),
    ]

    def __init__(self, library: Library, restore: UiState, autoplay: bool = True) -> None:
        super().__init__()
        self.library = library
        self.autoplay = autoplay
        self._restore = restore
        self._tree_choice: bool | None = None
        """The user's ctrl+b choice; until they make one, the width decides."""
        self._sized_for: Size | None = None
        """The screen size last laid out for (a Resize to the same size is a repeat)."""
        self._last_place: UiState | None = None
        self._save_timer: Timer | None = None
        self._index_started = False
        self._pending: NodeData | None = None
        """The tree node to open once the keys already queued are handled (coalescing)."""
        self._follow_scheduled = False
        self._demo_topic: Topic | None = None
        """The topic whose demo the side pane should run (started once the reader rests)."""
        self._rest_timer: Timer | None = None
        self._pane = DemoPane(autoplay=autoplay, predict=True, deferred=True, id="side")
        """The side pane (kept: its first frame is saved once it is unmounted), populated
        after the first paint."""
        self._reader = Reader(id="reader")
        """The reader (kept: its lines are saved once it is unmounted)."""
        self._ahead: Iterator[None] | None = None
        """The topics being rendered ahead, a part per step (None: none)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield SearchPanel(id="search")
                yield TopicTree(self.library, id="tree",
                                on_cursor=self._cursor_on).add_class("pane", update=False)
            with Container(id="work"):
                yield self._reader.add_class("pane", update=False)
                yield self._pane.add_class("pane", update=False)
        if self.library.problems:
            yield self._problems_line()
        yield KeysFooter()

    def _problems_line(self) -> Static:
        count = len(self.library.problems)
        return Static(Text(f"{count} notes problem(s): run `workbench check`"), id="problems")

    async def on_mount(self) -> None:
        self._fit(self.app.size)
        target = self._restore.question_id or self._restore.topic_id
        if target is None or (self.library.question(target) is None
                              and self.library.topic(target) is None):
            first = next(self.library.questions(), None)
            target = first.id if first else None
        tree = self.query_one(TopicTree)
        # Keys go to what is on screen: the reader when the tree is hidden (narrow).
        (tree if self.query_one("#left").display else self._reader).focus()
        if target:
            question = self.library.question(target)
            topic = self.library.topic(question.topic_id if question else target)
            snapshot = load_reader_snapshot(topic.id) if topic is not None else None
            if snapshot is not None:  # the first paint draws them, if they still fit
                self._reader.prime(snapshot)
            tree.select_id(target)
            self._open_data(question or topic)
            self._show_saved_first_frame()
            if self._rest_timer is not None:  # no cursor is moving yet: nothing to wait for
                self._rest_timer.stop()
                self._rest_timer = None
                self.query_one(Reader).call_after_paint(self._first_paint)
        else:
            self.call_after_refresh(self._start_index)

    def _show_saved_first_frame(self) -> None:
        """The restored topic's demo as it first looked last time, until it runs."""
        topic = self.query_one(Reader).topic
        if topic is not None and topic.demo:
            snapshot = load_snapshot(topic.demo, self.app.theme)
            if snapshot is not None:
                self._pane.show_snapshot(snapshot)

    def _start_index(self) -> None:
        """Open the search index and start following the notes folders once the restored
        topic is on screen (not before: their threads would compete with the first paint
        for the interpreter)."""
        if not self._index_started:
            self._pane.populate()
            app = workbench(self)
            app.first_screen_shown()
            if app.notes_reloader is not None and app.notes_reloader.partial:
                return  # indexed once the whole library is in (`swap_library`)
            panels = self.query(SearchPanel)
            if panels:  # none: the app is closing
                self._index_started = True
                self._open_search_index(self.library, panels.first())

    # -- search ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _open_search_index(self, library: Library, panel: SearchPanel) -> None:
        """Open (and bring up to date) the index after the first paint, off the UI thread,
        with the learner's notes read here too (no database work on the UI thread).

        The index heals itself; should it still fail, search is off and the app goes on.
        The app may close while this runs: what the thread hands back then is dropped.
        """
        from workbench.search.index import SearchIndex  # whoosh loads off the UI thread

        workbench(self).study.wait_opened(INTERACTIVE_BUDGET_S)  # its notes are indexed too
        notes = self._read_notes()
        self.app.call_from_thread(self._set_search_notes, notes or {})
        try:
            index = SearchIndex.open(
                library, notes or {},
                progress=lambda done, total: self._tell_search(panel.show_indexing,
                                                               (done, total)),
                searchable=lambda partial: self._tell_search(panel.set_index, partial, False))
        except Exception as exc:  # never let search take the reader down
            self.app.call_from_thread(self._search_unavailable, exc)
        else:
            self.app.call_from_thread(self._index_ready, index, library)

    class _SearchNews(Message):
        """News from the index thread for the search panel, delivered on the UI thread."""

        def __init__(self, callback: Callable[..., object], args: tuple[object, ...]) -> None:
            super().__init__()
            self.callback, self.args = callback, args

    def _tell_search(self, callback: Callable[..., object], *args: object) -> None:
        """Run `callback` on the UI thread for the index thread, without waiting for it:
        the index calls this while holding its lock, and a UI thread that waits for that
        lock (a search) must never be what the index thread waits for. Dropped when the
        screen is gone (the build goes on and is kept for the next start)."""
        self.post_message(self._SearchNews(callback, args))

    @on(_SearchNews)
    def _deliver_search_news(self, news: _SearchNews) -> None:
        news.callback(*news.args)

    def _search_unavailable(self, exc: Exception) -> None:
        with suppress(NoMatches):  # the app is closing
            self.query_one(SearchPanel).disable(f"search is unavailable: {exc}")
        self.notify(f"Search is unavailable: {exc}", title="Search", severity="error",
                    markup=False)

    def _read_notes(self) -> dict[str, str] | None:
        """Worker: the learner's personal notes, searched with the answers ({} without a
        store; None when the store cannot be read now)."""
        store = workbench(self).study.store
        try:
            return dict(store.notes()) if store is not None else {}
        except StoreError:
            return None

    def reindex_notes(self) -> None:
        """A note changed: update its question in the index (only that topic is rewritten);
        while the index still opens, only the notes shown in results are read again."""
        index = self.query_one(SearchPanel).index
        if index is not None:
            self._update_index(index)
        else:
            self._refresh_notes()

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _update_index(self, index: SearchIndex) -> None:
        """Worker: read the notes again and re-index what changed."""
        notes = self._refresh_notes_now()
        if notes is not None:
            index.update(self.library, notes)

    @work(thread=True, exclusive=True, group="notes-read", exit_on_error=False)
    def _refresh_notes(self) -> None:
        self._refresh_notes_now()

    def _refresh_notes_now(self) -> dict[str, str] | None:
        """Worker: the notes read again, given to the search panel too; None when they
        cannot be read now (what is indexed and shown stays)."""
        notes = self._read_notes()
        if notes is not None:
            self.app.call_from_thread(self._set_search_notes, notes)
        return notes

    def _set_search_notes(self, notes: dict[str, str]) -> None:
        with suppress(NoMatches):  # the app is closing
            self.query_one(SearchPanel).notes = notes

    def _index_ready(self, index: SearchIndex, library: Library) -> None:
        """The index thread is done (it may finish while the app is closing: the screen's
        widgets are then going, and nothing is shown)."""
        try:
            self.query_one(SearchPanel).set_index(index)
        except NoMatches:
            return
        if library is not self.library:  # notes reloaded while the index opened
            self._update_index(index)
        if index.notice:
            self.notify(index.notice, title="Search", severity="warning", markup=False)

    def action_search(self) -> None:
        """Focus the search box (showing the left column if it was hidden)."""
        left = self.query_one("#left")
        left.display = True
        panel = self.query_one(SearchPanel)
        left.set_class(panel.active, "-searching")
        panel.focus_box()

    @on(SearchPanel.Opened)
    def _open_result(self, event: SearchPanel.Opened) -> None:
        question = self.library.question(event.question_id)
        topic = self.library.topic(question.topic_id) if question else None
        if question is None or topic is None:
            return
        # The result is being read: the reader gets its width back (`/` or typing widens
        # the results again).
        self.query_one("#left").remove_class("-searching")
        reader = self.query_one(Reader)
        reader.set_highlight(event.results.matches_word)
        self.open_topic(topic, question.id)
        reader.scroll_to_match()

    @on(SearchPanel.Cleared)
    def _search_cleared(self, event: SearchPanel.Cleared) -> None:
        """Back to the tree; the reader keeps its highlights until the next search opens."""
        reader = self.query_one(Reader)
        if not event.leave:
            return
        tree = self.query_one(TopicTree)
        if reader.question is not None:
            tree.select_id(reader.question.id)
        tree.focus()

    @on(Input.Changed, "#search-input")
    def _searching(self, event: Input.Changed) -> None:
        searching = bool(event.value.strip())
        self.query_one(TopicTree).display = not searching
        self.query_one("#left").set_class(searching, "-searching")

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self._sized_for:
            # Textual sends the first size up to three more times after the first paint;
            # each would lay out and draw the whole screen again, for nothing (the plot's
            # frame waited ~30 ms for them). A new size still does, and a return from
            # suspension lays out anew by itself.
            event.prevent_default()
            return
        self._sized_for = event.size
        if self._tree_choice is None:
            self._show_tree(event.size.width >= 100)

    def _fit(self, size: Size) -> None:
        """Take the breakpoint classes and the tree's place for `size` before the first
        layout. Textual sets them on the first resize, after laying out without them, so
        the first frames would be laid out and styled twice over (an eighth of start-up)."""
        self._sized_for = size
        classes: dict[str, bool] = {}
        for breakpoints, length in ((self.HORIZONTAL_BREAKPOINTS, size.width),
                                    (self.VERTICAL_BREAKPOINTS, size.height)):
            fitting = [name for least, name in sorted(breakpoints or []) if length >= least]
            classes |= {name: name == fitting[-1] if fitting else False
                        for _, name in breakpoints or []}
        self.update_classes(classes, update=False)  # styled with the first frame
        if self._tree_choice is None:
            self.query_one("#left").display = size.width >= 100

    # -- following the tree -------------------------------------------------

    def _cursor_on(self, data: NodeData) -> None:
        """The tree's cursor landed on `data`. The reader follows at once when that costs no
        rendering (its topic is open or rendered ahead): the tree and the reader then change
        in the same frame. Otherwise after the keys already queued: holding `j` renders only
        the topic the cursor stops on, not every topic it passes."""
        self._pending = data
        if self._opens_at_once(data):
            self._follow_pending()
        elif not self._follow_scheduled:
            self._follow_scheduled = True
            self.call_later(self._follow_pending)

    def _opens_at_once(self, data: NodeData) -> bool:
        topic = self.library.topic(data.topic_id) if isinstance(data, Question) else data
        if not isinstance(topic, Topic):
            return True  # a chapter opens nothing
        return self.query_one(Reader).has_rendered(topic)

    def _follow_pending(self) -> None:
        self._follow_scheduled = False
        data, self._pending = self._pending, None
        if data is not None:
            self._open_data(data)

    @on(Tree.NodeSelected, "#tree")
    def _open_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        if isinstance(event.node.data, Question):
            self._open_data(event.node.data)
            self.query_one(Reader).focus()

    def _open_data(self, data: NodeData | None) -> None:
        if isinstance(data, Question):
            topic = self.library.topic(data.topic_id)
            if topic is not None:
                self.open_topic(topic, data.id)
        elif isinstance(data, Topic):
            self.open_topic(data, None)
        elif isinstance(data, Chapter):
            self.show_place(data.title, soon=True)
            self._rest()

    def open_topic(self, topic: Topic, question_id: str | None) -> None:
        """Show `topic` in the reader and side pane, and remember it for the next start."""
        reader = self.query_one(Reader)
        changed = reader.topic is not topic
        reader.show_topic(topic, question_id)
        if changed:
            self._demo_topic = topic
        chapter = self.library.chapter(topic.chapter_id)
        position = f"{reader.index + 1}/{len(topic.questions)}"
        self.show_place(f"{chapter.title if chapter else ''} › {topic.title} · {position}",
                        soon=True)
        self._rest()
        current = reader.question
        self._last_place = UiState(topic.id, current.id if current and question_id else None)
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_last_place)

    @property
    def demo_pending(self) -> bool:
        """Whether the side pane has yet to follow the reader to its topic (or is still
        importing what its first demo needs)."""
        return self._demo_topic is not None or self._pane.importing

    def _rest(self) -> None:
        """(Re)start the wait for the cursor to rest (rendering ahead stops meanwhile)."""
        self._ahead = None
        if self._rest_timer is not None:
            self._rest_timer.stop()
        self._rest_timer = self.set_timer(REST, self._rested)

    def _rested(self) -> None:
        self._rest_timer = None
        self.redraw_place()
        self.call_after_refresh(self._show_demo)

    def _first_paint(self) -> None:
        """The restored topic is on screen: the side pane fills in (with the demo's saved
        first frame, if any), and once that is drawn the progress store opens and the demo
        starts (their threads would slow that frame)."""
        self._pane.populate()
        self.call_after_refresh(self._pane_filled, self._rest_timer is None)

    def _pane_filled(self, resting: bool) -> None:
        workbench(self).open_progress()
        if resting:  # no key had moved the cursor at the first paint
            if self._rest_timer is not None:  # the tree announced its place again since
                self._rest_timer.stop()
                self._rest_timer = None
            self.redraw_place()
            self._show_demo()

    def _show_demo(self) -> None:
        """Run the open topic's demo once the reader has rested and painted, then open the
        index and render ahead (once the first demo's modules are in: those threads would
        slow its import)."""
        pane = self.query_one(DemoPane)
        topic, self._demo_topic = self._demo_topic, None
        if topic is not None and self.query_one(Reader).topic is topic:
            pane.show_topic(topic.demo, topic.title, topic.summary)
        if not pane.importing:
            self._after_demo()

    def on_demo_pane_imported(self) -> None:
        self._after_demo()

    def _after_demo(self) -> None:
        if not self._index_started:
            self.call_after_refresh(self._start_index)
        self.call_after_refresh(self._render_ahead)

    def _render_ahead(self) -> None:
        """While the learner reads, render the topics before and after the open one (`j`,
        `k`, `n` and `p` go there next), a part per callback so a key is not kept waiting."""
        topic = self.query_one(Reader).topic
        if topic is None or self._rest_timer is not None:
            return
        topics, at = self._topics_around(topic)
        if at is None:
            return
        reader = self.query_one(Reader)
        steps = chain.from_iterable(reader.render_ahead(topics[i]) for i in (at + 1, at - 1)
                                    if 0 <= i < len(topics))
        self._ahead = steps
        self.call_later(self._step_ahead, steps)

    def _topics_around(self, topic: Topic) -> tuple[list[Topic], int | None]:
        """Every topic in tree order, and where `topic` is among them (None: gone)."""
        topics = list(self.library.topics())
        return topics, next((i for i, t in enumerate(topics) if t.id == topic.id), None)

    def _step_ahead(self, steps: Iterator[None]) -> None:
        if steps is self._ahead and next(steps, False) is not False:
            self.call_later(self._step_ahead, steps)

    def _save_last_place(self) -> None:
        """Remember where the learner is, once the cursor has rested (not on every key)."""
        self._save_timer = None
        if self._last_place is not None:
            save_ui_state(self._last_place)

    def on_unmount(self) -> None:
        self._save_last_place()
        first_frame = self._pane.first_frame
        if first_frame is not None:  # the next start shows it until the demo runs
            save_snapshot(first_frame)
        lines = self._reader.snapshot()
        if lines is not None:  # the next start draws them without rendering
            save_reader_snapshot(lines)

    async def swap_library(self, library: Library) -> None:
        """Show a reloaded library: the tree keeps its place, the reader is redrawn only if
        its topic changed (or moves to its chapter's first question if it is gone), study
        marks are re-read, and search re-indexes the changed topics in a worker."""
        self.library = library
        self.query_one(TopicTree).set_library(library)
        await self.query("#problems").remove()
        if library.problems:
            await self.mount(self._problems_line(), before=self.query_one(Footer))
        reader = self.query_one(Reader)
        shown, question = reader.topic, reader.question
        topic = library.topic(shown.id) if shown is not None else None
        if shown is not None and topic is None:
            chapter = library.chapter(shown.chapter_id)
            first = next((q for t in chapter.topics for q in t.questions), None) if chapter \
                else next(library.questions(), None)
            if first is not None:
                self.open_node(first.id)
        elif topic is not None and topic is not shown:
            kept = question is not None and library.question(question.id) is not None
            self.open_topic(topic, question.id if kept and question else None)
        self.refresh_progress()
        index = self.query_one(SearchPanel).index
        if index is not None:
            self._update_index(index)
        elif not self._index_started:
            self._start_index()

    def open_node(self, node_id: str) -> None:
        """Jump to a topic or question id (palette, search, restore)."""
        self.query_one(TopicTree).select_id(node_id)

    def on_demo_pane_open_passage(self, message: DemoPane.OpenPassage) -> None:
        """Show the passage that explains a prediction's outcome."""
        self.open_node(message.passage)

    # -- actions -------------------------------------------------------------

    def _step_question(self, delta: int) -> None:
        """The question `delta` away in tree order, looked for in the open topic and then
        in its neighbours (not in a list of every question: a big library has 20,000)."""
        reader = self.query_one(Reader)
        topic, current = reader.topic, reader.question
        if topic is None or current is None:
            return
        ids = topic.question_ids()
        if current.id not in ids:  # its file was removed while it was open
            return
        index = ids.index(current.id) + delta
        target = topic.questions[index] if 0 <= index < len(ids) else \
            self._first_question_beyond(topic, delta)
        if target is not None:
            self.open_node(target.id)
        else:
            self.app.clear_notifications()  # holding `p` at the start must not stack toasts
            self.notify("No more questions that way.", severity="information", timeout=2)

    def _first_question_beyond(self, topic: Topic, delta: int) -> Question | None:
        """The nearest question past `topic` in direction `delta` (topics without questions
        are passed over), or None at the end of the library."""
        topics, at = self._topics_around(topic)
        if at is None:
            return None
        ahead = topics[at + 1:] if delta > 0 else reversed(topics[:at])
        nearest = next((t for t in ahead if t.questions), None)
        if nearest is None:
            return None
        return nearest.questions[0] if delta > 0 else nearest.questions[-1]

    def action_next_question(self) -> None:
        """Next question, into the next topic at the end of this one."""
        self._step_question(+1)

    def action_previous_question(self) -> None:
        """Previous question, into the previous topic at the start of this one."""
        self._step_question(-1)

    def action_toggle_tree(self) -> None:
        """Show or hide the topic tree."""
        self._tree_choice = not self.query_one("#left").display
        self._show_tree(self._tree_choice)

    def _show_tree(self, shown: bool) -> None:
        tree = self.query_one(TopicTree)
        self.query_one("#left").display = shown
        if shown and self.focused is None or shown and self._tree_choice:
            tree.focus()
        elif not shown and self.query_one("#left").has_focus_within:
            self.query_one(Reader).focus()

    def action_toggle_maximize(self) -> None:
        """Give the whole screen to the reader, or restore the panes."""
        if self.maximized is not None:
            self.minimize()
        else:
            reader = self.query_one(Reader)
            reader.focus()  # keys (and `m` again) go to what is on screen
            self.maximize(reader, container=False)
