"""The review screen: one due question at a time, answer hidden until `space`, graded `1`-`4`."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from workbench.content import Library, Question
from workbench.content.model import DIFFICULTY_NAMES
from workbench.mathtext.titles import render_title
from workbench.study import QueueFilter, Store, StoreError, StudySession, format_interval
from workbench.study.clock import from_epoch, to_epoch
from workbench.study.scheduling import RATING_NAMES
from workbench.textsafe import clean_text
from workbench.tui.screens.note_editor import NoteEditor
from workbench.tui.widgets.badges import badge
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.math_markdown import MathMarkdown
from workbench.tui.widgets.progress_marks import bookmark_mark

GRADE_VARIANTS = {1: "error", 2: "warning", 3: "success", 4: "primary"}
"""Button colour of each grade, as Anki colours again/hard/good/easy."""


def describe_filter(queue: QueueFilter, library: Library) -> str:
    """What a queue draws from, for the screen's subtitle."""
    parts = []
    if queue.chapter and (chapter := library.chapter(queue.chapter)):
        parts.append(chapter.title)
    if queue.topic and (topic := library.topic(queue.topic)):
        parts.append(topic.title)
    if queue.bookmarked:
        parts.append("bookmarked")
    return " · ".join(parts) or "all questions"


def next_due_after(store: Store, ids: set[str], now: datetime) -> datetime | None:
    """When the first of `ids` with a card falls due after `now`, or None."""
    moment = to_epoch(now)
    later = [due for qid, (_, due) in store.card_states().items() if qid in ids and due > moment]
    return from_epoch(min(later)) if later else None


