"""Demo: concept, covariate and label drift seen through accuracy and PSI monitors.

A logistic model trained at t=0 watches a 2-D stream. Concept drift (the boundary turns by
theta) erodes accuracy to 1 - theta/pi while the input monitor (PSI) stays flat; covariate
drift trips PSI but leaves a well-specified model at the Bayes accuracy; label drift is fixed
by shifting the logits by the prior ratio (Saerens et al. 2002).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from workbench.demos._numbers import plural
from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

BATCH = 200
TRAIN = 2000
FRAMES = 300
BINS = 10
PSI_ALARM = 0.25
RETRAIN_BELOW = 0.75
ANGLE0 = 0.3
SLOPE = 3.0
SEPARATION = 1.2
W0 = np.array([math.cos(ANGLE0), math.sin(ANGLE0)])
SHIFT_DIR = np.array([-math.sin(ANGLE0), math.cos(ANGLE0)])  # along the boundary
MODES = ("none", "concept", "covariate", "label")


def rotation(theta: float) -> np.ndarray:
    """The 2x2 rotation matrix by theta radians."""
    c, s = math.cos(theta), math.sin(theta)
    return np.array([[c, -s], [s, c]])


def sample_concept(rng: np.random.Generator, n: int, theta: float) -> tuple[np.ndarray, np.ndarray]:
    """x ~ N(0, I); noiseless labels from the boundary w0 turned by theta."""
    x = rng.standard_normal((n, 2))
    return x, (x @ (rotation(theta) @ W0) > 0).astype(float)


def sample_covariate(rng: np.random.Generator, n: int, shift: float
                     ) -> tuple[np.ndarray, np.ndarray]:
    """x ~ N(shift * u, I), u along the boundary; labels from P(y=1|x) = sigmoid(3 w0.x)."""
    x = rng.standard_normal((n, 2)) + shift * SHIFT_DIR
    p = 1.0 / (1.0 + np.exp(-SLOPE * (x @ W0)))
    return x, (rng.random(n) < p).astype(float)


def sample_label(rng: np.random.Generator, n: int, prior: float) -> tuple[np.ndarray, np.ndarray]:
    """y ~ Bernoulli(prior), then x | y ~ N(+-separation * w0, I)."""
    y = (rng.random(n) < prior).astype(float)
    x = rng.standard_normal((n, 2)) + np.outer(2 * y - 1, SEPARATION * W0)
    return x, y


def fit_logistic(x: np.ndarray, y: np.ndarray, ridge: float = 1e-3, iters: int = 30
                 ) -> np.ndarray:
    """Logistic regression (weights then intercept) by Newton's method with a small ridge."""
    design = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(design.shape[1])
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -30, 30)))
        grad = design.T @ (p - y) / len(y) + ridge * beta
        hess = (design.T * (p * (1 - p))) @ design / len(y) + ridge * np.eye(len(beta))
        beta -= np.linalg.solve(hess, grad)
    return beta


