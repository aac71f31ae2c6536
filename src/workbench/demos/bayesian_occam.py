"""Bayesian-Occam demo: the model evidence picks the simplest polynomial that explains the data.

PRML §3.4-3.5 setting: t = sin(2πx) + noise, polynomials of degree 0..9 with a Gaussian prior.
Training error always falls with degree; the marginal likelihood (evidence, PRML eq. 3.86)
penalises the prior volume a complex model wastes, so it peaks at a moderate degree, and the
degree it prefers grows as data arrives (MacKay 1992, "Bayesian interpolation").
"""

from __future__ import annotations

import math

import numpy as np
from numpy.polynomial import legendre

from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

MAX_DEGREE = 9
MAX_N = 100
FIRST_N = 2
GRID = np.linspace(0.0, 1.0, 120)


def sample_data(
    rng: np.random.Generator, n: int, sigma: float, even: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """n points of t = sin(2πx) + σ·noise, x uniform at random (or evenly spaced, as in PRML)."""
    x = np.linspace(0.0, 1.0, n) if even else rng.random(n)
    return x, np.sin(2 * np.pi * x) + sigma * rng.standard_normal(n)


def design(x: np.ndarray, degree: int) -> np.ndarray:
    """Monomial features 1, x, ..., x^degree: the basis the prior N(0, α⁻¹I) is placed on."""
    return np.vander(x, degree + 1, increasing=True)


def posterior_mean(x: np.ndarray, t: np.ndarray, degree: int, alpha: float, beta: float
                   ) -> np.ndarray:
    """m_N = β A⁻¹ Φᵀt with A = αI + βΦᵀΦ (PRML eq. 3.53-3.54)."""
    phi = design(x, degree)
    a = alpha * np.eye(degree + 1) + beta * phi.T @ phi
    return beta * np.linalg.solve(a, phi.T @ t)


def log_evidence(x: np.ndarray, t: np.ndarray, degree: int, alpha: float, beta: float) -> float:
    """ln p(t | α, β) for a degree-`degree` polynomial, PRML eq. (3.86).

    M/2 ln α + N/2 ln β − E(m_N) − ½ ln|A| − N/2 ln 2π, with M = degree + 1 weights and
    E(m) = β/2 ‖t − Φm‖² + α/2 ‖m‖².
    """
    phi = design(x, degree)
    a = alpha * np.eye(degree + 1) + beta * phi.T @ phi
    chol = np.linalg.cholesky(a)
    m = beta * np.linalg.solve(a, phi.T @ t)
    energy = beta / 2 * float(np.sum((t - phi @ m) ** 2)) + alpha / 2 * float(m @ m)
    n = t.size
    return (
        (degree + 1) / 2 * math.log(alpha)
        + n / 2 * math.log(beta)
        - energy
        - float(np.sum(np.log(np.diag(chol))))
        - n / 2 * math.log(2 * math.pi)
    )


def log_marginal_direct(x: np.ndarray, t: np.ndarray, degree: int, alpha: float, beta: float
                        ) -> float:
    """The same evidence computed directly: ln N(t | 0, β⁻¹I + α⁻¹ΦΦᵀ) (a check on eq. 3.86)."""
    phi = design(x, degree)
    cov = np.eye(t.size) / beta + phi @ phi.T / alpha
    _, logdet = np.linalg.slogdet(cov)
    return float(-0.5 * (t @ np.linalg.solve(cov, t) + logdet + t.size * math.log(2 * math.pi)))


def train_rms(x: np.ndarray, t: np.ndarray, degree: int) -> float:
    """Root-mean-square training error of the least-squares polynomial of this degree.

    A Legendre basis on [-1, 1] spans the same polynomials as the monomials but keeps the
    least-squares problem well conditioned; the fit is the minimum-norm one when degree ≥ N.
    """
    phi = legendre.legvander(2 * x - 1, degree)
    w = np.linalg.lstsq(phi, t, rcond=None)[0]
    return float(np.sqrt(np.mean((t - phi @ w) ** 2)))


def model_posterior(log_ev: np.ndarray) -> np.ndarray:
    """P(M | D) under a uniform prior over degrees: the evidences normalised (a softmax)."""
    weights = np.exp(log_ev - np.max(log_ev))
    return weights / weights.sum()


@register
class BayesianOccam(Demo):
    """Adds one data point per frame and re-weighs polynomial degrees 0..9 by their evidence."""

    id = "bayesian_occam"
    title = "The evidence prefers the simplest adequate model"
    takeaway = (
        "Training error always prefers the most complex polynomial; the Bayesian evidence "
        "peaks at the simplest degree that explains the data, and that degree grows with data."
    )
    topic = "occams-razor"
    params = (
        Param("sigma", "noise σ", "float", 0.3, lo=0.05, hi=1.0, step=0.05,
              help="label noise; the model uses the true precision β = 1/σ²"),
        Param("alpha", "prior precision α", "float", 5e-3, lo=1e-4, hi=1.0, step=math.sqrt(10),
              log=True, help="weights ~ N(0, 1/α): smaller α spreads the prior over more curves"),
        Param("n_max", "points up to", "int", 40, lo=10, hi=MAX_N, step=5,
              help="data arrive one per frame until this many"),
    )
    views = ("evidence", "fit")

    def _setup(self) -> None:
        # Always draw the largest sample, so N points are the same whatever `n_max` is.
        self.x_all, self.t_all = sample_data(self.rng, MAX_N, float(self.values["sigma"]))
        self.n = FIRST_N - 1
        self.log_ev = np.zeros(MAX_DEGREE + 1)
        self.rms = np.zeros(MAX_DEGREE + 1)

    def _advance(self) -> Frame:
        self.n = min(self.n + 1, int(self.values["n_max"]))
        x, t = self.x_all[: self.n], self.t_all[: self.n]
        alpha, beta = float(self.values["alpha"]), float(self.values["sigma"]) ** -2
        degrees = range(MAX_DEGREE + 1)
        self.log_ev = np.array([log_evidence(x, t, m, alpha, beta) for m in degrees])
        self.rms = np.array([train_rms(x, t, m) for m in degrees])
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.index else None

    def _draw(self) -> Frame:
        posterior = model_posterior(self.log_ev)
        best = int(np.argmax(posterior))
        p_best = round(float(posterior[best]), 2)
        rms_best = round(float(self.rms[best]), 2)
        rms_top = round(float(self.rms[MAX_DEGREE]), 2)
        metrics = {
            "N": float(self.n),
            "best_degree": float(best),
            "p_best": p_best,
            "rms_best": rms_best,
            "max_degree": float(MAX_DEGREE),
            "rms_max_degree": rms_top,
        }
        caption = (
            f"N={self.n}: the evidence picks degree {best} (P={p_best:.2f}, train RMS "
            f"{rms_best:.2f}) although degree {MAX_DEGREE} fits the points better "
            f"(RMS {rms_top:.2f})"
            if best < MAX_DEGREE
            else f"N={self.n}: this much data makes the evidence accept degree {best} "
            f"(P={p_best:.2f}, train RMS {rms_best:.2f})"
        )
        readouts = (
            f"N {self.n}/{int(self.values['n_max'])}",
            f"best degree {best}",
            f"P(M|D) {p_best:.2f}",
        )
        done = self.n >= int(self.values["n_max"])
        if self.view == "fit":
            return self._fit_frame(best, caption, metrics, readouts, done)
        degrees = np.arange(MAX_DEGREE + 1, dtype=float)
        scale = max(float(self.rms[0]), 1e-12)
        series = (
            Series("bar", degrees, posterior, "P(degree | data)", "primary"),
            Series("line", degrees, self.rms / scale, "train RMS / RMS(degree 0)", "secondary"),
        )
        return Frame(
            title=f"Evidence vs training error, N={self.n}",
            xlabel="polynomial degree M",
            ylabel="probability / relative error",
            series=series,
            xlim=(-0.5, MAX_DEGREE + 0.5),
            ylim=(0.0, 1.05),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )

    def _fit_frame(
        self,
        best: int,
        caption: str,
        metrics: dict[str, float],
        readouts: tuple[str, ...],
        done: bool,
    ) -> Frame:
        x, t = self.x_all[: self.n], self.t_all[: self.n]
        alpha, beta = float(self.values["alpha"]), float(self.values["sigma"]) ** -2
        chosen = design(GRID, best) @ posterior_mean(x, t, best, alpha, beta)
        phi = legendre.legvander(2 * x - 1, MAX_DEGREE)
        w = np.linalg.lstsq(phi, t, rcond=None)[0]
        wiggly = legendre.legvander(2 * GRID - 1, MAX_DEGREE) @ w
        series = (
            Series("line", GRID, np.sin(2 * np.pi * GRID), "truth sin 2πx", "theory"),
            Series("line", GRID, np.clip(wiggly, -3.0, 3.0), f"least squares, degree {MAX_DEGREE}",
                   "muted"),
            Series("line", GRID, chosen, f"evidence's choice, degree {best}", "primary"),
            Series("scatter", x, t, "data", "data"),
        )
        return Frame(
            title=f"Fits to N={self.n} points",
            xlabel="x",
            ylabel="t",
            series=series,
            xlim=(0.0, 1.0),
            ylim=(-2.0, 2.0),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )
