"""The review screen: one due question at a time, answer hidden until `space`, graded `1`-`4`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from workbench.content import Library, Question
from workbench.content.model import DIFFICULTY_NAMES
from workbench.mathtext.titles import render_title
from workbench.study import (
    Counts,
    QueueFilter,
    Review,
    Store,
    StoreError,
    StudySession,
    format_interval,
)
from workbench.study.clock import from_epoch, to_epoch
from workbench.study.errors import StoreBusy
from workbench.study.prediction_cards import PredictionCard
from workbench.study.scheduling import RATING_NAMES
from workbench.textsafe import clean_text
from workbench.tui.host import workbench
from workbench.tui.screens.note_editor import NoteEditor
from workbench.tui.study_access import BUSY_MESSAGE, store_call
from workbench.tui.widgets.badges import badge
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.keys_footer import KeysFooter
from workbench.tui.widgets.markdown_text import MarkdownText
from workbench.tui.widgets.progress_marks import bookmark_mark
from workbench.tui.widgets.reader import NO_ANSWER
from workbench.tui.widgets.title_bar import TitleBar

GRADE_VARIANTS = {1: "error", 2: "warning", 3: "success", 4: "primary"}
"""Button colour of each grade, as Anki colours again/hard/good/easy."""

POLL_S = 1.0
"""How often the screen checks whether another window changed the store."""
RENEW_EVERY = timedelta(minutes=1)
"""How often the lease on the card on screen is renewed while it is shown."""

T = TypeVar("T")


@dataclass(frozen=True)
class CardView:
    """Everything `show_card` needs, read from the store in a worker."""

    question: Question | PredictionCard | None
    counts: Counts
    bookmarked: bool
    done: Text | None
    """The "done for now" message when there is no question."""
    drill: tuple[str, ...] = ()
    """Bookmarked questions to offer as a drill when a starred-only queue has none due."""
    note: str = ""
    """The learner's note on the question, read with it so `space` shows it at once."""


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

    Every grade is committed by the study core before the next question is shown. Store work
    runs in thread workers, one call at a time: while one is in flight the screen is busy
    (store keys wait, grade buttons are disabled) but scrolling, help and the demo respond.
    A grade that meets a locked database is kept and retried until it lands.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (72, "-narrow"), (100, "-wide")]
    """Under 72 columns the grade buttons go two by two so their intervals fit."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]
    """Under 16 rows the header and the grade hint give their rows to the answer."""
    BINDINGS = [
        Binding("j", "scroll_card(1)", "Scroll down", show=False, id="review.scroll-down",
                tooltip="scroll the question and answer down"),
        Binding("k", "scroll_card(-1)", "Scroll up", show=False, id="review.scroll-up",
                tooltip="scroll the question and answer up"),
        Binding("space", "reveal", "Show answer", id="review.reveal",
                tooltip="show the answer (and the topic's demo on wide screens)"),
        *[Binding(str(r), f"grade({r})", RATING_NAMES[r].capitalize(), id=f"review.grade-{r}",
                  tooltip=f"grade {RATING_NAMES[r]} (the interval is on its button)")
          for r in (1, 2, 3, 4)],
        Binding("u", "undo", "Undo", id="review.undo",
                tooltip="undo the last grade of this session"),
        Binding("b", "bookmark", "Bookmark", id="review.bookmark",
                tooltip="bookmark / un-bookmark the question on screen"),
        Binding("e", "edit_note", "Note", id="review.note",
                tooltip="write a personal note on the question on screen"),
        Binding("B", "toggle_bookmarked", "Starred only", id="review.starred-only",
                tooltip="switch to bookmarked questions only (and back)"),
        Binding("d", "drill", "Drill starred", id="review.drill",
                tooltip="nothing starred due: drill the bookmarks now (not graded)"),
        Binding("escape", "close", "Back", id="review.back", tooltip="back to the main screen"),
        Binding("q", "quit", "Quit", id="review.quit", tooltip="quit"),
        # enter, not space: on a prediction card the demo pane has the focus, and its space
        # pauses the animation
        Binding("enter", "next_prediction", "Next", id="review.prediction-next",
                tooltip="after a prediction card: save its grade and go on"),
    ]

    def __init__(self, store: Store, library: Library, queue: QueueFilter | None = None) -> None:
        super().__init__()
        self.store = store
        self.library = library
        self.queue = queue or QueueFilter()
        self.session: StudySession | None = None
        """Made in the first worker (it reads the store)."""
        self.revealed = False
        self.busy = False
        """True while a store call is in flight."""
        self.unsaved: int | None = None
        """A grade waiting for a busy database; it is retried until saved."""
        self._bookmarked = False
        self._demo_topic: str | None = None
        self._data_version: int | None = None
        self._renewed_at: datetime | None = None
        self._drill_offer: tuple[str, ...] = ()
        self.drill: list[Question] | None = None
        """The bookmarked questions being drilled: shown and revealed, never graded."""
        self._drilled = 0
        self._prediction_rating: int | None = None
        """The grade of the prediction card on screen, once it is answered."""
        self._note = ""
        """The learner's note on the question on screen (read with the card)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="review-counts")
        with Horizontal(id="review-body"):
            with VerticalScroll(id="review-card", classes="pane"):
                yield Static(id="review-where")
                yield MarkdownText("", id="review-stem")
                yield Static(id="review-question")
                yield MarkdownText("", id="review-answer")
                yield MarkdownText("", id="review-note", classes="personal-note")
            yield DemoPane(autoplay=workbench(self).autoplay, id="review-demo").add_class("pane")
        yield Static(id="review-hint")
        with Horizontal(id="review-grades"):
            for rating in (1, 2, 3, 4):
                button = Button(RATING_NAMES[rating], id=f"grade-{rating}", compact=True,
                                variant=GRADE_VARIANTS[rating])  # type: ignore[arg-type]
                button.can_focus = False
                yield button
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Review"
        self.sub_title = describe_filter(self.queue, self.library)
        self.query_one("#review-card").focus()
        self.query_one("#review-question", Static).update(Text("Loading…", style="dim"))
        self._call(self._start_session, self.show_card)
        self.set_interval(POLL_S, self._poll)

    # -- store calls --------------------------------------------------------------------------

    def _call(self, job: Callable[[], T], done: Callable[[T], object],
              waiting: Callable[[StoreBusy], object] | None = None) -> None:
        """Run `job` off the UI thread with the screen busy; `done(result)` when it is back.

        A busy database is waited out in the background (`waiting` says so, by default with
        a plain "busy" line); other store errors are shown and end the call.
        """
        self._set_busy(True)

        def finish(result: T) -> object:
            self._set_busy(False)
            return done(result)  # call_from_thread awaits it if it is a coroutine

        def failed(exc: StoreError) -> None:
            self._set_busy(False)
            lost, self.unsaved = self.unsaved, None
            prefix = "Grade not saved: " if lost is not None else ""
            self.notify(f"{prefix}{exc}", severity="error", markup=False)

        store_call(self, job, finish, failed=failed, waiting=waiting or self._waiting)

    def _waiting(self, exc: StoreBusy) -> None:
        self._hint(Text(f"{BUSY_MESSAGE}; waiting for it…", style="bold yellow"))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        grades = self.query_one("#review-grades")  # hidden grades are not restyled for it
        grades.disabled = busy and grades.has_class("-revealed")
        self.refresh_bindings()

    def _start_session(self) -> CardView:
        if self.session is None:
            self.session = StudySession(self.store, self.library, self.queue, predictions=True)
        return self._load_view()

    def _load_view(self) -> CardView:
        """The next card and what goes round it (runs in a worker)."""
        session = self._require_session()
        question = session.next_card()
        self._data_version = self.store.data_version()
        self._renewed_at = self.store.clock()
        bookmarks = self.store.bookmarked_ids()
        bookmarked = question is not None and question.id in bookmarks
        done = self._done_message(session) if question is None else None
        drill: tuple[str, ...] = ()
        if done is not None and self.queue.bookmarked:
            drill = tuple(self.queue.question_ids(self.library, bookmarks))
            if drill:
                done.append(f" Press d to drill the {len(drill)} bookmarked question(s) now: "
                            "no grades, the schedule does not change.", style="bold")
        note = self.store.note(question.id) if isinstance(question, Question) else ""
        return CardView(question, session.counts(), bookmarked, done, drill, note)

    def _require_session(self) -> StudySession:
        if self.session is None:
            raise LookupError("the review session has not started")
        return self.session

    def _poll(self) -> None:
        """Follow grades made in other windows, and keep the lease on the card on screen."""
        if self.busy or self.session is None or self.drill is not None:
            return
        store_call(self, self._check_elsewhere, self._counts_changed, failed=lambda exc: None,
                   group="poll", exclusive=True)

    def _check_elsewhere(self) -> Counts | None:
        session = self._require_session()
        now = self.store.clock()
        if self._renewed_at is None or now - self._renewed_at >= RENEW_EVERY:
            session.renew()
            self._renewed_at = now
        version = self.store.data_version()
        if version == self._data_version:
            return None
        self._data_version = version
        return session.counts()

    def _counts_changed(self, counts: Counts | None) -> None:
        if counts is None or self.busy or self.session is None or self.drill is not None:
            return
        self._show_counts(counts)
        if self.session.current is None and (counts.due or counts.new):
            self._call(self._load_view, self.show_card)  # freed or due elsewhere: go on

    # -- showing ----------------------------------------------------------------------------

    def show_card(self, view: CardView) -> None:
        """Show the session's current question with its answer hidden (or the done message)."""
        self.revealed = False
        self._prediction_rating = None
        self._note = view.note
        self._look_revealed(False)
        self._show_pane(False)
        self.query_one("#review-answer").display = False
        self.query_one("#review-note").display = False
        self._bookmarked = view.bookmarked
        self._drill_offer = view.drill
        self._show_counts(view.counts)
        self._leave_prediction()
        if view.question is None:
            self._show_done(view.done or Text())
        elif isinstance(view.question, PredictionCard):
            self._show_prediction(view.question)
        else:
            self._show_question(view.question)
            self.call_after_refresh(self._render_answer_ahead, view.question, view.note)
        # on wide screens the demo pane keeps its place beside the hidden answer (see the
        # stylesheet): set while hidden, `space` then only makes it visible
        self.query_one(DemoPane).set_class(isinstance(view.question, Question)
                                           and self._has_demo(view.question), "-has-demo")
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
            bookmark_mark(self._bookmarked),
        )
        self.query_one("#review-where", Static).update(where)
        stem = self.query_one("#review-stem", MarkdownText)
        stem.display = bool(question.stem)
        stem.update(question.stem)
        self.query_one("#review-question", Static).update(
            Text(render_title(question.title), style="bold"))
        self._hint(Text.assemble("Recall the answer, then press ", (self._reveal_key(), "bold"),
                                 ".", style="dim"))

    def _reveal_key(self) -> str:
        """The key that shows the answer, as the learner's keymap has it."""
        return workbench(self).key_of(ReviewScreen, "review.reveal")

    def _show_prediction(self, card: PredictionCard) -> None:
        """A prediction card: the demo pane asks it, plays the change and shows the outcome."""
        topic = self.library.topic(card.topic_id)
        self.query_one("#review-where", Static).update(Text.assemble(
            (render_title(topic.title) if topic else "", "dim"), ("  prediction", "bold")))
        self.query_one("#review-stem").display = False
        self.query_one("#review-question", Static).update(Text(
            "Predict what the demo will do: answer in the demo pane.", style="bold"))
        self._hint(Text.assemble("Answer with ", ("1-4", "bold"), " (or type the number), "
                                 "then watch the change.", style="dim"))
        self.set_class(True, "-prediction")
        self._show_pane(True)
        self._demo_topic = None  # the pane runs the prediction's demo from now on
        pane = self.query_one(DemoPane)
        if topic is not None:
            pane.show_topic(topic.demo, topic.title, topic.summary)
        pane.start_prediction(card.prediction)

    def _leave_prediction(self) -> None:
        if self.has_class("-prediction"):
            self.set_class(False, "-prediction")
            self.query_one(DemoPane).action_end_prediction()
            self.query_one("#review-card").focus()

    def on_demo_pane_answered(self, message: DemoPane.Answered) -> None:
        """The prediction card on screen is answered (or its grade changed): enter saves it."""
        message.stop()  # the session records it, with the rest of this review
        if self.session is None or not isinstance(self.session.current, PredictionCard):
            return
        self._prediction_rating = message.rating
        self.revealed = True
        message.pane.prediction_recorded(message.rating)
        self._hint(Text.assemble((f"Graded {RATING_NAMES[message.rating]}", "bold"),
                                 " by your answer; ",
                                 (workbench(self).key_of(ReviewScreen, "review.prediction-next"),
                                  "bold"),
                                 " saves it and goes on, 1-4 change it.", style="dim"))
        self.refresh_bindings()

    def action_next_prediction(self) -> None:
        """Save the prediction card's grade and show the next card."""
        if self._prediction_rating is not None:
            self.action_grade(self._prediction_rating)

    def on_demo_pane_open_passage(self, message: DemoPane.OpenPassage) -> None:
        message.stop()
        self.notify(f"Why: {message.passage} in the notes (open it from the main screen).",
                     markup=False)

    def _show_done(self, message: Text) -> None:
        self.query_one("#review-where", Static).update("")
        self.query_one("#review-stem").display = False
        self.query_one("#review-question", Static).update(
            Text("Done for now.", style="bold green"))
        self._hint(message)

    def _done_message(self, session: StudySession) -> Text:
        """How many were reviewed, and when the next question of this queue falls due."""
        ids = set(self.queue.question_ids(self.library, self.store.bookmarked_ids()))
        now = self.store.clock()
        message = Text(f"{session.reviewed} reviewed in this session. ")
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
        if elsewhere := len(self.store.leased_ids(session.owner) & ids):
            message.append(f" {elsewhere} question(s) are open in another workbench.",
                           style="dim")
        return message

    def _show_counts(self, counts: Counts) -> None:
        reviewed = self.session.reviewed if self.session else 0
        self.query_one("#review-counts", Static).update(Text.assemble(
            ("Due ", "dim"), (str(counts.due), "bold green"),
            ("   New ", "dim"), (str(counts.new), "bold #5fafff"),
            ("   Learning ", "dim"), (str(counts.learning), "bold #ff8700"),
            ("   reviewed ", "dim"), (str(reviewed), "dim"),
        ))

    def _hint(self, text: Text) -> None:
        self.query_one("#review-hint", Static).update(text)

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer each key only when it does something (the footer follows)."""
        session = self.session
        if self.drill is not None:  # a drill shows and reveals; it never grades
            return action in ("reveal", "close", "quit", "toggle_bookmarked", "scroll_card")
        if action == "drill":
            return bool(self._drill_offer) and not self.busy
        current = session is not None and session.current is not None and not self.busy
        prediction = (session is not None and isinstance(session.current, PredictionCard)
                      and not self.busy)
        if action == "next_prediction":
            return prediction and self._prediction_rating is not None
        if action == "reveal":
            return current and not self.revealed and not prediction
        if action == "grade":
            return current and self.revealed
        if action in ("bookmark", "edit_note"):
            return current and not prediction
        if action == "undo":
            return session is not None and session.reviewed > 0 and not self.busy
        if action == "toggle_bookmarked":
            return not self.busy
        return True

    def action_scroll_card(self, lines: int) -> None:
        """Scroll the question and answer (`j` / `k`, as in the reader)."""
        self.query_one("#review-card", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_drill(self) -> None:
        """Go through the bookmarked questions now, like a filtered deck that is not graded."""
        if not self._drill_offer or self.busy:
            return
        self.drill = [q for qid in self._drill_offer if (q := self.library.question(qid))]
        self._drill_offer, self._drilled = (), 0
        self.sub_title = f"{describe_filter(self.queue, self.library)} · drill (not graded)"
        self._show_drill()

    def _show_drill(self) -> None:
        """The next drilled question with its answer hidden, or the end of the drill."""
        self.revealed = False
        self.query_one("#review-answer").display = False
        self.query_one("#review-note").display = False
        self.query_one(DemoPane).set_class(False, "-has-demo")  # a drill shows no demo
        self.query_one("#review-card", VerticalScroll).scroll_home(animate=False)
        if not self.drill:
            self.drill = None
            self.sub_title = describe_filter(self.queue, self.library)
            self._show_done(Text(f"Drilled {self._drilled} bookmarked question(s); "
                                 "the schedule is unchanged."))
        else:
            self._show_question(self.drill[0])
            self._hint(Text.assemble("Drill, not graded: press ",
                                     (self._reveal_key(), "bold"), " to show the answer.",
                                     style="dim"))
        self.refresh_bindings()

    def _reveal_drilled(self, question: Question, note: str) -> None:
        self._reveal_answer(question, note)
        self.refresh_bindings()
        self._hint(Text.assemble("Drill, not graded: ", (self._reveal_key(), "bold"),
                                 " for the next bookmarked question.", style="dim"))

    def _reveal_answer(self, question: Question, note: str) -> None:
        self.revealed = True
        answer = self.query_one("#review-answer", MarkdownText)
        answer.update(question.body or NO_ANSWER)
        answer.display = True
        self._show_note(note)
        self._show_demo(question)

    def _render_answer_ahead(self, question: Question, note: str) -> None:
        """Render the hidden answer and note for the card's width (once it is laid out):
        `space` then draws them from the cache."""
        session = self.session
        if self.revealed or session is None or session.current is not question:
            return
        card = self.query_one("#review-card", VerticalScroll)
        width = card.scrollable_content_region.width
        # a long answer brings the card's scrollbar: its width is a column less then
        widths = [width]
        if not card.show_vertical_scrollbar:
            widths.append(width - card.styles.scrollbar_size_vertical)
        answer = self.query_one("#review-answer", MarkdownText)
        block = self.query_one("#review-note", MarkdownText)
        block_in = block.styles.margin.width + block.styles.gutter.width
        text = clean_text(note)
        for each in widths:
            answer.render_ahead(question.body or NO_ANSWER, each)
            if text.strip():
                block.render_ahead(text, each - block_in)

    def _step_drill(self) -> None:
        if self.drill is None:
            return
        if not self.revealed:
            question = self.drill[0]
            self._call(lambda: self.store.note(question.id),
                       lambda note: self._reveal_drilled(question, note))
        else:
            self.drill.pop(0)
            self._drilled += 1
            self._show_drill()

    def action_reveal(self) -> None:
        """Show the answer and the note at once (read with the card), then the demo and,
        once the session has fixed them in a worker, what each grade would do."""
        if self.drill is not None:
            self._step_drill()
            return
        session = self.session
        if session is None or session.current is None or self.revealed or self.busy:
            return
        question = session.current
        if not isinstance(question, Question):
            return
        self._reveal_answer(question, self._note)
        self.call_after_refresh(self._show_pane_with, question)
        self.call_after_refresh(self._preview_grades, question)

    def _show_pane_with(self, question: Question) -> None:
        """Once the answer is painted: the demo pane beside it becomes visible (a layout of
        its own, which the answer's frame does not wait for)."""
        session = self.session
        if self.revealed and session is not None and session.current is question:
            self._show_pane(True)

    def _preview_grades(self, question: Question) -> None:
        """Once the answer is painted (its frame does not share the interpreter with the
        worker): what each grade would do, fixed by the session in a worker."""
        session = self.session
        if session is None or session.current is not question or not self.revealed \
                or self.busy:
            return
        self._call(session.preview_intervals, lambda spans: self._show_grades(question, spans))

    def _show_grades(self, question: Question, intervals: dict[int, timedelta]) -> None:
        session = self.session
        if session is None or session.current is not question or not self.revealed:
            return
        for rating, span in intervals.items():
            self.query_one(f"#grade-{rating}", Button).label = Text(
                f"{rating} {RATING_NAMES[rating]} · {format_interval(span)}")
        self._hint(Text("How well did you recall it?  1 again · 2 hard · 3 good · 4 easy",
                        style="dim"))
        self._look_revealed(True, "#review-grades", "#review-hint")
        self.refresh_bindings()

    def _look_revealed(self, revealed: bool, *selectors: str) -> None:
        """Give the widgets the stylesheet shows or hides with the answer (the grades, the
        hint) their revealed look, or take it back: a class on those widgets, not on the
        screen (that would restyle every widget on it)."""
        for selector in selectors or ("#review-grades", "#review-hint"):
            self.query_one(selector).set_class(revealed, "-revealed")

    def _show_pane(self, visible: bool) -> None:
        """Make the demo pane visible or not where the stylesheet gives it a place (beside
        a question with a demo on wide screens, or for a prediction). Its own style, not a
        class: a class change restyles each of the pane's widgets, and none depends on it."""
        self.query_one(DemoPane).styles.visibility = "visible" if visible else "hidden"

    def _note_saved(self, note: str) -> None:
        """The note was edited: kept for `space`, shown at once under a revealed answer."""
        self._note = note
        if self.revealed:
            self._show_note(note)

    def _show_note(self, note: str) -> None:
        """The learner's note under the answer, Markdown and math rendered like the answer."""
        block = self.query_one("#review-note", MarkdownText)
        block.update(clean_text(note))
        block.display = bool(note.strip())

    def _has_demo(self, question: Question) -> bool:
        topic = self.library.topic(question.topic_id)
        return topic is not None and topic.demo is not None

    def _show_demo(self, question: Question) -> None:
        """Make room for the topic's demo with the answer; start it once the answer is
        painted (its first frame is not the answer's to wait for)."""
        topic = self.library.topic(question.topic_id)
        has_demo = self._has_demo(question)
        pane = self.query_one(DemoPane)
        if topic is not None and has_demo and self._demo_topic != topic.id:
            self._demo_topic = topic.id
            self.call_after_refresh(pane.show_topic, topic.demo, topic.title, topic.summary)

    def action_grade(self, rating: int) -> None:
        """Record the grade, then show the next question; a busy database delays, never drops it.

        The grade is saved in a worker; if another process holds the lock past the short
        interactive budget, the screen says so and the worker keeps trying until it lands.
        """
        session = self.session
        if not self.revealed or session is None or session.current is None or self.busy:
            return
        self.unsaved = rating
        self._hint(Text("Saving…", style="dim"))
        saved: list[Review | None] = []

        def grade() -> tuple[Review | None, CardView]:
            if not saved:  # a retry after a busy database must not grade the next card
                saved.append(session.grade(rating))
                self.unsaved = None
            return saved[0], self._load_view()

        self._call(grade, self._graded, waiting=self._grade_waiting)

    def _grade_waiting(self, exc: StoreBusy) -> None:
        message = (f"{BUSY_MESSAGE} — your grade is kept and will be saved."
                   if self.unsaved is not None else f"{BUSY_MESSAGE}; waiting for it…")
        self._hint(Text(message, style="bold yellow"))
        self.notify(message, title="Progress", severity="warning", markup=False)

    def _graded(self, result: tuple[Review | None, CardView]) -> None:
        review, view = result
        if review is None:
            self.notify("That question was graded in another window meanwhile; "
                        "moved on without grading it twice.", markup=False)
        self.show_card(view)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("grade-"):
            self.action_grade(int(event.button.id.removeprefix("grade-")))

    def action_undo(self) -> None:
        """Take back this session's last grade and ask that question again."""
        session = self.session
        if session is None or self.busy:
            return

        def undo() -> tuple[Question | None, CardView | None]:
            question = session.undo()
            return question, self._load_view() if question is not None else None

        self._call(undo, self._undone)

    def _undone(self, result: tuple[Question | None, CardView | None]) -> None:
        question, view = result
        if question is None or view is None:
            self.notify("Nothing to undo in this session.")
            return
        self.show_card(view)

    def action_bookmark(self) -> None:
        """Bookmark or un-bookmark the question on screen."""
        question = self.session.current if self.session else None
        if question is None or self.busy:
            return
        marked = not self._bookmarked

        def saved(_: None) -> None:
            self._bookmarked = marked
            self._show_question(question)
            if self.revealed:
                self._hint(Text("Bookmarked." if marked else "Bookmark removed.", style="dim"))

        self._call(lambda: self.store.set_bookmark(question.id, marked), saved)

    def action_edit_note(self) -> None:
        """Write a personal note on the question on screen."""
        question = self.session.current if self.session else None
        if question is None or self.busy:
            return

        def saved(done: bool | None) -> None:
            if done:
                self._call(lambda: self.store.note(question.id), self._note_saved)

        self.app.push_screen(NoteEditor(self.store, question), saved)

    def action_toggle_bookmarked(self) -> None:
        """Switch between this queue and only its bookmarked questions."""
        if self.busy:
            return
        self.drill = None
        queue = QueueFilter(self.queue.chapter, self.queue.topic, self.queue.difficulty,
                            not self.queue.bookmarked)
        old = self.session

        def switch() -> CardView:
            if old is not None:
                old.close()
            self.session = StudySession(self.store, self.library, queue, predictions=True)
            return self._load_view()

        self.queue = queue
        self.sub_title = describe_filter(queue, self.library)
        self._call(switch, self.show_card)

    def _grade_unsaved(self) -> bool:
        """True (after saying so) while a grade still waits for a busy database."""
        if self.unsaved is None:
            return False
        self.notify(f"{BUSY_MESSAGE}: your grade is not saved yet; it will be in a moment.",
                    severity="warning", markup=False)
        return True

    def action_quit(self) -> None:
        """Quit the app, freeing the card on screen, but not while a grade waits to be saved."""
        if self._grade_unsaved():
            return
        session = self.session
        if session is None:
            self.app.exit()
            return
        store_call(self, session.close, lambda _: self.app.exit(),
                   failed=lambda exc: self.app.exit(), group="release")

    def action_close(self) -> None:
        """Back to where you were (not while a grade still waits to be saved)."""
        if self._grade_unsaved():
            return
        session = self.session
        if session is not None:
            store_call(self.app, session.close, lambda _: None, failed=lambda exc: None,
                       group="release")
        self.dismiss(None)
