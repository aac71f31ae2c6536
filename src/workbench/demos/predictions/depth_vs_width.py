"""Predictions about `depth_vs_width`: depth multiplies linear pieces, width adds them."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, after, ratio, thresholds

PREDICTIONS = (
    Prediction(
        id="depth_vs_width.one-more-layer",
        question="Add a layer to the folding (tent) network, L=4 to L=5 (6 more parameters). "
                 "Its number of linear pieces will:",
        options=("grow by one", "double", "grow fourfold"),
        measure=ratio("deep_pieces"),
        pick=thresholds(1.5, 3.0),
        observed="L {before[L]:.0f} → {after[L]:.0f}: deep pieces {before[deep_pieces]:.0f} → "
                 "{after[deep_pieces]:.0f} ({before[deep_params]:.0f} → "
                 "{after[deep_params]:.0f} params); a shallow net of the same size: at most "
                 "{after[shallow_max_pieces]:.0f}",
        explanations={
            2: "Double: each tent layer folds the interval onto itself, so every piece becomes "
               "two — 2^L pieces — while a shallow net gains only one piece per unit.",
        },
        frames=30,
        after_frames=38,
        passage="wide-vs-deep/expressivity",
    ),
    Prediction(
        id="depth_vs_width.random-weights",
        question="Same deep architecture at L=4, but with random He-initialised weights "
                 "instead of the tent construction. How many linear pieces will it have?",
        options=("only a handful (fewer than 10)", "between 10 and 15", "still 16 = 2^L"),
        measure=after("deep_pieces"),
        pick=thresholds(9.5, 15.5),
        observed="L={after[L]:.0f}: {before[deep_pieces]:.0f} pieces constructed, "
                 "{after[deep_pieces]:.0f} with random weights",
        explanations={
            1: "Only a handful (fewer than 10): 2^L is what depth can reach, not what it "
               "gets by chance; random networks have piece counts that grow about linearly "
               "in the number of units (Hanin & Rolnick 2019).",
        },
        start={"init": "tent"},
        change={"init": "he"},
        frames=30,
        passage="wide-vs-deep/expressivity",
    ),
)
