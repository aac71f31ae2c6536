"""Pilot tests of study mode in the app: review session, tree marks, bookmarks, notes, D, stats."""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

import pytest
from fsrs import Scheduler
from rich.text import Text as RichText
from textual.widgets import Button, Footer, OptionList, Static, TextArea

from app_notices import recording
from app_waits import settle, wait_until
from study_app_fixture import FakeClock, live_reviews, make_app, make_library, seed_history
from workbench.content import Question
from workbench.paths import data_dir
from workbench.study import Store, StoreError, StudySession
from workbench.study.db import DB_FILENAME
from workbench.study.schema import MIGRATIONS
from workbench.tui import app as app_module
from workbench.tui import study_access
from workbench.tui.app import WorkbenchApp
from workbench.tui.messages import NoteSaved
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.note_editor import NoteEditor
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.stats import StatsScreen
from workbench.tui.widgets.markdown_text import MarkdownText
from workbench.tui.widgets.reader import NOTE_INDENT, Reader
from workbench.tui.widgets.rendered_lines import component_style, styled_words
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.tui.widgets.topic_tree import TopicTree
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")

INTERVAL = re.compile(r"(<1m|\d+(m|h|d)|\d+\.\d(mo|y))$")


def label(app: WorkbenchApp, node_id: str) -> str:
    """The plain text of a tree node's label."""
    tree = app.screen_stack[0].query_one(TopicTree)
    node = tree.node_for(node_id)
    assert node is not None
    return node.label.plain


def review_screen(app: WorkbenchApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_a_whole_review_session_at_80x24(store: Store, clock: FakeClock) -> None:
    app = make_app(store)
    first, second, third, fourth = list(app.library.questions())[:4]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        review = review_screen(app)
        assert review.session.current == first
        assert not review.query_one("#review-answer").display
        await pilot.press("3")  # grading before the answer is shown does nothing
        assert live_reviews(store) == 0

        await pilot.press("space")
        await settle(pilot)
        assert review.revealed and review.query_one("#review-answer").display
        easy = str(review.query_one("#grade-4", Button).label)
        assert easy.startswith("4 easy · ") and INTERVAL.search(easy)

        for expected_next, rating in ((second, "3"), (third, "4"), (fourth, "1")):
            await pilot.press(rating)
            await settle(pilot)
            assert review.session.current == expected_next  # the next card is there at once
            assert not review.revealed
            await pilot.press("space")
            await settle(pilot)
        assert live_reviews(store) == 3
        assert [store.card(q.id) is not None for q in (first, second, third)] == [True] * 3

        await pilot.press("3")
        await settle(pilot)
        assert live_reviews(store) == 4
        await pilot.press("u")
        await settle(pilot)
        assert live_reviews(store) == 3
        assert store.card(fourth.id) is None
        assert review.session.current == fourth and not review.revealed

        clock.advance(minutes=2)  # the card graded "again" falls due
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert label(app, first.id).startswith("◐")  # first new card graded good: learning
        assert label(app, second.id).startswith("✓")  # easy: graduated
        assert label(app, third.id).startswith("●")  # again, now due
        assert label(app, fourth.id).startswith("·")  # undone: new again
        chapter = label(app, "chapter:foundations")
        assert "1 due" in chapter and "✓1" in chapter and "◐1" in chapter
        assert app.screen.sub_title.endswith("· 1 due")


async def test_done_for_now_names_the_next_due_time(store: Store) -> None:
    library = make_library()
    app = make_app(store, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        for _ in library.questions():
            await pilot.press("space")
            await settle(pilot)
            await pilot.press("4")  # easy: every card leaves for days
            await settle(pilot)
        review = review_screen(app)
        assert review.session.current is None
        hint = str(review.query_one("#review-hint", Static).render())
        question = str(review.query_one("#review-question", Static).render())
        assert "Done for now" in question
        assert f"{len(list(library.questions()))} reviewed" in hint and "Next review in" in hint
        await pilot.press("space", "1")
        assert live_reviews(store) == len(list(library.questions()))


async def test_bookmark_marks_tree_and_reader_and_filters_review(store: Store) -> None:
    app = make_app(store)
    target = list(app.library.questions())[2]
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_node(target.id)
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.question == target
        await pilot.press("b")
        await settle(pilot)
        assert store.bookmarked_ids() == {target.id}
        assert "★" in label(app, target.id)
        assert "★" in reader.part_text("heading", reader.index)

        await pilot.press("s")
        await settle(pilot)
        await pilot.press("B")  # bookmarked only
        await settle(pilot)
        assert review_screen(app).session.current == target
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert store.bookmarked_ids() == set()
        assert "★" not in label(app, target.id)


class RecordingApp(WorkbenchApp):
    """Records NoteSaved messages, as the search index will receive them."""

    CSS_PATH = Path(app_module.__file__).parent / "workbench.tcss"
    saved: list[str]

    def on_note_saved(self, message: NoteSaved) -> None:
        self.saved.append(message.question_id)


def note_text(reader: Reader, question: Question) -> str:
    """What the reader shows as `question`'s note, without the bar it sits behind."""
    assert reader.topic is not None
    text = reader.part_text("note", reader.topic.questions.index(question))
    return "\n".join(line[NOTE_INDENT + 2:].rstrip() for line in text.splitlines())


async def test_note_is_saved_shown_as_plain_text_and_announced(store: Store) -> None:
    app = RecordingApp(make_library(), autoplay=False, store=store)
    app.saved = []
    target = next(q for q in app.library.questions() if q.id == "overfitting/markup")
    note = "see [bold]ESL[/bold] 7.3\x1b[31m"
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_node(target.id)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).insert(note)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert store.note(target.id) == note
        assert app.saved == [target.id]
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: bool(note_text(reader, target)))
        assert note_text(reader, target) == "see [bold]ESL[/bold] 7.3[31m"  # no markup, no ESC

        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(TextArea).insert("more")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)  # unsaved changes: asks first
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert store.note(target.id) == note and app.saved == [target.id]


