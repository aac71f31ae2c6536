"""A tiny notes folder for the search tests, written to a temp dir (independent of content/)."""

from __future__ import annotations

from pathlib import Path

from workbench.content.loader import load_library
from workbench.content.model import Library

TOPICS = {
    "01-training/01-l1-vs-l2.md": '''+++
id = "l1-vs-l2"
title = "L1 vs. L2 regularization"
difficulty = "M"
tags = ["training", "regularization"]
aliases = ["lasso", "ridge", "weight decay"]
+++

## [M] Why does L1 regularization lead to sparsity? {#sparsity}

The L1 penalty $\\lambda \\sum_i |w_i|$ has a constant subgradient, so weights reach exactly zero.
Sparse solutions sit on the corners of the ball.

## [E] What does L2 regularization do to the weights? {#shrink}

It shrinks them smoothly toward zero; the penalty is $\\|w\\|_2^2$ and its gradient is linear.
''',
    "01-training/02-ensembling.md": '''+++
id = "ensembling"
title = "Ensembling"
difficulty = "E"
tags = ["training"]
+++

## [E] Why does ensembling reduce variance? {#variance}

Averaging independently trained models cancels their errors: the bias stays, the variance drops.

## [H] When does an ensemble of models not help? {#no-help}

When the members make the same mistakes (correlated errors), averaging cannot cancel them.
''',
    "02-deep-learning/01-attention.md": '''+++
id = "attention"
title = "Attention"
difficulty = "H"
tags = ["deep-learning"]
aliases = ["transformer", "self-attention"]
+++

## [H] How does scaled dot-product attention work? {#scaled}

Scores are $\\mathrm{softmax}(QK^T / \\sqrt{d_k})$ applied to the values; the bias variance
tradeoff does not enter here. Optimisation uses the usual gradient descent.

## [M] Why is attention better than recurrence for long sequences? {#vs-recurrence}

Every token can look at every other token in one step, so long-range paths are short.
''',
}


def write_notes(root: Path, topics: dict[str, str] | None = None) -> Path:
    """Write the fixture topic files under `root` and return it."""
    for relative, text in (topics or TOPICS).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def fixture_library(root: Path) -> Library:
    """Load the notes under `root`, failing loudly if the fixture itself is broken."""
    library = load_library([root])
    assert not library.problems, library.problems
    return library
