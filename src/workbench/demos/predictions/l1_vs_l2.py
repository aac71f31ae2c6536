"""Predictions about `l1_vs_l2`: the lasso sets weights exactly to zero, ridge never does."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, after, thresholds

PREDICTIONS = (
    Prediction(
        id="l1_vs_l2.noisy-ridge",
        question="Triple the label noise (σ 1 → 3), at the 30th penalty on the path. How many "
                 "of ridge's 10 weights will be exactly zero?",
        options=("none", "some", "all ten"),
        measure=after("ridge_zeros"),
        pick=thresholds(0.5, 9.5),
        observed="λ={after[lambda]}: ridge zeros {before[ridge_zeros]:.0f} → "
                 "{after[ridge_zeros]:.0f} (smallest |w| {after[ridge_min_abs]}); lasso "
                 "zeros {before[lasso_zeros]:.0f} → {after[lasso_zeros]:.0f}",
        explanations={
            1: "None: the L2 penalty's gradient 2λw vanishes as w → 0, so ridge only shrinks "
               "weights towards zero; only the L1 penalty's constant pull λ·sign(w) can hold "
               "a weight at exactly zero.",
        },
        start={"sigma": 1.0},
        change={"sigma": 3.0},
        frames=30,
        passage="l1-vs-l2/sparsity",
    ),
    Prediction(
        id="l1_vs_l2.small-penalty",
        question="Go down the lasso path from the 30th to the 60th (smallest) penalty, "
                 "about 30× smaller. The number of lasso weights exactly at zero will:",
        options=("drop to none", "stay above zero"),
        measure=after("lasso_zeros"),
        pick=thresholds(0.5),
        observed="λ {before[lambda]} → {after[lambda]}: lasso zeros "
                 "{before[lasso_zeros]:.0f} → {after[lasso_zeros]:.0f} of {after[d]:.0f}",
        explanations={
            1: "Drop to none: a weight is zero only while its correlation with the residual "
               "is below λ; as λ → 0 the lasso approaches least squares, which has no exact "
               "zeros — sparsity comes from the penalty, not from the data.",
        },
        frames=30,
        after_frames=60,
        passage="l1-vs-l2/sparsity",
    ),
)
