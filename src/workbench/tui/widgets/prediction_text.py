"""What the demo pane shows of a prediction: the question with its options, the verdict, and
the plot of the outcome with the starting state drawn faintly behind it.

Prediction text is content: it is shown as plain text (never markup), control characters
removed, `$…$` rendered as the reader renders inline math.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rich.text import Text

from workbench.demos.base import Frame, Series
from workbench.demos.predictions import Outcome, Prediction, is_right
from workbench.textsafe import clean_text

GRADE_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}
_MATH = re.compile(r"\$([^$]+)\$")
GHOSTED = frozenset({"line", "step", "scatter"})
"""Series kinds drawn again, faintly, from the starting state under the outcome."""


def plain(text: str) -> str:
    """Content text as shown: control characters removed, inline math rendered."""
    from workbench.mathtext import render_inline

    return _MATH.sub(lambda m: render_inline(m.group(1)), clean_text(text))


def chosen_text(prediction: Prediction, chosen: float) -> str:
    """The learner's answer as words: the option's text, or the typed number."""
    if prediction.numeric:
        return f"{chosen:g}{prediction.unit}"
    return f"({int(chosen)}) {plain(prediction.options[int(chosen) - 1])}"


def answer_text(outcome: Outcome) -> str:
    """What happened, as an option or the measured number."""
    if outcome.prediction.numeric:
        return f"{outcome.value:.3g}{outcome.prediction.unit}"
    return f"({outcome.answer}) {plain(outcome.answer_text)}"


def question(prediction: Prediction, waiting: bool) -> Text:
    """The question, each option on its own line, and what to press."""
    text = Text()
    text.append("Predict: ", style="bold")
    text.append(plain(prediction.question))
    for number, option in enumerate(prediction.options, start=1):
        text.append(f"\n  {number}  ", style="bold")
        text.append(plain(option))
    if waiting:
        text.append("\nrunning the demo…", style="dim")
    elif prediction.numeric:
        text.append("\ntype a number, enter answers · escape cancels", style="dim")
    else:
        text.append(f"\n1-{len(prediction.options)} answers · escape cancels", style="dim")
    return text


def verdict(outcome: Outcome, chosen: float, rating: int | None, done: bool,
            recorded: str) -> Text:
    """While the change plays, the question and the answer given; then right or not, what
    happened in numbers, and how it is graded (predicted and real outcome are in the
    readouts, the explanation in the caption)."""
    prediction = outcome.prediction
    text = Text()
    if not done:
        text.append("Predict: ", style="bold")
        text.append(plain(prediction.question), style="dim")
        text.append("\nyou said ")
        text.append(chosen_text(prediction, chosen), style="bold")
        text.append(" · watch the change…", style="dim")
        return text
    right = is_right(chosen, outcome)
    text.append("✓ right" if right else "✗ not this time",
                style="bold green" if right else "bold red")
    text.append(f": {plain(outcome.observed)}")
    hints = []
    if rating is not None:
        hints.append(f"graded {GRADE_NAMES[rating]}{recorded} · 1-4 changes it")
    if prediction.passage:
        hints.append("o: why, in the notes")
    text.append("\n" + " · ".join([*hints, "escape ends"]), style="dim")
    return text


def compared(outcome: Outcome, chosen: float) -> Text:
    """Predicted against what happened, for the readout line under the plot."""
    right = is_right(chosen, outcome)
    text = Text()
    text.append("predicted ", style="dim")
    text.append(chosen_text(outcome.prediction, chosen),
                style="bold green" if right else "bold red")
    text.append("   happened ", style="dim")
    text.append(answer_text(outcome), style="bold")
    return text


def marked(outcome: Outcome) -> Frame:
    """The outcome's frame with the starting state drawn faintly behind it, and the
    explanation as its caption."""
    before = tuple(replace(s, style="muted", label="before the change" if i == 0 else "")
                   for i, s in enumerate(s for s in outcome.before.series
                                         if s.kind in GHOSTED))
    series: tuple[Series, ...] = before + outcome.after.series
    if outcome.after.heatmap is not None:
        series = outcome.after.series  # a heatmap has no room for a second state
    return replace(outcome.after, series=series, caption=plain(outcome.explanation))