class ReviewScreen(Screen[None]):
    """Study a queue: `space` shows the answer (and the topic's demo), `1`-`4` grade, `u` undoes.

    Every grade is committed by the study core before the next question is shown.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("space", "reveal", "Show answer"),
        *[Binding(str(r), f"grade({r})", RATING_NAMES[r].capitalize()) for r in (1, 2, 3, 4)],
        Binding("u", "undo", "Undo"),
        Binding("b", "bookmark", "Bookmark"),
        Binding("e", "edit_note", "Note"),
        Binding("B", "toggle_bookmarked", "Starred only"),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, store: Store, library: Library, queue: QueueFilter | None = None) -> None:
        super().__init__()
        self.store = store
        self.library = library
        self.queue = queue or QueueFilter()
        self.session = StudySession(store, library, self.queue)
        self.revealed = False
        self._demo_topic: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-counts")
        with Horizontal(id="review-body"):
            with VerticalScroll(id="review-card"):
                yield Static(id="review-where")
                yield MathMarkdown("", id="review-stem")
                yield Static(id="review-question")
                yield MathMarkdown("", id="review-answer")
                yield Static(id="review-note", classes="personal-note")
            yield DemoPane(autoplay=bool(getattr(self.app, "autoplay", True)), id="review-demo")
        yield Static(id="review-hint")
        with Horizontal(id="review-grades"):
            for rating in (1, 2, 3, 4):
                button = Button(RATING_NAMES[rating], id=f"grade-{rating}", compact=True,
                                variant=GRADE_VARIANTS[rating])  # type: ignore[arg-type]
                button.can_focus = False
                yield button
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Review"
        self.sub_title = describe_filter(self.queue, self.library)
        self.query_one("#review-card").focus()
        self.show_card()

    # -- showing ----------------------------------------------------------------------------

    def show_card(self) -> None:
        """Show the session's current question with its answer hidden (or the done message)."""
        question = self.session.next_card()
        self.revealed = False
        self.set_class(False, "-revealed")
        self.query_one("#review-answer").display = False
        self.query_one("#review-note").display = False
        self._show_counts()
        if question is None:
            self._show_done()
        else:
            self._show_question(question)
        self.query_one("#review-card", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _show_question(self, question: Question) -> None:
        topic = self.library.topic(question.topic_id)
        chapter = self.library.chapter(topic.chapter_id) if topic else None
        where = Text.assemble(
            (f"{chapter.title} › " if chapter else "", "dim"),
            (render_title(topic.title) if topic else "", "dim"),
            "  ", badge(question.difficulty),
            (f" {DIFFICULTY_NAMES[question.difficulty]}", "dim"),
            bookmark_mark(question.id in self.store.bookmarked_ids()),
        )
        self.query_one("#review-where", Static).update(where)
        stem = self.query_one("#review-stem", MathMarkdown)
        stem.display = bool(question.stem)
        stem.update(question.stem)
        self.query_one("#review-question", Static).update(
            Text(render_title(question.title), style="bold"))
        self._hint(Text.assemble("Recall the answer, then press ", ("space", "bold"), ".",
                                 style="dim"))

    def _show_done(self) -> None:
        self.query_one("#review-where", Static).update("")
        self.query_one("#review-stem").display = False
        self.query_one("#review-question", Static).update(
            Text("Done for now.", style="bold green"))
        self._hint(self._done_message())

    def _done_message(self) -> Text:
        """How many were reviewed, and when the next question of this queue falls due."""
        ids = set(self.queue.question_ids(self.library, self.store.bookmarked_ids()))
        now = self.store.clock()
        message = Text(f"{self.session.reviewed} reviewed in this session. ")
        upcoming = next_due_after(self.store, ids, now)
        if upcoming is not None:
            local = upcoming.astimezone()
            message.append(f"Next review in {format_interval(upcoming - now)} "
                           f"({local:%a %H:%M}).")
        elif not ids:
            message.append("No questions match this queue.")
        else:
            message.append("Nothing scheduled in this queue.")
        unseen = len(ids - set(self.store.card_states()))
        if unseen:
            message.append(f" {unseen} new question(s) wait for tomorrow's new-card limit.",
                           style="dim")
        return message

    def _show_counts(self) -> None:
        counts = self.session.counts()
        self.query_one("#review-counts", Static).update(Text.assemble(
            ("Due ", "dim"), (str(counts.due), "bold green"),
            ("   New ", "dim"), (str(counts.new), "bold #5fafff"),
            ("   Learning ", "dim"), (str(counts.learning), "bold #ff8700"),
            ("   reviewed ", "dim"), (str(self.session.reviewed), "dim"),
        ))

    def _hint(self, text: Text) -> None:
        self.query_one("#review-hint", Static).update(text)

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer each key only when it does something (the footer follows)."""
        current = self.session.current is not None
        if action == "reveal":
            return current and not self.revealed
        if action == "grade":
            return current and self.revealed
        if action in ("bookmark", "edit_note"):
            return current
        if action == "undo":
            return self.session.reviewed > 0
        return True

    async def action_reveal(self) -> None:
        """Show the answer, the note, the demo and what each grade would do."""
        question = self.session.current
        if question is None or self.revealed:
            return
        try:
            intervals = self.session.preview_intervals()
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.revealed = True
        answer = self.query_one("#review-answer", MathMarkdown)
        await answer.update(question.body or "_No answer in the notes yet._")
        answer.display = True
        self._show_note(question)
        self._show_demo(question)
        for rating, span in intervals.items():
            self.query_one(f"#grade-{rating}", Button).label = Text(
                f"{rating} {RATING_NAMES[rating]} · {format_interval(span)}")
        self._hint(Text("How well did you recall it?  1 again · 2 hard · 3 good · 4 easy",
                        style="dim"))
        self.set_class(True, "-revealed")
        self.refresh_bindings()

    def _show_note(self, question: Question) -> None:
        note = self.store.note(question.id)
        block = self.query_one("#review-note", Static)
        block.update(Text(clean_text(note)))
        block.display = bool(note.strip())

    def _show_demo(self, question: Question) -> None:
        topic = self.library.topic(question.topic_id)
        has_demo = topic is not None and topic.demo is not None
        self.set_class(has_demo, "-has-demo")
        if topic is not None and has_demo and self._demo_topic != topic.id:
            self._demo_topic = topic.id
            self.query_one(DemoPane).show_topic(topic.demo, topic.title, topic.summary)

    def action_grade(self, rating: int) -> None:
        """Record the grade (committed before returning) and show the next question."""
        if not self.revealed or self.session.current is None:
            return
        try:
            self.session.grade(rating)
        except StoreError as exc:
            self.notify(f"Grade not saved: {exc}", severity="error", markup=False)
            return
        self.show_card()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("grade-"):
            self.action_grade(int(event.button.id.removeprefix("grade-")))

    def action_undo(self) -> None:
        """Take back this session's last grade and ask that question again."""
        try:
            question = self.session.undo()
        except StoreError as exc:
            self.notify(f"Undo failed: {exc}", severity="error", markup=False)
            return
        if question is None:
            self.notify("Nothing to undo in this session.")
            return
        self.show_card()

    def action_bookmark(self) -> None:
        """Bookmark or un-bookmark the question on screen."""
        question = self.session.current
        if question is None:
            return
        marked = question.id not in self.store.bookmarked_ids()
        try:
            self.store.set_bookmark(question.id, marked)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._show_question(question)
        if self.revealed:
            self._hint(Text("Bookmarked." if marked else "Bookmark removed.", style="dim"))

    def action_edit_note(self) -> None:
        """Write a personal note on the question on screen."""
        question = self.session.current
        if question is None:
            return

        def saved(done: bool | None) -> None:
            if done and self.revealed:
                self._show_note(question)

        self.app.push_screen(NoteEditor(self.store, question), saved)

    def action_toggle_bookmarked(self) -> None:
        """Switch between this queue and only its bookmarked questions."""
        queue = QueueFilter(self.queue.chapter, self.queue.topic, self.queue.difficulty,
                            not self.queue.bookmarked)
        self.queue = queue
        self.session = StudySession(self.store, self.library, queue)
        self.sub_title = describe_filter(queue, self.library)
        self.show_card()

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
