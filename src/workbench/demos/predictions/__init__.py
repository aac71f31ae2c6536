"""Predict, then observe: questions about what a demo will do after a change (issue 14).

A `Prediction` declares a demo's starting parameters, a change, the options and a function
of the demo's own output that picks the correct option. Nothing states the answer: it is
computed by running the demo headless, before and after the change, with the same seed.

API for the app and the CLI::

    predictions_for("empirical_risk")   # (Prediction, ...) for one demo, in file order
    all_predictions()                   # every prediction, demos in id order
    get_prediction("empirical_risk.double-data")   # or None
    outcome = run_prediction(p, seed=None)         # Outcome: answer, value, before, after, ...
    is_right(chosen, outcome); grade(chosen, outcome)   # 3 (good) if right, else 1 (again)
    make_demo(p, seed=None, after=False)           # the demo at the start or after the change
    plain_text(p.question)                         # `$…$` rendered for a plain terminal

Each demo's predictions live in `workbench.demos.predictions.<demo id>` as `PREDICTIONS`,
imported on first use.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from workbench.demos.base import Demo, Frame, ParamError, ParamValue
from workbench.demos.registry import all_demos, get
from workbench.study.prediction_cards import CARD_PREFIX

Measure = Callable[[Frame, Frame], float]
"""The measured number, from the frame before and the frame after the change."""
Pick = Callable[[float], int]
"""The correct option (1-based) for a measured number."""

GOOD, AGAIN = 3, 1


class PredictionError(ValueError):
    """A prediction that cannot be run or graded (unknown id, bad parameter, no explanation)."""


@dataclass(frozen=True)
class Prediction:
    """One question about a change to a demo, answered by running the demo.

    `options` has 2-4 entries; empty means a numeric answer, right within `tolerance`
    (absolute, in the units of the measured value). `explanations` maps an option number
    (0 for a numeric answer) to why that outcome happens; each text names its option.
    """

    id: str
    """`<demo id>.<slug>`."""
    question: str
    """Plain text; `$…$` is inline math."""
    options: tuple[str, ...]
    measure: Measure
    pick: Pick | None
    """None for a numeric prediction (the measured value is the answer)."""
    observed: str
    """What happened, one line with numbers: a `str.format` template over `before` and
    `after` (the frames' metrics) and `value`, e.g. "gap {before[gap]} → {after[gap]}"."""
    explanations: Mapping[int, str]
    start: Mapping[str, ParamValue] = field(default_factory=dict)
    change: Mapping[str, ParamValue] = field(default_factory=dict)
    """Parameters after the change (merged over `start`)."""
    frames: int = 1
    """Steps to run before measuring."""
    after_frames: int | None = None
    """Steps to run after the change (None: `frames`), for changes that are 'run longer'."""
    seed: int = 0
    passage: str = ""
    """Topic or question id in the notes that explains the outcome."""
    tolerance: float = 0.0
    unit: str = ""

    @property
    def demo(self) -> str:
        """Id of the demo this prediction runs."""
        return self.id.split(".", 1)[0]

    @property
    def numeric(self) -> bool:
        """True when the learner types a number instead of picking an option."""
        return not self.options

    @property
    def card_id(self) -> str:
        """Id of this prediction's study card."""
        return CARD_PREFIX + self.id

    @property
    def frames_after(self) -> int:
        """Steps the demo runs after the change before it is measured."""
        return self.after_frames or self.frames

    @property
    def after_values(self) -> dict[str, ParamValue]:
        """Parameters after the change."""
        return {**self.start, **self.change}


@dataclass(frozen=True)
class Outcome:
    """What running a prediction showed."""

    prediction: Prediction
    seed: int
    answer: int
    """The correct option, 1-based; 0 for a numeric prediction (`value` is the answer)."""
    value: float
    """The measured number the answer was picked from."""
    before: Frame
    after: Frame
    observed: str
    """One line with numbers: what happened."""
    explanation: str
    """Why, naming the correct option."""

    @property
    def answer_text(self) -> str:
        """The correct option's text, or the measured value for a numeric prediction."""
        if self.answer == 0:
            return f"{self.value:.3g}{self.prediction.unit}"
        return self.prediction.options[self.answer - 1]


# -- helpers for writing predictions ---------------------------------------------------------

def thresholds(*cuts: float) -> Pick:
    """Option 1 below cuts[0], option 2 below cuts[1], ..., the last option above them all."""
    def pick(value: float) -> int:
        return 1 + sum(1 for cut in cuts if value >= cut)
    return pick


def falling(*cuts: float) -> Pick:
    """For options listed from most to least: option 1 at or above cuts[0], option 2 at or
    above cuts[1], ..., the last option below them all."""
    def pick(value: float) -> int:
        return 1 + sum(1 for cut in cuts if value < cut)
    return pick


def ratio(key: str) -> Measure:
    """after[key] / before[key]."""
    def measure(before: Frame, after: Frame) -> float:
        return float(after.metrics[key]) / float(before.metrics[key])
    return measure


def difference(key: str) -> Measure:
    """after[key] − before[key]."""
    def measure(before: Frame, after: Frame) -> float:
        return float(after.metrics[key]) - float(before.metrics[key])
    return measure


def after(key: str) -> Measure:
    """after[key]."""
    def measure(before: Frame, after: Frame) -> float:
        return float(after.metrics[key])
    return measure


# -- lookup ----------------------------------------------------------------------------------

_BY_DEMO: dict[str, tuple[Prediction, ...]] = {}


def predictions_for(demo_id: str) -> tuple[Prediction, ...]:
    """The predictions about one demo (empty for an unknown demo or one without any)."""
    if demo_id not in _BY_DEMO:
        found: tuple[Prediction, ...] = ()
        if demo_id.isidentifier() and get(demo_id) is not None:
            try:
                module = importlib.import_module(f"{__name__}.{demo_id}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{__name__}.{demo_id}":
                    raise
            else:
                found = tuple(module.PREDICTIONS)
        _BY_DEMO[demo_id] = found
    return _BY_DEMO[demo_id]


def all_predictions() -> tuple[Prediction, ...]:
    """Every prediction, demos in id order."""
    return tuple(p for cls in all_demos() for p in predictions_for(cls.id))


def get_prediction(prediction_id: str) -> Prediction | None:
    """The prediction with this id (also accepts its card id), or None."""
    prediction_id = prediction_id.removeprefix(CARD_PREFIX)
    demo_id = prediction_id.split(".", 1)[0]
    return next((p for p in predictions_for(demo_id) if p.id == prediction_id), None)


# -- running ---------------------------------------------------------------------------------

def make_demo(p: Prediction, seed: int | None = None, after: bool = False) -> Demo:
    """The prediction's demo at its starting parameters (or after the change), not yet run."""
    cls = get(p.demo)
    if cls is None:
        raise PredictionError(f"prediction '{p.id}' names unknown demo '{p.demo}'")
    values = p.after_values if after else dict(p.start)
    for key in values:
        cls.param(key)  # ParamError for a name the demo does not have
    return cls(seed=p.seed if seed is None else seed, **values)


def _run(demo: Demo, frames: int) -> Frame:
    frame = demo.step()
    for _ in range(frames - 1):
        frame = demo.step()
    return frame


def run_prediction(p: Prediction, seed: int | None = None) -> Outcome:
    """Run the demo before and after the change (same seed) and pick the correct option."""
    used = p.seed if seed is None else seed
    try:
        before = _run(make_demo(p, used), p.frames)
        after_frame = _run(make_demo(p, used, after=True), p.frames_after)
    except ParamError as exc:
        raise PredictionError(f"prediction '{p.id}': {exc}") from None
    value = float(p.measure(before, after_frame))
    if not math.isfinite(value):
        raise PredictionError(f"prediction '{p.id}' measured {value}")
    answer = 0 if p.pick is None else p.pick(value)
    if p.options and not 1 <= answer <= len(p.options):
        raise PredictionError(f"prediction '{p.id}' picked option {answer} of {len(p.options)}")
    if answer not in p.explanations:
        raise PredictionError(f"prediction '{p.id}' has no explanation for option {answer}")
    observed = p.observed.format(before=_Figures(before.metrics),
                                 after=_Figures(after_frame.metrics), value=_Figure(value))
    return Outcome(p, used, answer, value, before, after_frame, observed, p.explanations[answer])


class _Figure(float):
    """A float whose default format is short (3 significant digits), for `observed` lines."""

    def __format__(self, spec: str) -> str:
        return format(float(self), spec or ".3g")


class _Figures(dict[str, Any]):
    """Metrics as `_Figure`s, so `{after[gap]}` prints 3 significant digits."""

    def __init__(self, metrics: Mapping[str, float]) -> None:
        super().__init__({k: _Figure(float(v)) for k, v in metrics.items()})


def plain_text(text: str) -> str:
    """A question, option or explanation for a plain terminal: `$…$` rendered, controls removed."""
    from workbench.demos.plot import label_text

    return label_text(text)


# -- grading ---------------------------------------------------------------------------------

def is_right(chosen: float, outcome: Outcome) -> bool:
    """Whether `chosen` (an option number, or a typed number for a numeric prediction) is right."""
    if outcome.prediction.numeric:
        return abs(float(chosen) - outcome.value) <= outcome.prediction.tolerance
    return int(chosen) == outcome.answer


def grade(chosen: float, outcome: Outcome) -> int:
    """The FSRS rating the answer earns: good (3) when right, again (1) when wrong."""
    return GOOD if is_right(chosen, outcome) else AGAIN