def logits(model: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The model's log-odds for each row of x."""
    return x @ model[:-1] + model[-1]


def quantile_edges(column: np.ndarray, bins: int = BINS) -> np.ndarray:
    """Inner bin edges at the training quantiles (each bin holds 1/bins of training data)."""
    return np.quantile(column, np.linspace(0, 1, bins + 1)[1:-1])


def psi(edges: np.ndarray, column: np.ndarray) -> float:
    """Population stability index of a sample against equal-mass training bins."""
    expected = 1.0 / (len(edges) + 1)
    actual = np.bincount(np.searchsorted(edges, column), minlength=len(edges) + 1) / len(column)
    actual = np.maximum(actual, 1e-4)
    return float(np.sum((actual - expected) * np.log(actual / expected)))


def normal_cdf(z: float) -> float:
    """Standard normal CDF."""
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


@cache
def _hermite_rule() -> tuple[np.ndarray, np.ndarray]:
    return np.polynomial.hermite.hermgauss(80)


def bayes_accuracy_logistic(shift: float) -> float:
    """Bayes accuracy under the covariate-mode labeller for x ~ N(shift u, I), by quadrature."""
    nodes, weights = _hermite_rule()
    mean, sd = SLOPE * shift * float(W0 @ SHIFT_DIR), SLOPE
    z = mean + math.sqrt(2.0) * sd * nodes
    return float(np.sum(weights / (1.0 + np.exp(-np.abs(z)))) / math.sqrt(math.pi))


def bayes_accuracy_label(prior: float) -> float:
    """Bayes accuracy for x | y ~ N(+-m w0, I) with P(y=1) = prior (threshold at the LLR)."""
    m = SEPARATION
    cut = math.log((1 - prior) / prior) / (2 * m)
    return prior * normal_cdf(m - cut) + (1 - prior) * normal_cdf(m + cut)


def concept_theory(model: np.ndarray, theta: float) -> float:
    """Expected accuracy 1 - angle/pi of a centred linear model against the turned boundary."""
    w = model[:-1] / np.linalg.norm(model[:-1])
    cos = float(np.clip(w @ (rotation(theta) @ W0), -1.0, 1.0))
    return 1.0 - math.acos(cos) / math.pi


@register
class DriftMonitor(Demo):
    """Stream batches under one kind of drift and watch which monitor notices."""

    id = "drift_monitor"
    title = "Different drifts fail differently"
    takeaway = ("Concept drift silently erodes accuracy while input monitors stay flat; "
                "covariate drift trips them without hurting a well-specified model; "
                "label drift needs a prior fix.")
    topic = "production-degradation"
    params = (
        Param("mode", "Drift type", "choice", "concept", choices=MODES,
              help="What changes over time: nothing, P(y|x), P(x) or P(y)"),
        Param("speed", "Drift speed", "float", 0.005, lo=0.0, hi=0.05, step=0.0025,
              help="Per batch: boundary turn (rad), mean shift (sd) or 2x prior change"),
        Param("window", "Monitor window", "int", 1000, lo=50, hi=2000, step=250, resets=False,
              help="Samples in the rolling accuracy and PSI windows"),
    )

    def _setup(self) -> None:
        self.mode = str(self.values["mode"])
        self.speed = float(self.values["speed"])
        x, y = self._sample(0, TRAIN)
        self.model = fit_logistic(x, y)
        self.edges = [quantile_edges(x[:, j]) for j in range(2)]
        self.recent = np.empty((0, 6))  # x1, x2, y, correct, adjusted correct, theory
        self.history: list[tuple[float, ...]] = []
        self.retrains: list[tuple[float, float]] = []

    def _drift(self, t: int) -> float:
        if self.mode == "label":
            return min(0.95, 0.5 + self.speed * t / 2)
        return self.speed * t

    def _sample(self, t: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        amount = self._drift(t)
        if self.mode == "concept":
            return sample_concept(self.rng, n, amount)
        if self.mode == "label":
            return sample_label(self.rng, n, amount)
        return sample_covariate(self.rng, n, amount if self.mode == "covariate" else 0.0)

    def _theory(self, t: int) -> float:
        amount = self._drift(t)
        if self.mode == "concept":
            return concept_theory(self.model, amount)
        if self.mode == "label":
            return bayes_accuracy_label(amount)
        return bayes_accuracy_logistic(amount if self.mode == "covariate" else 0.0)

    def _advance(self) -> Frame:
        t = self.index + 1
        x, y = self._sample(t, BATCH)
        score = logits(self.model, x)
        prior = self._drift(t) if self.mode == "label" else 0.5
        adjusted = score + math.log(prior / (1 - prior))
        rows = np.column_stack([x, y, (score > 0) == (y > 0.5), (adjusted > 0) == (y > 0.5),
                                np.full(BATCH, self._theory(t))])
        self.recent = np.vstack([self.recent, rows])[-2000:]
        window = self.recent[-int(self.values["window"]):]
        acc, adj, theory = window[:, 3:6].mean(axis=0)
        drift_psi = max(psi(self.edges[j], window[:, j]) for j in range(2))
        self.history.append((t, acc, theory, drift_psi, adj))
        retrained = acc < RETRAIN_BELOW and len(window) >= 50 and (
            not self.retrains or t - self.retrains[-1][0] >= len(window) / BATCH)
        if retrained:
            self.model = fit_logistic(window[:, :2], window[:, 2])
            self.retrains.append((float(t), float(acc)))
        return self._draw(done=t >= FRAMES)

    def _draw(self, done: bool) -> Frame:
        t, acc, theory, drift_psi, adj = self.history[-1]
        a, th, p = round(acc, 2), round(theory, 2), round(drift_psi, 2)
        amount = round(self._drift(int(t)), 2)
        retrains = len(self.retrains)
        metrics = {"accuracy": a, "theory": th, "psi": p, "drift": amount,
                   "retrains": float(retrains), "psi_alarm": PSI_ALARM}
        if self.mode == "concept":
            caption = (f"concept drift, boundary turned {amount} rad: accuracy {a} (theory {th}) "
                       f"while PSI stays {p}; retrained {plural(retrains, 'time')} "
                       "when outcomes fell")
        elif self.mode == "covariate":
            alarm = "alarms" if p > PSI_ALARM else "is quiet"
            caption = (f"covariate drift, mean moved {amount} sd: PSI {p} {alarm} "
                       f"(threshold {PSI_ALARM}), yet accuracy {a} matches Bayes {th}")
        elif self.mode == "label":
            b = round(adj, 2)
            metrics["adjusted"] = b
            caption = (f"label drift, positives now {amount}: accuracy {a}, prior-corrected "
                       f"{b} (Bayes {th}); PSI {p}")
        else:
            caption = f"no drift: accuracy {a} (Bayes {th}), PSI {p}"
        readouts = (f"accuracy {a:.2f}", f"PSI {p:.2f}", f"retrains {retrains}")
        hist = np.array(self.history)
        series = [Series("line", hist[:, 0], hist[:, 1], "accuracy", "primary"),
                  Series("line", hist[:, 0], hist[:, 2], "theory", "theory"),
                  Series("line", hist[:, 0], np.minimum(hist[:, 3], 1.0), "PSI (max feature)",
                         "secondary"),
                  Series("hline", hist[:1, 0], np.array([PSI_ALARM]), "PSI alarm", "muted")]
        if self.mode == "label":
            series.append(Series("line", hist[:, 0], hist[:, 4], "prior-corrected", "data"))
        if self.retrains:
            marks = np.array(self.retrains)
            series.append(Series("scatter", marks[:, 0], marks[:, 1], "retrain", "highlight"))
        return Frame(title=self.title, xlabel="batch", ylabel="accuracy / PSI",
                     xlim=(0.0, float(FRAMES)), ylim=(0.0, 1.0), series=tuple(series),
                     caption=caption, metrics=metrics, readouts=readouts, done=done)
