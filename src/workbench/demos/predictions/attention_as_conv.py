"""Predictions about `attention_as_conv`: softmax heads approach the convolution like e^-α."""

from __future__ import annotations

from workbench.demos.base import Frame
from workbench.demos.predictions import Prediction, falling, ratio


def _off_target(before: Frame, after: Frame) -> float:
    """Off-target attention mass per head after the sweep."""
    return float(after.metrics["off_target_mass"])


PREDICTIONS = (
    Prediction(
        id="attention_as_conv.sharper-heads",
        question="The heads' sharpness α grows 4×, from about 2 to about 8. The largest "
                 "difference between attention and the 3×3 convolution will:",
        options=("stay about the same", "fall to about a quarter",
                 "fall more than a hundredfold"),
        measure=ratio("max_error"),
        pick=falling(0.6, 0.01),
        observed="α {before[alpha]} → {after[alpha]}: max |MHSA − conv| {before[max_error]} → "
                 "{after[max_error]} ({value:.2g}×)",
        explanations={
            3: "Fall more than a hundredfold: the off-target mass of each softmax head falls "
               "like e^(−α), not like 1/α, so the attention layer converges to the convolution "
               "exponentially fast (exactly in the hard limit).",
        },
        frames=21,
        after_frames=41,
        passage="cnn-vs-vit/cnn-vs-vit",
    ),
    Prediction(
        id="attention_as_conv.off-target-mass",
        question="The sweep sharpens the heads from α=0.5 to α≈4.1. What share of each head's "
                 "attention then lands off its target pixel? (a number from 0 to 1, within 0.03)",
        options=(),
        measure=_off_target,
        pick=None,
        observed="α {before[alpha]} → {after[alpha]}: off-target mass "
                 "{before[off_target_mass]} → {after[off_target_mass]}",
        explanations={
            0: "About 4e^(−α): the nearest wrong offsets are 4 neighbours at squared distance 1, "
               "each weighted e^(−α) relative to the target, so at α≈4.1 about 0.06 leaks.",
        },
        frames=1,
        after_frames=31,
        tolerance=0.03,
        passage="cnn-vs-vit/cnn-vs-vit",
    ),
)
