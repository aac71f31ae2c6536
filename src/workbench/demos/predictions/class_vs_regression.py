"""Predictions about `class_vs_regression`: regressing on class codes depends on their order."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, after, falling, thresholds

PREDICTIONS = (
    Prediction(
        id="class_vs_regression.ordered-codes",
        question="Recode the three clusters 0, 1, 2 from left to right (instead of 1, 0, 2). "
                 "Regression on the codes plus rounding will score:",
        options=("still about a third", "between 50% and 90%", "above 90%, like softmax"),
        measure=after("regression_accuracy"),
        pick=thresholds(50, 90),
        observed="regression + rounding {before[regression_accuracy]:.0f}% → "
                 "{after[regression_accuracy]:.0f}%; softmax {before[softmax_accuracy]:.0f}% → "
                 "{after[softmax_accuracy]:.0f}%",
        explanations={
            3: "Above 90%, like softmax: a line through codes in their natural order passes "
               "near every cluster's code, so rounding lands on the right class; out of order "
               "no line can, while softmax does not care how classes are numbered.",
        },
        start={"order": "102"},
        change={"order": "012"},
        frames=10,
        passage="classification-vs-regression/convert",
    ),
    Prediction(
        id="class_vs_regression.closer-clusters",
        question="Move the cluster centres from 3 to 1 apart (each has sd 0.7). Softmax "
                 "accuracy will:",
        options=("stay above 85%", "fall to between 50% and 85%", "fall to chance (about 33%)"),
        measure=after("softmax_accuracy"),
        pick=falling(85, 50),
        observed="softmax {before[softmax_accuracy]:.0f}% → {after[softmax_accuracy]:.0f}%",
        explanations={
            2: "Fall to between 50% and 85%: the clusters now overlap, so even the best "
               "boundaries misclassify the overlap, but they still carry real information.",
        },
        start={"s": 3.0},
        change={"s": 1.0},
        frames=10,
        passage="classification-vs-regression/difference",
    ),
)
