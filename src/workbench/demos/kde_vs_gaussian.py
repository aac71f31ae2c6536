"""Demo: a fitted Gaussian (2 numbers) against a kernel density estimate (n numbers).

The parametric fit converges fast (MISE ~ 1/n) when its form is right and stalls at a fixed
error when it is wrong; the KDE converges to any density, more slowly (n^-4/5).
Marron & Wand 1992 give the KDE's exact MISE for a normal truth.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

GRID_POINTS = 200
DIRECT_LIMIT = 400
N_MAX = 2000
RUG = 60
GRIDS = {"normal": (-4.5, 4.5), "bimodal": (-4.0, 4.0), "skewed": (-1.0, 7.0)}
LOGNORMAL_SIGMA = 0.6


def truth_pdf(kind: str, x: np.ndarray) -> np.ndarray:
    """Density of the chosen truth: standard normal, two-bump mixture or log-normal."""
    if kind == "bimodal":
        return 0.5 * (normal_pdf(x, -1.5, 0.5) + normal_pdf(x, 1.5, 0.5))
    if kind == "skewed":
        pos = np.maximum(x, 1e-12)
        dens = np.exp(-np.log(pos) ** 2 / (2 * LOGNORMAL_SIGMA**2))
        return np.where(x > 0, dens / (pos * LOGNORMAL_SIGMA * math.sqrt(2 * math.pi)), 0.0)
    return normal_pdf(x, 0.0, 1.0)


def sample_truth(kind: str, rng: np.random.Generator, n: int) -> np.ndarray:
    """n draws from the chosen truth."""
    if kind == "bimodal":
        return rng.choice([-1.5, 1.5], n) + 0.5 * rng.standard_normal(n)
    if kind == "skewed":
        return np.exp(LOGNORMAL_SIGMA * rng.standard_normal(n))
    return rng.standard_normal(n)


def normal_pdf(x: np.ndarray, mu: float, sd: float) -> np.ndarray:
    """The N(mu, sd^2) density."""
    return np.exp(-0.5 * ((x - mu) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))


def gaussian_mle(samples: np.ndarray) -> tuple[float, float]:
    """Maximum-likelihood mean and standard deviation (divides by n)."""
    return float(samples.mean()), float(samples.std())


def silverman_bandwidth(samples: np.ndarray) -> float:
    """Silverman's rule of thumb h = 1.06 s n^(-1/5) (Silverman 1986, section 3.4)."""
    return 1.06 * float(samples.std()) * len(samples) ** -0.2


def kde(samples: np.ndarray, h: float, grid: np.ndarray) -> np.ndarray:
    """Gaussian KDE on an evenly spaced grid: direct sum, or linear binning for large n."""
    if len(samples) <= DIRECT_LIMIT:
        z = (grid[:, None] - samples[None, :]) / h
        return np.exp(-0.5 * z * z).sum(axis=1) / (len(samples) * h * math.sqrt(2 * math.pi))
    step = grid[1] - grid[0]
    pos = np.clip((samples - grid[0]) / step, 0.0, len(grid) - 1.000001)
    left = pos.astype(int)
    frac = pos - left
    weights = np.bincount(left, 1.0 - frac, len(grid)) + np.bincount(left + 1, frac, len(grid))
    lags = (np.arange(len(grid))[:, None] - np.arange(len(grid))[None, :]) * step / h
    kernel = np.exp(-0.5 * lags * lags) / (h * math.sqrt(2 * math.pi))
    return kernel @ weights[: len(grid)] / len(samples)


def ise(estimate: np.ndarray, truth: np.ndarray, grid: np.ndarray) -> float:
    """Integrated squared error on the grid (trapezoid rule)."""
    sq = (estimate - truth) ** 2
    return float(np.sum((sq[1:] + sq[:-1]) * np.diff(grid)) / 2)


def kde_mise_normal(n: int, h: float) -> float:
    """Exact MISE of a Gaussian KDE for N(0,1) data (Marron & Wand 1992)."""
    cross = 2 * math.sqrt(2) / math.sqrt(2 + h * h)
    return (1 / (n * h) + (1 - 1 / n) / math.sqrt(1 + h * h) - cross + 1) / (2 * math.sqrt(math.pi))


def gaussian_mise_normal(n: int) -> float:
    """Delta-method MISE of the Gaussian MLE for N(0,1) data: 7 / (16 sqrt(pi) n)."""
    return 7 / (16 * math.sqrt(math.pi) * n)


