"""A whole prediction in the app under the Pilot: P, the question, an answer, the change
played, the outcome against the prediction, the explanation, and the review it records."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from app_waits import demo_laid_out, first_command, settle, wait_until
from study_app_fixture import make_app as make_study_app
from workbench.content.loader import default_roots, load_library
from workbench.demos.predictions import get_prediction
from workbench.study import Store
from workbench.study.prediction_cards import PredictionCard
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets import demo_pane as demo_pane_module
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.reader import Reader
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")

LIBRARY = load_library(default_roots())
CARD = "prediction:empirical_risk.double-data"


def make_app(store: Store, question: str = "erm/risk") -> WorkbenchApp:
    return WorkbenchApp(LIBRARY, restore=UiState("erm", question), autoplay=False, store=store)


def text_of(pane: DemoPane, name: str) -> str:
    return str(pane.query_one(f"#{name}", Static).render())


def verdict(pane: DemoPane) -> str:
    return text_of(pane, "demo-predict")


def live_grades(store: Store, card: str) -> list[int]:
    """Ratings of the card's reviews that were not undone, oldest first."""
    return [row[0] for row in store.read(
        "SELECT rating FROM reviews WHERE question_id = ? AND uid NOT IN "
        "(SELECT review_uid FROM undos) ORDER BY seq", (card,))]


async def demo_pane(pilot: Pilot, demo_id: str = "empirical_risk") -> DemoPane:
    app = pilot.app
    await wait_until(pilot, lambda: bool(app.screen.query(DemoPane))
                     and app.screen.query_one(DemoPane).demo is not None)
    pane = app.screen.query_one(DemoPane)
    assert pane.demo is not None and pane.demo.id == demo_id
    return pane


