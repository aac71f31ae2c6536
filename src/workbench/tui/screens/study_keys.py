"""Study keys of the main screen (review, next due, bookmark, note, stats) and its progress marks.

`MainScreen` derives from `StudyKeysScreen`, so this file holds everything study mode adds
to the main screen and the main screen itself stays about reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.reactive import Reactive
from textual.screen import Screen

from workbench.content import Chapter, Library, Question, Topic
from workbench.study.errors import StoreError
from workbench.study.states import DUE
from workbench.tui.host import workbench
from workbench.tui.study_access import BUSY_MESSAGE, StudyAccess, StudyUnavailable, store_call
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.topic_tree import TopicTree

if TYPE_CHECKING:  # the store, FSRS and the queues load when first used, not at start-up
    from workbench.study import QueueFilter, Stats, Store

POLL_S = 2.0
"""How often the main screen checks whether another window changed the progress store."""


class StudyKeysScreen(Screen[None]):
    """Base of the main screen: study keys, tree/reader progress marks and the due count."""

    BINDINGS = [
        Binding("s", "study", "Study", id="study.review",
                tooltip="review everything due, then new questions"),
        Binding("D", "next_due", "Next due", show=False, id="study.next-due",
                tooltip="jump to the next due question"),
        Binding("b", "bookmark", "Bookmark", show=False, id="study.bookmark",
                tooltip="bookmark / un-bookmark the question in the reader"),
        Binding("e", "edit_note", "Note", show=False, id="study.note",
                tooltip="write a personal note on the question in the reader"),
        Binding("S", "stats", "Stats", show=False, id="study.stats",
                tooltip="statistics: reviews, retention, forecast, coverage"),
        Binding("P", "predict", "Predict", id="demo.predict",
                tooltip="predict what a change will do to the demo, then watch it happen"),
    ]

    sub_title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)
    """The place in the header: it changes on every tree key, and the title bar redraws
    itself (Screen's own sub_title repaints the whole screen on each change)."""

    library: Library
    _place = ""
    _place_stale = False
    _due = 0
    _data_version: int | None = None
    _watching = False
    _prediction_uid: str | None = None
    """The review that recorded the prediction answered last (an override replaces it)."""
    _prediction_override: DemoPane.Answered | None = None
    """A grade changed before the first one was saved: applied once it is."""

    # -- store access -----------------------------------------------------------------------

    @property
    def study(self) -> StudyAccess:
        """The app's progress store holder."""
        return workbench(self).study

    def _store(self) -> Store | None:
        """The store, or None after telling the user why study keys do nothing."""
        try:
            return self.study.require()
        except StudyUnavailable as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None

    # -- progress marks and header ------------------------------------------------------------

    def show_place(self, place: str, *, soon: bool = False) -> None:
        """Set the header subtitle to `place` plus "· N due" when anything is due.

        `soon`: the subtitle changes now, the header is redrawn by `redraw_place` (once the
        tree cursor rests: a tree key then repaints the tree and reader alone, not a frame
        that spans the header too).
        """
        self._place = place
        text = f"{place} · {self._due} due" if self._due else place
        if soon:
            self.set_reactive(StudyKeysScreen.sub_title, text)
            self._place_stale = True
        elif self._place_stale and self.sub_title == text:
            self.redraw_place()
        else:
            self._place_stale = False
            self.sub_title = text

    def redraw_place(self) -> None:
        """Redraw the header with the place `show_place(..., soon=True)` set."""
        if self._place_stale:
            self._place_stale = False
            self.mutate_reactive(StudyKeysScreen.sub_title)

    def refresh_progress(self) -> None:
        """Re-read states, bookmarks and notes into the tree, reader and header (in a worker)."""
        store = self.study.store
        if store is None:
            return

        def read() -> tuple[Mapping[str, str], set[str], dict[str, str]]:
            from workbench.study import tree_counts

            return tree_counts(store, self.library), store.bookmarked_ids(), store.notes()

        store_call(self, read, lambda marks: self._show_progress(*marks),
                   failed=self._progress_failed, group="progress", exclusive=True)

    def _progress_failed(self, exc: StoreError) -> None:
        self.notify(f"Progress not shown: {exc}", severity="error", markup=False)

    def _show_progress(self, states: Mapping[str, str], bookmarks: set[str],
                       notes: dict[str, str]) -> None:
        trees = self.query(TopicTree)
        if not trees:  # the marks arrived while the app was closing the screen
            return
        trees.first().show_progress(states, bookmarks)
        self.query_one(Reader).set_study_marks(bookmarks, notes)
        self._due = sum(1 for state in states.values() if state == DUE)
        self.show_place(self._place, soon=self._place_stale)  # a moving cursor: at rest

    def on_screen_resume(self) -> None:
        """Back from a review, note or stats screen (or first shown): marks may have changed."""
        self.refresh_progress()
        if not self._watching:
            self._watching = True
            self.set_interval(POLL_S, self._poll_store)

    def _poll_store(self) -> None:
        """While shown, follow grades and bookmarks made in another window (cheap check)."""
        store = self.study.store
        if store is None or self.app.screen is not self:
            return
        store_call(self, store.data_version, self._version_seen, failed=lambda exc: None,
                   group="poll", exclusive=True)

    def store_opened(self, access: StudyAccess) -> None:
        """The store opened in the background: show the marks and index the notes that
        waited for it (and say study mode is on when another window held it up)."""
        if access.waited:
            self.notify("Progress database is free again: study mode is on.", title="Progress")
        self.refresh_progress()
        reindex = getattr(self, "reindex_notes", None)  # the main screen indexes notes
        if callable(reindex):
            reindex()

    def _version_seen(self, version: int) -> None:
        if self._data_version is not None and version != self._data_version:
            self.refresh_progress()
        self._data_version = version

    # -- review -------------------------------------------------------------------------------

    def start_review(self, queue: QueueFilter) -> None:
        """Open the review screen on `queue`."""
        store = self._store()
        if store is None:
            return
        from workbench.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(store, self.library, queue))

    def action_study(self) -> None:
        """Review everything due, then new questions."""
        from workbench.study import QueueFilter

        self.start_review(QueueFilter())

    def action_study_chapter(self) -> None:
        """Review only the chapter under the tree cursor (or the open topic's chapter)."""
        chapter = self._chapter_here()
        if chapter is None:
            self.notify("Open a topic first.")
            return
        from workbench.study import QueueFilter

        self.start_review(QueueFilter(chapter=chapter.id))

    def action_study_bookmarked(self) -> None:
        """Review only bookmarked questions."""
        from workbench.study import QueueFilter

        self.start_review(QueueFilter(bookmarked=True))

    def _chapter_here(self) -> Chapter | None:
        node = self.query_one(TopicTree).cursor_node
        data = node.data if node is not None else None
        if isinstance(data, Chapter):
            return data
        topic_id = data.topic_id if isinstance(data, Question) else (
            data.id if isinstance(data, Topic) else None)
        reader_topic = self.query_one(Reader).topic
        if topic_id is None and reader_topic is not None:
            topic_id = reader_topic.id
        topic = self.library.topic(topic_id) if topic_id else None
        return self.library.chapter(topic.chapter_id) if topic else None

    # -- reader keys --------------------------------------------------------------------------

    def action_next_due(self) -> None:
        """Jump to the next due question after the one in the reader."""
        store = self._store()
        if store is None:
            return
        current = self.query_one(Reader).question
        from workbench.study import next_due

        store_call(self, lambda: next_due(store, self.library, current.id if current else None),
                   self._go_to_due, failed=self._failed)

    def _failed(self, exc: StoreError) -> None:
        self.notify(str(exc), severity="error", markup=False)

    def _go_to_due(self, target: str | None) -> None:
        if target is None:
            self.notify("Nothing is due right now.")
            return
        self.query_one(TopicTree).select_id(target)

    def action_bookmark(self) -> None:
        """Bookmark or un-bookmark the question in the reader."""
        store = self._store()
        question = self.query_one(Reader).question
        if store is None or question is None:
            return
        marked = question.id not in self.query_one(Reader).bookmarks

        def saved(_: None) -> None:
            self.refresh_progress()
            verb = "Bookmarked" if marked else "Bookmark removed"
            self.notify(f"{verb}: {question.title}", markup=False)

        def waiting(exc: StoreError) -> None:
            self.notify(f"{BUSY_MESSAGE} — the bookmark will be saved when it is free.",
                        severity="warning", markup=False)

        store_call(self, lambda: store.set_bookmark(question.id, marked), saved,
                   failed=self._failed, waiting=waiting, group="bookmark")

    def action_edit_note(self) -> None:
        """Write a personal note on the question in the reader."""
        store = self._store()
        question = self.query_one(Reader).question
        if store is None or question is None:
            return
        from workbench.tui.screens.note_editor import NoteEditor

        self.app.push_screen(NoteEditor(store, question))

    def action_stats(self) -> None:
        """Open the statistics screen."""
        store = self._store()
        if store is None:
            return
        from workbench.study import compute_stats

        store_call(self, lambda: compute_stats(store, self.library), self._show_stats,
                   failed=self._failed, group="stats", exclusive=True)

    def _show_stats(self, stats: Stats) -> None:
        from workbench.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(stats))

    # -- predictions --------------------------------------------------------------------------

    def action_predict(self) -> None:
        """Predict what a change will do to the open topic's demo, then watch it."""
        pane = self.query_one(DemoPane)
        if not pane.display or not pane.region.height:
            self.notify("The demo pane is hidden at this terminal size.", markup=False)
            return
        pane.start_prediction()

    def on_demo_pane_answered(self, message: DemoPane.Answered) -> None:
        """Record a prediction's answer as a review of its card: right = good, wrong = again
        (or the grade the learner chose afterwards, replacing that review)."""
        store = self.study.store
        pane = message.pane
        if store is None:
            pane.prediction_recorded(None, "study mode is off")
            return
        if not message.override:
            self._prediction_uid, self._prediction_override = None, None
        elif self._prediction_uid is None:
            self._prediction_override = message  # the first grade is still being saved
            return
        replaced = self._prediction_uid if message.override else None
        card_id, rating = message.outcome.prediction.card_id, message.rating

        from workbench.study.prediction_cards import record_answer

        def job() -> str:
            if replaced is not None:
                store.undo(replaced)
            return record_answer(store, card_id, rating).uid

        def saved(uid: str) -> None:
            self._prediction_uid = uid
            pane.prediction_recorded(rating)
            later, self._prediction_override = self._prediction_override, None
            if later is not None:
                self.on_demo_pane_answered(later)
            else:
                self.refresh_progress()

        store_call(self, job, saved, group="prediction",
                   failed=lambda exc: pane.prediction_recorded(None, str(exc)),
                   waiting=lambda exc: pane.prediction_recorded(None, BUSY_MESSAGE))
