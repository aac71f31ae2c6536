"""Predictions about `hparam_search`: a grid wastes trials on an unimportant axis."""

from __future__ import annotations

from workbench.demos.base import Frame
from workbench.demos.predictions import Prediction, after, thresholds


def _grid_minus_random(before: Frame, after: Frame) -> float:
    """Best grid loss minus best random-search loss, after the change."""
    return float(after.metrics["grid_best"]) - float(after.metrics["random_best"])


PREDICTIONS = (
    Prediction(
        id="hparam_search.more-trials",
        question="Four times the budget: 100 trials instead of 25, over two hyperparameters. "
                 "How many distinct learning rates will the grid try?",
        options=("5, the same", "10", "25", "100"),
        measure=after("grid_etas"),
        pick=thresholds(7.5, 17.5, 62.5),
        observed="{before[trials]:.0f} → {after[trials]:.0f} trials: grid tries "
                 "{before[grid_etas]:.0f} → {after[grid_etas]:.0f} learning rates, random "
                 "search {before[random_etas]:.0f} → {after[random_etas]:.0f}",
        explanations={
            2: "10: a square grid of n trials over two axes tries only √n values of each, so "
               "4× the trials buys 2× the learning rates; random search tries a new value "
               "in every trial.",
        },
        start={"n": 25},
        change={"n": 100},
        frames=25,
        after_frames=100,
        passage="hyperparameters/tuning-algorithm",
    ),
    Prediction(
        id="hparam_search.grid-vs-random",
        question="25 trials each (up from 4). Which search will find the lower best "
                 "validation loss?",
        options=("grid search", "about a tie", "random search"),
        measure=_grid_minus_random,
        pick=thresholds(-0.003, 0.003),
        observed="after {after[trials]:.0f} trials: grid best {after[grid_best]}, random "
                 "best {after[random_best]} ({after[grid_etas]:.0f} vs "
                 "{after[random_etas]:.0f} learning rates tried)",
        explanations={
            3: "Random search: only the learning rate matters much here, and random search "
               "tries 25 distinct learning rates where the 5×5 grid tries 5 (Bergstra & "
               "Bengio 2012).",
        },
        start={"n": 4},
        change={"n": 25},
        frames=25,
        passage="hyperparameters/tuning-algorithm",
    ),
)