@register
class KdeVsGaussian(Demo):
    """Samples arrive; a two-number Gaussian fit races a KDE that keeps every point."""

    id = "kde_vs_gaussian"
    title = "Fixed form vs memory that grows"
    takeaway = ("A parametric model learns fast when its assumed form is right and stalls when "
                "it is wrong; a non-parametric one keeps all the data and converges to anything.")
    topic = "parametric-vs-nonparametric"
    params = (
        Param("truth", "True density", "choice", "bimodal", choices=tuple(GRIDS),
              help="The distribution the samples come from"),
        Param("bw", "Bandwidth x Silverman", "float", 1.0, lo=0.25, hi=4.0, step=2.0, log=True,
              help="KDE bandwidth as a multiple of Silverman's rule of thumb"),
        Param("rate", "Samples per frame", "int", 10, lo=1, hi=50, step=5, resets=False,
              help="How fast new samples arrive"),
    )
    views = ("density", "error")

    def _setup(self) -> None:
        self.kind = str(self.values["truth"])
        self.grid = np.linspace(*GRIDS[self.kind], GRID_POINTS)
        self.true = truth_pdf(self.kind, self.grid)
        self.samples = np.empty(0)
        self.history: list[tuple[int, float, float]] = []
        self.fits = (self.true, self.true)

    def _advance(self) -> Frame:
        room = N_MAX - len(self.samples)
        new = sample_truth(self.kind, self.rng, min(int(self.values["rate"]), room))
        self.samples = np.concatenate([self.samples, new])
        n = len(self.samples)
        if n >= 2:
            mu, sd = gaussian_mle(self.samples)
            h = float(self.values["bw"]) * silverman_bandwidth(self.samples)
            sd, h = max(sd, 1e-3), max(h, 1e-3)
            gauss, density = normal_pdf(self.grid, mu, sd), kde(self.samples, h, self.grid)
            self.fits = (gauss, density)
            self.history.append((n, ise(gauss, self.true, self.grid),
                                 ise(density, self.true, self.grid)))
        return self._draw(done=n >= N_MAX)

    def _redraw(self) -> Frame:
        return self._draw(False)

    def _draw(self, done: bool) -> Frame:
        n = len(self.samples)
        gauss_ise, kde_ise = (self.history[-1][1:] if self.history else (0.0, 0.0))
        g, k = round(gauss_ise, 4), round(kde_ise, 4)
        winner = "Gaussian" if g < k else "KDE"
        caption = (f"n={n}: Gaussian ISE {g:.4f}, KDE ISE {k:.4f} ({winner} closer); "
                   f"memory 2 vs {n} numbers")
        metrics = {"n": float(n), "gaussian_ise": g, "kde_ise": k, "gaussian_numbers": 2.0}
        readouts = (f"n {n}", f"Gaussian ISE {g:.4f}", f"KDE ISE {k:.4f}")
        base = Frame(title=f"{self.title} ({self.kind} truth)", caption=caption, metrics=metrics,
                     readouts=readouts, done=done)
        if self.view == "error":
            return self._error_frame(base)
        rug = self.samples[-RUG:]
        top = 1.2 * float(self.true.max())
        return replace(
            base, xlabel="x", ylabel="density", ylim=(0.0, top),
            xlim=(float(self.grid[0]), float(self.grid[-1])),
            series=(Series("line", self.grid, self.true, "truth", "theory"),
                    Series("line", self.grid, np.minimum(self.fits[0], top), "Gaussian fit",
                           "secondary"),
                    Series("line", self.grid, np.minimum(self.fits[1], top), "KDE", "primary"),
                    Series("scatter", np.clip(rug, self.grid[0], self.grid[-1]),
                           np.zeros(len(rug)), "newest samples", "data")),
        )

    def _error_frame(self, base: Frame) -> Frame:
        hist = np.array(self.history or [(1, 1.0, 1.0)], dtype=float)
        stride = max(1, len(hist) // 200)
        hist = hist[::stride]
        logn = np.log10(hist[:, 0])
        series = [Series("line", logn, np.log10(np.maximum(hist[:, 1], 1e-8)), "Gaussian ISE",
                         "secondary"),
                  Series("line", logn, np.log10(np.maximum(hist[:, 2], 1e-8)), "KDE ISE",
                         "primary")]
        if self.kind == "normal":
            ns = hist[:, 0].astype(int)
            mult = float(self.values["bw"])
            series += [
                Series("line", logn, np.log10([gaussian_mise_normal(m) for m in ns]),
                       "Gaussian MISE 7/(16 sqrt(pi) n)", "theory"),
                Series("line", logn, np.log10([kde_mise_normal(m, mult * 1.06 * m**-0.2)
                                               for m in ns]), "KDE exact MISE", "muted"),
            ]
        return replace(base, title="Integrated squared error vs sample size",
                       xlabel="log10 n", ylabel="log10 ISE", series=tuple(series))
