"""Predictions (issue 14): answers are computed by running the demo, stable over seeds."""

from __future__ import annotations

import re

import pytest

from workbench.demos.base import Frame
from workbench.demos.predictions import (
    AGAIN,
    GOOD,
    Prediction,
    PredictionError,
    all_predictions,
    get_prediction,
    grade,
    is_right,
    make_demo,
    predictions_for,
    run_prediction,
    thresholds,
)
from workbench.demos.registry import all_demos, get

SEEDS = range(5)
PREDICTIONS = all_predictions()


def test_predictions_are_found_by_demo_and_id() -> None:
    assert PREDICTIONS
    ids = [p.id for p in PREDICTIONS]
    assert len(ids) == len(set(ids))
    for p in PREDICTIONS:
        assert p in predictions_for(p.demo)
        assert get_prediction(p.id) is p
        assert get_prediction(p.card_id) is p
    assert predictions_for("no_such_demo") == ()
    assert get_prediction("no_such_demo.x") is None
    assert get_prediction("") is None


@pytest.mark.parametrize("p", PREDICTIONS, ids=lambda p: p.id)
def test_prediction_is_well_formed(p: Prediction) -> None:
    cls = get(p.demo)
    assert cls is not None
    assert re.fullmatch(r"[a-z_0-9]+\.[a-z0-9-]+", p.id)
    assert p.numeric or 2 <= len(p.options) <= 4
    assert len(set(p.options)) == len(p.options)
    for key in {**p.start, **p.change}:
        cls.param(key)
    assert p.passage.split("/")[0] == cls.topic
    for number, text in p.explanations.items():
        if p.numeric:
            assert number == 0
        else:
            # each explanation names the option it explains
            assert 1 <= number <= len(p.options)
            assert p.options[number - 1].lower() in text.lower(), (number, text)


@pytest.mark.parametrize("p", PREDICTIONS, ids=lambda p: p.id)
def test_answer_is_computed_and_the_same_for_every_seed(p: Prediction) -> None:
    outcomes = [run_prediction(p, seed) for seed in SEEDS]
    answers = {o.answer for o in outcomes}
    assert len(answers) == 1, [(o.seed, o.answer, o.value) for o in outcomes]
    for o in outcomes:
        assert o.explanation == p.explanations[o.answer]
        if not p.numeric:
            assert p.options[o.answer - 1].lower() in o.explanation.lower()
        assert re.search(r"\d", o.observed)
        assert "{" not in o.observed
        assert isinstance(o.before, Frame) and isinstance(o.after, Frame)
    assert run_prediction(p).seed == p.seed


def test_every_demo_has_at_least_two_predictions() -> None:
    short = [cls.id for cls in all_demos() if len(predictions_for(cls.id)) < 2]
    assert not short


@pytest.mark.parametrize("p", PREDICTIONS, ids=lambda p: p.id)
def test_the_change_is_the_only_difference(p: Prediction) -> None:
    start, changed = make_demo(p), make_demo(p, after=True)
    assert start.values == {**start.values, **p.start}
    assert changed.values == {**start.values, **p.change}
    assert start.seed == changed.seed == p.seed
    assert (p.change or p.frames_after != p.frames), "a prediction needs a change"


def test_grade_right_is_good_and_wrong_is_again() -> None:
    p = get_prediction("empirical_risk.double-data")
    assert p is not None
    outcome = run_prediction(p)
    wrong = next(n for n in range(1, len(p.options) + 1) if n != outcome.answer)
    assert is_right(outcome.answer, outcome) and grade(outcome.answer, outcome) == GOOD
    assert not is_right(wrong, outcome) and grade(wrong, outcome) == AGAIN
    assert outcome.answer_text == p.options[outcome.answer - 1]


def test_numeric_prediction_is_right_within_tolerance() -> None:
    base = get_prediction("empirical_risk.halve-noise")
    assert base is not None
    p = Prediction(id="empirical_risk.numeric", question="Train MSE at σ=0.5?", options=(),
                   measure=lambda before, after: float(after.metrics["train"]), pick=None,
                   observed="train {after[train]}", explanations={0: "σ² = 0.25 times (n−d)/n"},
                   start=base.start, change=base.change, frames=base.frames, tolerance=0.05,
                   passage="erm/risk")
    outcome = run_prediction(p)
    assert outcome.answer == 0 and p.numeric
    assert is_right(outcome.value + 0.04, outcome)
    assert not is_right(outcome.value + 0.06, outcome)
    assert grade(outcome.value, outcome) == GOOD


def test_thresholds_pick_by_cut() -> None:
    pick = thresholds(0.5, 2.0)
    assert [pick(v) for v in (0.1, 0.5, 1.0, 2.0, 9.0)] == [1, 2, 2, 3, 3]


def test_bad_prediction_fails_with_a_clear_error() -> None:
    base = get_prediction("empirical_risk.halve-noise")
    assert base is not None
    bad_param = Prediction(id="empirical_risk.bad", question="?", options=("a", "b"),
                           measure=base.measure, pick=thresholds(0.5), observed="",
                           explanations={1: "a", 2: "b"}, change={"nope": 1})
    with pytest.raises(PredictionError, match="no parameter 'nope'"):
        run_prediction(bad_param)
    unexplained = Prediction(id="empirical_risk.bad", question="?", options=("a", "b"),
                             measure=base.measure, pick=thresholds(0.5), observed="",
                             explanations={2: "b"}, start=base.start, change=base.change,
                             frames=3)
    with pytest.raises(PredictionError, match="no explanation for option 1"):
        run_prediction(unexplained)
