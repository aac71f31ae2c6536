"""Predictions about `attention_vs_recurrence`: attention ignores distance; raw logits saturate."""

from __future__ import annotations

from workbench.demos.predictions import Prediction, after, ratio, thresholds

PREDICTIONS = (
    Prediction(
        id="attention_vs_recurrence.double-distance",
        question="The matching token moves from 13 to 26 positions back. The attention weight "
                 "the query puts on it will:",
        options=("fall to about half or less", "stay about the same", "grow"),
        measure=ratio("attention"),
        pick=thresholds(0.75, 1.25),
        observed="distance {before[distance]:.0f} → {after[distance]:.0f}: attention "
                 "{before[attention]} → {after[attention]}; RNN {before[rnn]} → {after[rnn]}",
        explanations={
            2: "It does stay about the same: attention scores q·k do not depend on position "
               "(no positional encoding here), so the token is one step away at any distance; "
               "the RNN's memory of it decays like a^distance instead.",
        },
        frames=10,
        after_frames=20,
        passage="attention/self-cross-multihead",
    ),
    Prediction(
        id="attention_vs_recurrence.unscaled",
        question="Turn off the 1/√d scaling of the logits (d=64). The weight on the matching "
                 "token, now about 0.9, will:",
        options=("drop below 0.5", "stay between 0.5 and 0.99", "reach about 1 (0.99 or more)"),
        measure=after("attention"),
        pick=thresholds(0.5, 0.99),
        observed="weight on the matching token {before[attention]} scaled → "
                 "{after[attention]} unscaled",
        explanations={
            3: "It does reach about 1 (0.99 or more): q·k has variance d, so without dividing "
               "by √d the logits are 8× larger and the softmax saturates to one-hot — which "
               "is also why its gradients vanish.",
        },
        start={"scaled": True},
        change={"scaled": False},
        frames=20,
        passage="attention/self-cross-multihead",
    ),
)
