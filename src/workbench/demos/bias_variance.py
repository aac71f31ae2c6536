"""Bias-variance demo: a degree sweep where train error falls and test error is U-shaped."""

from __future__ import annotations

import numpy as np
from numpy.polynomial import legendre

from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

MAX_DEGREE = 12
DRAWS_PER_FRAME = 16
FRAMES_PER_DEGREE = 6
GRID = np.linspace(-1.0, 1.0, 120)


def truth(kind: str, x: np.ndarray) -> np.ndarray:
    """The noiseless target: the notes' straight line, or a wave that needs a cubic."""
    return 1.0 + 2.0 * x if kind == "line" else np.sin(3.0 * x)


def design(n: int) -> np.ndarray:
    """The fixed inputs: n equally spaced points on [-1, 1]."""
    return np.linspace(-1.0, 1.0, n)


def hat_matrices(x: np.ndarray, max_degree: int) -> np.ndarray:
    """Least-squares hat matrices H_D (ŷ = H_D y) for degrees 0..max_degree, min-norm if D+1 > n.

    A Legendre basis keeps the fits well conditioned; the column space is the polynomials of
    degree ≤ D either way, so the fits are those of plain polynomial least squares.
    """
    return np.stack([_basis(x, d) @ np.linalg.pinv(_basis(x, d)) for d in range(max_degree + 1)])


def grid_smoothers(x: np.ndarray, grid: np.ndarray, max_degree: int) -> np.ndarray:
    """Matrices mapping data y at x to each degree's fitted curve on `grid`."""
    return np.stack([_basis(grid, d) @ np.linalg.pinv(_basis(x, d)) for d in range(max_degree + 1)])


def _basis(x: np.ndarray, degree: int) -> np.ndarray:
    return legendre.legvander(x, degree)


def theory(hats: np.ndarray, f: np.ndarray, sigma: float) -> dict[str, np.ndarray]:
    """Exact expectations per degree (ESL §7.3): bias², variance σ²·rank/n, train and test error.

    For a projection H of rank r: E[train] = bias² + σ²(n−r)/n and the in-sample test error
    (fresh noise at the same x) is σ² + bias² + σ²r/n.
    """
    n = f.size
    rank = np.trace(hats, axis1=1, axis2=2)
    bias2 = np.mean((f - hats @ f) ** 2, axis=1)
    variance = sigma**2 * rank / n
    return {
        "rank": rank,
        "bias2": bias2,
        "variance": variance,
        "train": bias2 + sigma**2 * (n - rank) / n,
        "test": sigma**2 + bias2 + variance,
    }


