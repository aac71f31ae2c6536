"""Pilot tests of study mode in the app: review session, tree marks, bookmarks, notes, D, stats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fsrs import Scheduler
from textual.pilot import Pilot
from textual.widgets import Button, Static, TextArea

from study_app_fixture import FakeClock, live_reviews, make_app, make_library, seed_history
from workbench.study import Store, StoreError
from workbench.tui import app as app_module
from workbench.tui.app import WorkbenchApp
from workbench.tui.messages import NoteSaved
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.note_editor import NoteEditor
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.stats import StatsScreen
from workbench.tui.widgets.reader import QuestionBlock, Reader
from workbench.tui.widgets.topic_tree import TopicTree

INTERVAL = re.compile(r"(<1m|\d+(m|h|d)|\d+\.\d(mo|y))$")


def label(app: WorkbenchApp, node_id: str) -> str:
    """The plain text of a tree node's label."""
    tree = app.screen_stack[0].query_one(TopicTree)
    node = tree.node_for(node_id)
    assert node is not None
    return node.label.plain


async def settle(pilot: Pilot) -> None:
    """Let the start-up selection and any screen switch finish."""
    for _ in range(3):
        await pilot.pause(0.05)


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
            await pilot.pause()
            assert review.session.current == expected_next  # the next card is there at once
            assert not review.revealed
            await pilot.press("space")
            await settle(pilot)
        assert live_reviews(store) == 3
        assert [store.card(q.id) is not None for q in (first, second, third)] == [True] * 3

        await pilot.press("3")
        await pilot.pause()
        assert live_reviews(store) == 4
        await pilot.press("u")
        await pilot.pause()
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
            await pilot.pause()
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
        await pilot.pause()
        assert store.bookmarked_ids() == {target.id}
        assert "★" in label(app, target.id)
        block = next(b for b in reader.query(QuestionBlock) if b.question == target)
        assert "★" in str(block.query_one(".question-title", Static).render())

        await pilot.press("s")
        await settle(pilot)
        await pilot.press("B")  # bookmarked only
        await pilot.pause()
        assert review_screen(app).session.current == target
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert store.bookmarked_ids() == set()
        assert "★" not in label(app, target.id)


class RecordingApp(WorkbenchApp):
    """Records NoteSaved messages, as the search index will receive them."""

    CSS_PATH = Path(app_module.__file__).parent / "workbench.tcss"
    saved: list[str]

    def on_note_saved(self, message: NoteSaved) -> None:
        self.saved.append(message.question_id)


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
        block = next(b for b in reader.query(QuestionBlock) if b.question == target)
        shown = block.query_one(".personal-note", Static)
        assert shown.display
        assert str(shown.render()) == "see [bold]ESL[/bold] 7.3[31m"  # no markup, no ESC

        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(TextArea).insert("more")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)  # unsaved changes: asks first
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert store.note(target.id) == note and app.saved == [target.id]


async def test_capital_d_jumps_to_the_next_due_question(store: Store, clock: FakeClock) -> None:
    app = make_app(store)
    questions = list(app.library.questions())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        assert reader.question == questions[0]
        assert any("Nothing is due" in n.message for n in app._notifications)

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
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n", "s", "b", "S")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(Reader).question == list(app.library.questions())[1]
        messages = [n.message for n in app._notifications]
        assert any("Study mode is off: progress.sqlite3 is read-only" in m for m in messages)
        assert any("Study mode is unavailable" in m for m in messages)
