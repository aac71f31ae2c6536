"""ERM demo: the fitted model's empirical risk is optimistic; both risks meet as n grows."""

from __future__ import annotations

import numpy as np

from workbench.demos._numbers import relation, sig
from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

REPLICATES = 64
MAX_SAMPLES = 1000
GROWTH = 25
"""Each frame adds at least n/GROWTH samples, so the log-n axis fills at an even pace."""


def expected_train_risk(n: np.ndarray | float, d: int, sigma: float) -> np.ndarray:
    """E[training MSE] of OLS with d weights: σ²(n−d)/n (RSS/σ² is χ² with n−d dof)."""
    return sigma**2 * (np.asarray(n, dtype=float) - d) / np.asarray(n, dtype=float)


def expected_true_risk(n: np.ndarray | float, d: int, sigma: float) -> np.ndarray:
    """E[true risk] of OLS with Gaussian design: σ²(n−1)/(n−d−1), for n > d+1."""
    n = np.asarray(n, dtype=float)
    return sigma**2 * (n - 1) / (n - d - 1)


class RiskStreams:
    """Replicate OLS fits that grow sample by sample through running sufficient statistics."""

    def __init__(self, w_star: np.ndarray, sigma: float, replicates: int) -> None:
        d = w_star.size
        self.w_star = w_star
        self.sigma = sigma
        self.n = 0
        self.xtx = np.zeros((replicates, d, d))
        self.xty = np.zeros((replicates, d))
        self.yty = np.zeros(replicates)

    def add(self, rng: np.random.Generator, count: int) -> None:
        """Draw `count` new (x, y) pairs per replicate, x ~ N(0, I), y = x·w* + σε."""
        x = rng.standard_normal((self.xty.shape[0], count, self.w_star.size))
        y = x @ self.w_star + self.sigma * rng.standard_normal((self.xty.shape[0], count))
        xt = x.transpose(0, 2, 1)
        self.xtx += xt @ x
        self.xty += (xt @ y[..., None])[..., 0]
        self.yty += np.einsum("rn,rn->r", y, y)
        self.n += count

    def risks(self) -> tuple[np.ndarray, np.ndarray]:
        """Per replicate: empirical risk (training MSE) and exact true risk σ² + ‖ŵ − w*‖²."""
        w_hat = np.linalg.solve(self.xtx, self.xty[..., None])[..., 0]
        rss = self.yty - 2 * np.einsum("ri,ri->r", w_hat, self.xty) + np.einsum(
            "ri,rij,rj->r", w_hat, self.xtx, w_hat
        )
        true = self.sigma**2 + np.sum((w_hat - self.w_star) ** 2, axis=1)
        return np.maximum(rss, 0.0) / self.n, true


def sample_risks(
    n: int, d: int, sigma: float, replicates: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Empirical and true risk of OLS fits on `replicates` independent samples of size n."""
    streams = RiskStreams(rng.standard_normal(d), sigma, replicates)
    streams.add(rng, n)
    return streams.risks()


@register
class EmpiricalRisk(Demo):
    """Grows the sample for 64 replicate OLS fits and tracks empirical against true risk."""

    id = "empirical_risk"
    title = "Empirical risk is an optimistic estimate of risk"
    takeaway = (
        "The minimiser's empirical risk sits below the noise floor σ² while its true risk sits "
        "above it; the gap shrinks like 2σ²d/n as data grows."
    )
    topic = "erm"
    params = (
        Param("d", "weights d", "int", 5, lo=1, hi=20, step=1,
              help="number of fitted weights (input dimension)"),
        Param("sigma", "noise σ", "float", 1.0, lo=0.1, hi=2.0, step=0.1,
              help="label noise; σ² is the best possible (Bayes) risk"),
        Param("speed", "samples/frame", "int", 1, lo=1, hi=16, step=1, resets=False,
              help="minimum number of new samples per frame"),
    )

    def _setup(self) -> None:
        d = int(self.values["d"])
        sigma = float(self.values["sigma"])
        self.streams = RiskStreams(self.rng.standard_normal(d), sigma, REPLICATES)
        self.streams.add(self.rng, d + 2)
        self.history: list[tuple[int, float, float, float, float]] = []

    def _advance(self) -> Frame:
        if self.history:
            count = max(int(self.values["speed"]), self.streams.n // GROWTH)
            self.streams.add(self.rng, min(count, MAX_SAMPLES - self.streams.n))
        train, true = self.streams.risks()
        means = (float(train.mean()), float(true.mean()))
        self.history.append((self.streams.n, *means, float(train[0]), float(true[0])))
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.history else None

    def _draw(self) -> Frame:
        d = int(self.values["d"])
        sigma = float(self.values["sigma"])
        rows = np.array(self.history)
        n = rows[:, 0]
        n_now = int(n[-1])
        figures = {
            "sigma2": sig(sigma**2, 3),
            "train": sig(float(rows[-1, 1]), 3),
            "true": sig(float(rows[-1, 2]), 3),
            "train_theory": sig(float(expected_train_risk(n_now, d, sigma)), 3),
            "true_theory": sig(float(expected_true_risk(n_now, d, sigma)), 3),
        }
        text = {key: shown for key, (_, shown) in figures.items()}
        metrics = {"n": float(n_now), "d": float(d)} | {k: v for k, (v, _) in figures.items()}
        train_vs_bayes = relation(float(rows[-1, 1]), sigma**2, text["train"], text["sigma2"])
        bayes_vs_true = relation(sigma**2, float(rows[-1, 2]), text["sigma2"], text["true"])
        caption = (
            f"n={n_now}, d={d}: mean train {text['train']} {train_vs_bayes} σ²={text['sigma2']} "
            f"{bayes_vs_true} true {text['true']} "
            f"(theory {text['train_theory']} and {text['true_theory']})"
        )
        grid = np.geomspace(d + 2, MAX_SAMPLES, 120)
        series = (
            Series("line", grid, expected_true_risk(grid, d, sigma), "true (theory)", "theory"),
            Series("line", grid, expected_train_risk(grid, d, sigma), "train (theory)", "theory"),
            Series("hline", grid[:1], np.array([sigma**2]), "σ² (Bayes)", "muted"),
            Series("line", n, rows[:, 3], "one run: train", "muted"),
            Series("line", n, rows[:, 2], "true risk (mean of 64)", "highlight"),
            Series("line", n, rows[:, 1], "train MSE (mean of 64)", "primary"),
        )
        return Frame(
            title=f"Empirical vs true risk of least squares, d={d}",
            xlabel="samples n",
            ylabel="risk (MSE)",
            series=series,
            xlim=(float(d + 2), float(MAX_SAMPLES)),
            ylim=(0.0, 3.0 * sigma**2),
            xlog=True,
            caption=caption,
            metrics=metrics,
            readouts=(
                f"n {n_now}",
                f"train {text['train']}",
                f"true {text['true']}",
                f"gap {sig(metrics['true'] - metrics['train'], 3)[1]}",
            ),
            done=n_now >= MAX_SAMPLES,
        )