async def test_notes_are_searched_and_read_off_the_ui_thread(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index reads the learner's notes in its worker, at start and after a save."""
    store.set_note("erm/risk", "zanzibar mnemonic")
    readers: list[threading.Thread] = []
    read = store.notes

    def notes() -> dict[str, str]:
        readers.append(threading.current_thread())
        return read()

    monkeypatch.setattr(store, "notes", notes)
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        panel = app.screen.query_one(SearchPanel)
        await wait_until(pilot, lambda: panel.index is not None)
        assert panel.notes == {"erm/risk": "zanzibar mnemonic"}
        store.set_note("occam/apply", "quokka reminder")
        app.post_message(NoteSaved("occam/apply"))
        await wait_until(pilot, lambda: "occam/apply" in panel.notes)
        assert panel.index is not None
        await wait_until(pilot, lambda: [h.question_id for h in panel.index.search(
            "quokka").hits] == ["occam/apply"])
        assert [h.question_id for h in panel.index.search("zanzibar").hits] == ["erm/risk"]
    assert len(readers) >= 2
    assert all(thread is not threading.main_thread() for thread in readers)


async def test_capital_d_jumps_to_the_next_due_question(store: Store, clock: FakeClock) -> None:
    app = make_app(store)
    told = recording(app)
    questions = list(app.library.questions())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.question == questions[0]
        assert any("Nothing is due" in m for m in told)

        scheduler = Scheduler(enable_fuzzing=False)
        for question in (questions[1], questions[4]):
            store.grade(question.id, 1, scheduler)
        clock.advance(minutes=5)
        for expected in (questions[1], questions[4], questions[1]):
            await pilot.press("D")
            await settle(pilot)
            assert reader.question == expected


async def test_stats_screen_shows_the_totals(store: Store, clock: FakeClock) -> None:
    library = make_library()
    seed_history(store, clock, library, days=10)
    reviews = live_reviews(store)
    app = make_app(store, library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        counts = str(app.screen.query_one("#stats-counts", Static).render())
        assert f"Reviews {reviews}" in counts and "New 1" in counts
        assert app.screen.sub_title == f"{reviews} reviews"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_a_store_that_cannot_open_leaves_the_reader_working(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> Store:
        raise StoreError("progress.sqlite3 is read-only")

    monkeypatch.setattr(Store, "open", refuse)
    app = WorkbenchApp(make_library(), autoplay=False)
    messages = recording(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n", "s", "b", "S")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(Reader).question == list(app.library.questions())[1]
        assert any("Study mode is off: progress.sqlite3 is read-only" in m for m in messages)
        assert any("Study mode is unavailable" in m for m in messages)


async def test_a_locked_database_keeps_the_grade_and_the_app_responsive(store: Store) -> None:
    app = make_app(store)
    told = recording(app)
    store.busy_budget = 0.3  # the app's 2 s budget, shortened for the test
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        review = review_screen(app)
        first = review.session.current if review.session else None
        await pilot.press("space")
        await settle(pilot)
        other = sqlite3.connect(store.path, isolation_level=None)  # another workbench writing
        other.execute("BEGIN EXCLUSIVE")
        try:
            await pilot.press("3")
            await wait_until(pilot, lambda: any("your grade is kept" in m for m in told))
            hint = str(review.query_one("#review-hint", Static).render())
            assert hint.startswith("Progress database is busy (another workbench?)")
            assert review.busy and review.unsaved == 3
            assert review.query_one("#review-grades").disabled
            await pilot.press("question_mark")  # the app still answers keys
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is review)
            await pilot.press("escape", "q")  # leaving would drop the unsaved grade: refused
            await pilot.pause()
            assert app.screen is review and app.is_running
            assert other.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
        finally:
            other.execute("ROLLBACK")
            other.close()
        await wait_until(pilot, lambda: not review.busy)
        assert review.unsaved is None and review.session is not None
        assert review.session.current not in (None, first)
        assert live_reviews(store) == 1 and first is not None and store.card(first.id)


async def test_a_bookmark_waits_out_a_locked_database(store: Store) -> None:
    app = make_app(store)
    told = recording(app)
    store.busy_budget = 0.3
    target = list(app.library.questions())[1]
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_node(target.id)
        await settle(pilot)
        other = sqlite3.connect(store.path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            await pilot.press("b")
            await wait_until(pilot, lambda: any("bookmark will be saved" in m
                                                for m in told))
        finally:
            other.execute("ROLLBACK")
            other.close()
        await wait_until(pilot, lambda: "★" in label(app, target.id))
        assert store.bookmarked_ids() == {target.id}


async def test_counts_follow_grades_made_in_another_window(store: Store,
                                                           clock: FakeClock) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        review = review_screen(app)
        counts = review.query_one("#review-counts", Static)
        assert "New 6" in str(counts.render())
        with Store.open(store.path, clock=clock) as elsewhere:  # a second window's store
            session = StudySession(elsewhere, app.library)
            shown = session.next_card()
            assert shown is not None and review.session and shown != review.session.current
            session.grade(1)
            session.close()
        await wait_until(pilot, lambda: "New 5" in str(counts.render()))
        assert "Learning 1" in str(counts.render())


async def test_a_store_busy_at_start_up_opens_in_the_background(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(study_access, "INTERACTIVE_BUDGET_S", 0.2)
    path = data_dir() / DB_FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    other = sqlite3.connect(path, isolation_level=None)  # an older workbench, mid-write
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("BEGIN")
    for migration in MIGRATIONS[:2]:
        migration(other)
    other.execute("PRAGMA user_version = 2")
    other.execute("COMMIT")
    other.execute("BEGIN EXCLUSIVE")
    try:
        app = WorkbenchApp(make_library(), restore=UiState(), autoplay=False)
        told = recording(app)
        assert app.study.opening  # start-up did not wait for the lock
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await wait_until(pilot, lambda: app.study.waited)  # met the lock, in the background
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert any("study mode starts once it is free" in m for m in told)
            other.execute("ROLLBACK")
            await wait_until(pilot, lambda: any("study mode is on" in m for m in told))
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
    finally:
        other.close()


async def test_leaving_review_frees_the_card_for_other_windows(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert len(store.leased_ids()) == 1
        await pilot.press("escape")
        await wait_until(pilot, lambda: store.leased_ids() == set())
        await pilot.press("s")
        await settle(pilot)
        assert len(store.leased_ids()) == 1
        await pilot.press("q")
        await wait_until(pilot, lambda: store.leased_ids() == set())
    assert app.return_code == 0


async def test_at_40x12_j_k_scroll_to_the_answer_and_every_grade_fits(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        review = review_screen(app)
        await pilot.press("space")
        await settle(pilot)
        card = review.query_one("#review-card")
        answer = review.query_one("#review-answer")
        assert review.revealed and card.scroll_y == 0
        assert not card.content_region.contains_region(answer.region)  # below the fold
        for _ in range(int(card.max_scroll_y)):
            await pilot.press("j")
        await pilot.pause()
        assert card.scroll_y == card.max_scroll_y > 0
        assert card.content_region.overlaps(answer.region)
        await pilot.press("k")
        await pilot.pause()
        assert card.scroll_y == card.max_scroll_y - 1

        screen = review.region
        for rating in (1, 2, 3, 4):
            button = review.query_one(f"#grade-{rating}", Button)
            assert screen.contains_region(button.region)
            assert button.content_size.width >= len(str(button.label)), button.label
        await pilot.click("#grade-4")
        await settle(pilot)
        assert live_reviews(store) == 1 and not review.revealed


async def test_the_footer_shows_the_note_editor_keys(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.pause()
        footer = app.screen.query_one(Footer)  # the editor's own footer, on top
        assert app.screen.region.contains_region(footer.region)
        shown = " ".join(str(key.render()) for key in footer.query("*"))
        assert "Save note" in shown and "Cancel" in shown
        assert "Search" not in shown  # not the keys of the screen underneath


async def test_personal_notes_render_markdown_and_math_like_answers(store: Store) -> None:
    app = make_app(store)
    target = next(q for q in app.library.questions() if q.id == "erm/risk")
    store.set_note(target.id, "**Remember** $\\hat R \\le R$ and [red]this[/red]\n\n- one\n")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: "one" in note_text(reader, target))
        text = note_text(reader, target)
        assert "**" not in text and "$" not in text and "\\hat" not in text
        assert "Remember" in text and "R̂ ≤ R" in text and "[red]this[/red]" in text

        await pilot.press("s")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        review = review_screen(app)
        assert review.session is not None and review.session.current == target
        in_review = review.query_one("#review-note", MarkdownText)
        await wait_until(pilot, lambda: "one" in in_review.plain)
        assert in_review.display and "R̂ ≤ R" in in_review.plain


async def test_a_note_written_before_space_shows_with_the_answer(store: Store) -> None:
    """The note is read with the card (so space shows it at once); one written on the card
    before space is the one shown."""
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        review = review_screen(app)
        assert review.session is not None and review.session.current is not None
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).insert("written before the answer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is review and not review.revealed
        await pilot.press("space")
        await settle(pilot)
        in_review = review.query_one("#review-note", MarkdownText)
        assert review.revealed and in_review.display
        assert "written before the answer" in in_review.plain
        assert review.query_one("#review-grades").display  # the grades came with the preview


async def test_a_match_in_a_personal_note_is_in_the_snippet_and_highlighted(
        store: Store) -> None:
    app = make_app(store)
    target = "occam/apply"
    store.set_note(target, "Recall the **zebrafish** example from the lecture.")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(SearchPanel)
        await wait_until(pilot, lambda: panel.index is not None)
        await pilot.press("slash", *"zebrafish")
        await wait_until(pilot, lambda: panel.results is not None
                         and panel.results.query == "zebrafish")
        results = panel.query_one(OptionList)
        assert results.option_count >= 1
        first = results.get_option_at_index(0)
        assert first.id == target
        prompt = first.prompt
        assert isinstance(prompt, RichText)
        assert "your note: Recall the zebrafish example" in prompt.plain
        assert any("reverse" in str(span.style) and prompt.plain[span.start:span.end]
                   == "zebrafish" for span in prompt.spans)

        await pilot.press("enter")
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.question is not None
                         and reader.question.id == target)
        question = reader.question
        assert question is not None
        await wait_until(pilot, lambda: "zebrafish" in note_text(reader, question))
        mark = component_style(reader, "md--highlight")
        await wait_until(pilot, lambda: "zebrafish" in styled_words(
            reader.part_strips("note", reader.index), mark))


async def test_starred_only_with_nothing_due_offers_a_drill_that_grades_nothing(
        store: Store) -> None:
    app = make_app(store)
    starred = ["erm/risk", "overfitting/what"]
    scheduler = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    for qid in starred:
        store.set_bookmark(qid, True)
        store.grade(qid, 4, scheduler)  # easy: due in days, so nothing starred is due
    due_before = {qid: store.card(qid).card.due for qid in starred}  # type: ignore[union-attr]
    reviews_before = live_reviews(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        review = review_screen(app)
        await pilot.press("B")
        await settle(pilot)
        assert review.session is not None and review.session.current is None
        hint = str(review.query_one("#review-hint", Static).render())
        assert "Press d to drill the 2 bookmarked question(s)" in hint

        await pilot.press("d")
        await settle(pilot)
        shown = []
        for _ in starred:
            assert review.drill
            shown.append(review.drill[0].id)
            assert not review.query_one("#review-answer").display
            await pilot.press("space")
            await settle(pilot)
            assert review.query_one("#review-answer").display
            assert not review.query_one("#review-grades").display  # no grades in a drill
            await pilot.press("3")  # ignored
            await settle(pilot)
            await pilot.press("space")
            await settle(pilot)
        assert shown == starred and review.drill is None
        assert "Drilled 2 bookmarked question(s)" in str(
            review.query_one("#review-hint", Static).render())
    assert live_reviews(store) == reviews_before
    assert {qid: store.card(qid).card.due for qid in starred} == due_before  # type: ignore[union-attr]


async def test_on_a_wide_screen_the_demo_keeps_its_place_and_the_answer_is_rendered_ahead(
        store: Store) -> None:
    """Revealing changes no widths: the demo pane's place is kept (invisible, not animating)
    beside a hidden answer whose topic has a demo, and the answer is already rendered for
    the card's width; a question without a demo keeps the whole width."""
    from workbench.tui.widgets.demo_pane import DemoPane
    from workbench.tui.widgets.rendered_lines import MARKDOWN_CACHE, LineStyles, markdown_key

    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        review = review_screen(app)
        question = review.session.current
        assert isinstance(question, Question) and question.topic_id == "erm"  # has a demo
        card, pane = review.query_one("#review-card"), review.query_one(DemoPane)
        answer = review.query_one("#review-answer", MarkdownText)
        width = card.size.width
        assert pane.display and not pane.visible and not pane._can_animate()
        assert width < 100  # the pane's place is kept
        text_width = card.scrollable_content_region.width
        assert markdown_key(question.body, text_width, LineStyles.of(answer)) in MARKDOWN_CACHE

        await pilot.press("space")
        await settle(pilot)
        assert answer.display and pane.visible and card.size.width == width
        assert answer.size.width == text_width

        for _ in range(2):  # on to the question without a demo
            await pilot.press("3")
            await settle(pilot)
            await pilot.press("space")
            await settle(pilot)
        occam = review.session.current
        assert isinstance(occam, Question) and occam.topic_id == "occam"
        assert not pane.display and card.size.width > width
