"""Classification-vs-regression demo: class labels are names, not numbers.

Three 1-D clusters get class codes in some order. Least squares on the codes (then rounding)
imposes an order and a distance between classes: when the middle cluster does not get the middle
code, a monotone fit can get at most two clusters right (≤ 2/3 accuracy). A softmax classifier on
the same features does not care how classes are numbered: the targets, loss and head differ,
the features do not (Bishop PRML §4.1.3, Fig. 4.5; ESL §4.2 on masking).
"""

from __future__ import annotations

import math

import numpy as np

from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

POINTS = 3000
SPREAD = 0.7
REGRESSION_LR = 0.05
SOFTMAX_LR = 0.1
STEPS_PER_FRAME = 20
FRAMES = 60
SHOWN_POINTS = 150
ORDERS = ("102", "012", "021", "120", "201", "210")
"""Codes given to the left, middle and right cluster; the default puts them out of order."""
GRID = np.linspace(-1.0, 1.0, 200)


def make_clusters(rng: np.random.Generator, separation: float, n: int = POINTS
                  ) -> tuple[np.ndarray, np.ndarray]:
    """n points from three equal Gaussian clusters at −s, 0, +s (sd 0.7); cluster 0 is leftmost."""
    cluster = rng.integers(0, 3, n)
    return (cluster - 1) * separation + SPREAD * rng.standard_normal(n), cluster


def design(x: np.ndarray, center: float, scale: float) -> np.ndarray:
    """Features (standardised x, 1): identical for the regression and the softmax model."""
    return np.column_stack([(x - center) / scale, np.ones_like(x)])


def regression_steps(phi: np.ndarray, codes: np.ndarray, w: np.ndarray, steps: int,
                     lr: float = REGRESSION_LR) -> np.ndarray:
    """Gradient descent on the mean squared error ½·mean((Φw − code)²)."""
    for _ in range(steps):
        w = w - lr * phi.T @ (phi @ w - codes) / codes.size
    return w


def softmax_steps(phi: np.ndarray, labels: np.ndarray, weights: np.ndarray, steps: int,
                  lr: float = SOFTMAX_LR) -> np.ndarray:
    """Gradient descent on the mean cross-entropy of softmax(Φ·W) against one-hot labels."""
    # Work class-major (classes × points): reductions over 3 classes are then fast.
    phi_t = np.ascontiguousarray(phi.T)
    onehot = np.eye(weights.shape[1])[:, labels]
    for _ in range(steps):
        logits = weights.T @ phi_t
        prob = np.exp(logits - logits.max(axis=0))
        prob /= prob.sum(axis=0)
        weights = weights - lr * phi_t @ (prob - onehot).T / labels.size
    return weights


def rounded_codes(phi: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Regression turned back into classes: the nearest valid code to the prediction."""
    return np.clip(np.rint(phi @ w), 0, 2).astype(int)


def bayes_accuracy(separation: float) -> float:
    """Best possible accuracy: midpoint boundaries, so the outer clusters err on one side only.

    Each boundary is s/2 from a centre, so a point crosses it with probability Φ(−s/(2·sd)).
    """
    cross = 0.5 * math.erfc(separation / (2 * SPREAD) / math.sqrt(2))
    return 1 - 4 * cross / 3


@register
class ClassVsRegression(Demo):
    """Fits regression-on-codes and softmax classification side by side, by gradient descent."""

    id = "class_vs_regression"
    title = "Classes are not numbers"
    takeaway = (
        "Regressing on class codes imposes an order and distances between classes, capping "
        "accuracy at 2/3 when the codes are out of order; softmax classification ignores the "
        "numbering."
    )
    topic = "classification-vs-regression"
    params = (
        Param("order", "codes left/mid/right", "choice", ORDERS[0], choices=ORDERS,
              help="which code (0, 1, 2) each cluster gets, left to right"),
        Param("s", "cluster separation s", "float", 3.0, lo=1.0, hi=5.0, step=0.5,
              help="distance between neighbouring cluster centres (each has sd 0.7)"),
        Param("head", "head shown", "choice", "both", choices=("both", "regression", "softmax"),
              resets=False, help="which model's prediction to draw"),
    )

    def _setup(self) -> None:
        self.code_of = np.array([int(c) for c in str(self.values["order"])])
        self.x, cluster = make_clusters(self.rng, float(self.values["s"]))
        self.codes = self.code_of[cluster]
        center, scale = float(self.x.mean()), float(self.x.std())
        self.phi = design(self.x, center, scale)
        self.grid_x = center + 2.5 * scale * GRID
        self.grid_phi = design(self.grid_x, center, scale)
        self.w = np.zeros(2)
        self.weights = np.zeros((2, 3))
        shown = self.rng.choice(POINTS, SHOWN_POINTS, replace=False)
        self.shown = shown
        self.jitter = 0.12 * self.rng.standard_normal(SHOWN_POINTS)
        self.steps = 0

    def _advance(self) -> Frame:
        self.w = regression_steps(self.phi, self.codes.astype(float), self.w, STEPS_PER_FRAME)
        self.weights = softmax_steps(self.phi, self.codes, self.weights, STEPS_PER_FRAME)
        self.steps += STEPS_PER_FRAME
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.steps else None

    def _draw(self) -> Frame:
        reg_acc = round(100 * float(np.mean(rounded_codes(self.phi, self.w) == self.codes)))
        soft_pred = np.argmax(self.phi @ self.weights, axis=1)
        soft_acc = round(100 * float(np.mean(soft_pred == self.codes)))
        middle = int(self.code_of[1])
        metrics = {
            "steps": float(self.steps),
            "regression_accuracy": float(reg_acc),
            "softmax_accuracy": float(soft_acc),
            "middle_code": float(middle),
        }
        caption = (
            f"after {self.steps} GD steps: regression on codes + rounding {reg_acc}% vs "
            f"softmax {soft_acc}% accuracy (middle cluster coded {middle})"
        )
        readouts = (
            f"codes {'-'.join(str(c) for c in self.code_of)}",
            f"regression {reg_acc}%",
            f"softmax {soft_acc}%",
        )
        head = str(self.values["head"])
        series = [
            Series("scatter", self.x[self.shown], self.codes[self.shown] + self.jitter,
                   "points at their code", "data"),
            Series("hline", self.grid_x[:1], np.array([0.5]), "rounding cut-offs", "muted"),
            Series("hline", self.grid_x[:1], np.array([1.5]), "", "muted"),
        ]
        if head in {"both", "regression"}:
            series.append(Series("line", self.grid_x, np.clip(self.grid_phi @ self.w, -0.5, 2.5),
                                 "regression ŷ(x)", "primary"))
        if head in {"both", "softmax"}:
            series.append(Series("step", self.grid_x,
                                 np.argmax(self.grid_phi @ self.weights, axis=1).astype(float),
                                 "softmax class", "highlight"))
        return Frame(
            title="Three clusters, coded " + "-".join(str(c) for c in self.code_of),
            xlabel="x",
            ylabel="class code",
            series=tuple(series),
            xlim=(float(self.grid_x[0]), float(self.grid_x[-1])),
            ylim=(-0.5, 2.5),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=self.steps >= FRAMES * STEPS_PER_FRAME,
        )