def simulate(
    hats: np.ndarray, f: np.ndarray, sigma: float, draws: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Fit every degree to `draws` fresh noisy datasets; per-draw errors and the fits themselves.

    Returns fits (degrees, draws, n), train and test errors (degrees, draws); the test error
    uses a second, independent noise draw at the same inputs.
    """
    n = f.size
    y = f[:, None] + sigma * rng.standard_normal((n, draws))
    y_new = f[:, None] + sigma * rng.standard_normal((n, draws))
    fits = np.einsum("dij,jr->dri", hats, y)
    train = np.mean((fits - y.T[None]) ** 2, axis=2)
    test = np.mean((fits - y_new.T[None]) ** 2, axis=2)
    return {"fits": fits, "y": y.T, "train": train, "test": test}


@register
class BiasVariance(Demo):
    """Sweeps polynomial degree, averaging many noisy refits to expose bias and variance."""

    id = "bias_variance"
    title = "Flexible fits chase noise"
    takeaway = (
        "Raising the degree always lowers training error, but past the degree the data needs "
        "the fit's variance (σ²·rank/n) grows and test error turns back up."
    )
    topic = "overfitting"
    params = (
        Param("sigma", "noise σ", "float", 0.5, lo=0.1, hi=1.5, step=0.1,
              help="standard deviation of the label noise"),
        Param("n", "points n", "int", 20, lo=10, hi=60, step=5,
              help="number of training points (fixed, equally spaced inputs)"),
        Param("truth", "truth", "choice", "wave", choices=("wave", "line"),
              help="wave = sin 3x (needs a cubic); line = 1 + 2x (the notes' linear data)"),
    )
    views = ("sweep", "fits")

    def _setup(self) -> None:
        sigma = float(self.values["sigma"])
        n = int(self.values["n"])
        self.x = design(n)
        self.f = truth(str(self.values["truth"]), self.x)
        self.hats = hat_matrices(self.x, MAX_DEGREE)
        self.smoothers = grid_smoothers(self.x, GRID, MAX_DEGREE)
        self.expected = theory(self.hats, self.f, sigma)
        degrees = MAX_DEGREE + 1
        self.count = 0
        self.train_sum = np.zeros(degrees)
        self.test_sum = np.zeros(degrees)
        self.fit_sum = np.zeros((degrees, n))
        self.fit_sq = np.zeros((degrees, n))
        self.last_y = self.f.copy()
        self.last_fits = np.zeros((DRAWS_PER_FRAME, n))

    def _advance(self) -> Frame:
        batch = simulate(self.hats, self.f, float(self.values["sigma"]), DRAWS_PER_FRAME, self.rng)
        self.count += DRAWS_PER_FRAME
        self.train_sum += batch["train"].sum(axis=1)
        self.test_sum += batch["test"].sum(axis=1)
        self.fit_sum += batch["fits"].sum(axis=1)
        self.fit_sq += (batch["fits"] ** 2).sum(axis=1)
        self.last_y = batch["y"]
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.count else None

    def _degree(self) -> int:
        return min(max(self.index, 0) // FRAMES_PER_DEGREE, MAX_DEGREE)

    def measured(self) -> dict[str, np.ndarray]:
        """Monte Carlo estimates per degree from every draw so far."""
        mean_fit = self.fit_sum / self.count
        variance = np.mean(self.fit_sq / self.count - mean_fit**2, axis=1)
        return {
            "train": self.train_sum / self.count,
            "test": self.test_sum / self.count,
            "variance": variance,
        }

    def _draw(self) -> Frame:
        degree = self._degree()
        got = self.measured()
        exp = self.expected
        best = int(np.argmin(exp["test"]))
        metrics = {
            "degree": float(degree),
            "train": round(float(got["train"][degree]), 3),
            "test": round(float(got["test"][degree]), 3),
            "test_theory": round(float(exp["test"][degree]), 3),
            "bias2": round(float(exp["bias2"][degree]), 3),
            "variance": round(float(got["variance"][degree]), 3),
            "variance_theory": round(float(exp["variance"][degree]), 3),
            "best_degree": float(best),
            "draws": float(self.count),
        }
        caption = (
            f"degree {degree}: train {metrics['train']:.3f}, test {metrics['test']:.3f} "
            f"(theory {metrics['test_theory']:.3f}), variance {metrics['variance']:.3f} vs "
            f"σ²·rank/n {metrics['variance_theory']:.3f}; test is lowest at degree {best}"
        )
        readouts = (
            f"degree {degree}/{MAX_DEGREE}",
            f"train {metrics['train']:.3f}",
            f"bias² {metrics['bias2']:.3f}",
            f"fits {self.count}",
        )
        done = self.index >= (MAX_DEGREE + 1) * FRAMES_PER_DEGREE - 1
        if self.view == "fits":
            return self._fits_frame(degree, caption, metrics, readouts, done)
        shown = np.arange(degree + 1, dtype=float)
        every = np.arange(MAX_DEGREE + 1, dtype=float)
        series = (
            Series("line", every, exp["test"], "test (theory)", "theory"),
            Series("line", every, exp["train"], "train (theory)", "muted"),
            Series("line", every, exp["bias2"], "bias²", "secondary"),
            Series("scatter", shown, got["variance"][: degree + 1], "variance", "data"),
            Series("line", shown, got["train"][: degree + 1], "train", "secondary"),
            Series("line", shown, got["test"][: degree + 1], "test", "highlight"),
        )
        top = float(np.max(exp["test"][1:])) * 1.3
        return Frame(
            title=f"Error vs polynomial degree (n={self.x.size})",
            xlabel="degree",
            ylabel="mean squared error",
            series=series,
            xlim=(0.0, float(MAX_DEGREE)),
            ylim=(0.0, top),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )

    def _fits_frame(
        self,
        degree: int,
        caption: str,
        metrics: dict[str, float],
        readouts: tuple[str, ...],
        done: bool,
    ) -> Frame:
        curves = self.smoothers[degree] @ self.last_y[-4:].T
        mean_curve = self.smoothers[degree] @ (self.fit_sum[degree] / self.count)
        # Interpolating fits swing far between the points; clip them to the plotted window.
        f_grid = truth(str(self.values["truth"]), GRID)
        lo = float(f_grid.min()) - 3 * float(self.values["sigma"])
        hi = float(f_grid.max()) + 3 * float(self.values["sigma"])
        series = [Series("line", GRID, np.clip(c, lo, hi), "", "muted") for c in curves.T[:3]]
        series += [
            Series("line", GRID, f_grid, "truth", "theory"),
            Series("line", GRID, np.clip(mean_curve, lo, hi), "mean fit", "primary"),
            Series("scatter", self.x, self.last_y[-1], "data", "data"),
        ]
        return Frame(
            title=f"Degree-{degree} fits to fresh noise",
            xlabel="x",
            ylabel="y",
            series=tuple(series),
            xlim=(-1.0, 1.0),
            ylim=(lo, hi),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )
