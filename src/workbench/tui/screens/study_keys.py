"""Study keys of the main screen (review, next due, bookmark, note, stats) and its progress marks.

`MainScreen` derives from `StudyKeysScreen`, so this file holds everything study mode adds
to the main screen and the main screen itself stays about reading.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from workbench.content import Chapter, Library, Question, Topic
from workbench.study import QueueFilter, Store, StoreError, compute_stats, next_due, tree_counts
from workbench.study.session import DUE
from workbench.tui.study_access import StudyAccess, StudyUnavailable
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.topic_tree import TopicTree


class StudyKeysScreen(Screen[None]):
    """Base of the main screen: study keys, tree/reader progress marks and the due count."""

    BINDINGS = [
        Binding("s", "study", "Study"),
        Binding("D", "next_due", "Next due", show=False),
        Binding("b", "bookmark", "Bookmark", show=False),
        Binding("e", "edit_note", "Note", show=False),
        Binding("S", "stats", "Stats", show=False),
    ]

    library: Library
    _place = ""
    _due = 0

    # -- store access -----------------------------------------------------------------------

    @property
    def study(self) -> StudyAccess:
        """The app's progress store holder (none in an app without study mode)."""
        access = getattr(self.app, "study", None)
        if isinstance(access, StudyAccess):
            return access
        return StudyAccess(None, error="this app has no progress store")

    def _store(self) -> Store | None:
        """The store, or None after telling the user why study keys do nothing."""
        try:
            return self.study.require()
        except StudyUnavailable as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None

    # -- progress marks and header ------------------------------------------------------------

    def show_place(self, place: str) -> None:
        """Set the header subtitle to `place` plus "· N due" when anything is due."""
        self._place = place
        self.sub_title = f"{place} · {self._due} due" if self._due else place

    def refresh_progress(self) -> None:
        """Re-read states, bookmarks and notes into the tree, reader and header."""
        store = self.study.store
        if store is None:
            return
        try:
            states = tree_counts(store, self.library)
            bookmarks = store.bookmarked_ids()
            notes = store.notes()
        except StoreError as exc:
            self.notify(f"Progress not shown: {exc}", severity="error", markup=False)
            return
        self.query_one(TopicTree).show_progress(states, bookmarks)
        self.query_one(Reader).set_study_marks(bookmarks, notes)
        self._due = sum(1 for state in states.values() if state == DUE)
        self.show_place(self._place)

    def on_screen_resume(self) -> None:
        """Back from a review, note or stats screen (or first shown): marks may have changed."""
        self.refresh_progress()

    # -- review -------------------------------------------------------------------------------

    def start_review(self, queue: QueueFilter) -> None:
        """Open the review screen on `queue`."""
        store = self._store()
        if store is None:
            return
        try:
            from workbench.tui.screens.review import ReviewScreen

            screen = ReviewScreen(store, self.library, queue)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.app.push_screen(screen)

    def action_study(self) -> None:
        """Review everything due, then new questions."""
        self.start_review(QueueFilter())

    def action_study_chapter(self) -> None:
        """Review only the chapter under the tree cursor (or the open topic's chapter)."""
        chapter = self._chapter_here()
        if chapter is None:
            self.notify("Open a topic first.")
            return
        self.start_review(QueueFilter(chapter=chapter.id))

    def action_study_bookmarked(self) -> None:
        """Review only bookmarked questions."""
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
        try:
            target = next_due(store, self.library, current.id if current else None)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
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
        try:
            store.set_bookmark(question.id, marked)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.refresh_progress()
        verb = "Bookmarked" if marked else "Bookmark removed"
        self.notify(f"{verb}: {question.title}", markup=False)

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
        try:
            stats = compute_stats(store, self.library)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        from workbench.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(stats))