async def test_p_asks_then_plays_the_change_and_records_the_answer(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await demo_pane(pilot)
        await pilot.press("P")
        await wait_until(pilot, lambda: pane.phase == "asking")
        asked = text_of(pane, "demo-predict")
        assert "The sample grows from n=50 to n=100" in asked
        assert "3  shrink to about half" in asked and "1-4 answers" in asked
        assert pane.paused and "predicting" in text_of(pane, "demo-state")
        frozen = pane.frames_drawn
        await pilot.press("space", "full_stop")  # the starting state stays frozen
        assert pane.frames_drawn == frozen and pane.phase == "asking"

        await pilot.press("2")  # "stay about the same": wrong, the gap halves
        await wait_until(pilot, lambda: pane.phase == "revealed", timeout=30)
        assert pane.frames_drawn > frozen + 2  # the change was played, not jumped to
        shown = text_of(pane, "demo-predict")
        assert "✗ not this time: n 50 → 100: gap 0.5" in shown
        assert "The gap does shrink to about half" in text_of(pane, "demo-caption")
        readouts = text_of(pane, "demo-readouts")
        assert "predicted (2) stay about the same   happened (3) shrink to about half" in readouts
        assert "before the change" in text_of(pane, "demo-legend")

        await wait_until(pilot, lambda: live_grades(store, CARD) == [1])
        await wait_until(pilot, lambda: "graded again · 1-4 changes it" in verdict(pane))
        await pilot.press("3")  # the learner overrides: it was a near miss
        await wait_until(pilot, lambda: live_grades(store, CARD) == [3])
        await wait_until(pilot, lambda: "graded good · 1-4 changes it" in verdict(pane))

        reader = app.screen.query_one(Reader)
        await pilot.press("o")  # why: the passage in the notes
        await wait_until(pilot, lambda: reader.question is not None
                         and reader.question.id == "erm/why-empirical")
        await pilot.press("escape")
        assert pane.phase == "" and "predicting" not in text_of(pane, "demo-state")


async def test_a_right_answer_typed_as_a_number_is_graded_good(store: Store) -> None:
    app = WorkbenchApp(LIBRARY, restore=UiState("saddle-points", None), autoplay=False,
                       store=store)
    prediction = get_prediction("saddle_points.one-dimension")
    assert prediction is not None and prediction.numeric
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await demo_pane(pilot, "saddle_points")
        pane.start_prediction(prediction)
        await wait_until(pilot, lambda: pane.phase == "asking")
        assert "type a number" in text_of(pane, "demo-predict")
        await pilot.press(*"0.75", "enter")
        await wait_until(pilot, lambda: pane.phase == "revealed", timeout=30)
        assert "✓ right" in text_of(pane, "demo-predict")
        assert "predicted 0.75   happened 0.7" in text_of(pane, "demo-readouts")
        await wait_until(pilot, lambda: live_grades(store, prediction.card_id) == [3])


@pytest.mark.parametrize("start", ["palette", "button"])
async def test_the_palette_and_the_button_start_a_prediction(store: Store, start: str) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await demo_pane(pilot)
        if start == "palette":
            await pilot.press("ctrl+p", *"Predict")
            await wait_until(pilot, lambda: first_command(app).startswith("Predict"))
            await pilot.press("enter")
        else:
            await wait_until(pilot, lambda: demo_laid_out(pane))
            await settle(pilot)  # the button is where the layout put it before it is clicked
            await pilot.click("#demo-predict-button")
        await wait_until(pilot, lambda: pane.phase == "asking")
        await pilot.press("escape")
        assert pane.phase == ""
        before = pane.frames_drawn
        await pilot.press("full_stop")  # the demo's keys are back
        assert pane.frames_drawn == before + 1


def prediction_steps(answer: str | None) -> Callable[[Pilot], Awaitable[None]]:
    """P on the restored topic; with `answer`, answer it and wait until it is saved."""

    async def steps(pilot: Pilot) -> None:
        pane = await demo_pane(pilot)
        await pilot.press("P")
        await wait_until(pilot, lambda: pane.phase == "asking")
        if answer is not None:
            await pilot.press(answer)
            await wait_until(pilot, lambda: pane.phase == "revealed" and pane.recorded == "",
                             timeout=30)
        await pilot.pause()

    return steps


@pytest.mark.parametrize("answer", [None, "2"], ids=["question", "result"])
def test_snapshot_of_a_prediction(snap_compare: object, store: Store,
                                  monkeypatch: pytest.MonkeyPatch, answer: str | None) -> None:
    monkeypatch.setattr(demo_pane_module, "SLOW_MS", float("inf"))  # a fixed state line
    assert snap_compare(  # type: ignore[operator]
        make_app(store), terminal_size=(120, 36), run_before=prediction_steps(answer))


async def test_a_prediction_card_in_review_is_asked_played_and_graded(store: Store) -> None:
    app = make_study_app(store, predictions=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen)
                         and app.screen.session is not None
                         and app.screen.session.current is not None)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.session is not None
        while not isinstance(screen.session.current, PredictionCard):
            graded = screen.session.reviewed
            await pilot.press("space")
            await wait_until(pilot, lambda: screen.revealed)
            await pilot.press("3")
            await wait_until(pilot, lambda g=graded: screen.session is not None  # type: ignore[misc]
                             and screen.session.reviewed == g + 1)
            await settle(pilot)
        card = screen.session.current
        assert card.id == CARD
        pane = screen.query_one(DemoPane)
        await wait_until(pilot, lambda: pane.phase == "asking")
        assert pane.region.width > 0  # shown at any width for a prediction card
        await pilot.press("3")  # right: the gap halves
        await wait_until(pilot, lambda: pane.phase == "revealed", timeout=30)
        assert "✓ right" in verdict(pane)
        assert "Graded good" in str(screen.query_one("#review-hint", Static).render())
        await pilot.press("4")  # easier than that
        await wait_until(pilot, lambda: "graded easy" in verdict(pane))
        await pilot.press("enter")  # saves the grade and goes on
        await wait_until(pilot, lambda: live_grades(store, CARD) == [4])
        await wait_until(pilot, lambda: screen.session is not None
                         and screen.session.current is not card)
