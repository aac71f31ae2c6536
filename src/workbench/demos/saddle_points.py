"""Demo `saddle_points`: random critical points are saddles, and gradient descent stalls at them."""

from __future__ import annotations

import math

import numpy as np

from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

INDEX_DIM = 60
INDEX_GRID = np.linspace(-2.5, 2.5, 41)
GD_RATE = 0.05
GD_START = 1e-6
GD_STEPS_PER_FRAME = 4
GD_MAX_STEPS = 480
THETA = math.log(3.0) / 4.0
"""Dean & Majumdar 2006: P(all d eigenvalues > 0) ~ exp(-THETA d^2) for the GOE."""


def goe(rng: np.random.Generator, batch: int, d: int) -> np.ndarray:
    """`batch` GOE matrices (A + A')/sqrt(2): off-diagonal variance 1, diagonal variance 2."""
    a = rng.standard_normal((batch, d, d))
    return (a + a.transpose(0, 2, 1)) / math.sqrt(2.0)


def is_positive_definite(h: np.ndarray) -> np.ndarray:
    """For a stack of symmetric matrices, whether each is positive definite.

    Gaussian elimination without pivoting, vectorised over the stack: a symmetric matrix is
    positive definite iff every pivot is positive (the Cholesky / Sylvester criterion). This
    is many times faster than batched eigvalsh for small matrices.
    """
    a = np.array(h, dtype=float)
    ok = np.ones(a.shape[0], dtype=bool)
    for k in range(a.shape[1]):
        pivot = a[:, k, k]
        ok &= pivot > 0
        safe = np.where(ok, pivot, 1.0)
        row = np.where(ok[:, None], a[:, k, k + 1:], 0.0)  # failed matrices stay failed
        with np.errstate(over="ignore", invalid="ignore"):
            a[:, k + 1:, k + 1:] -= row[:, :, None] * row[:, None, :] / safe[:, None, None]
    return ok


def positive_definite_count(rng: np.random.Generator, batch: int, d: int, shift: float) -> int:
    """How many of `batch` random Hessians H/sqrt(d) + shift*I have only positive eigenvalues."""
    h = goe(rng, batch, d) + shift * math.sqrt(d) * np.eye(d)
    return int(np.count_nonzero(is_positive_definite(h)))


def semicircle_cdf(t: np.ndarray | float) -> np.ndarray:
    """P(eigenvalue < t) for the Wigner semicircle on [-2, 2] (the large-d GOE law of H/sqrt(d))."""
    x = np.clip(np.asarray(t, dtype=float), -2.0, 2.0)
    return 0.5 + (x * np.sqrt(4.0 - x**2) / 4.0 + np.arcsin(x / 2.0)) / math.pi


def exact_pd_probability(d: int) -> float:
    """P(GOE is positive definite) in closed form for d = 1 (1/2) and d = 2 ((2 - sqrt 2)/4)."""
    if d == 1:
        return 0.5
    if d == 2:
        return (2.0 - math.sqrt(2.0)) / 4.0
    raise ValueError("closed form known here only for d = 1, 2")


def descend(eigs: np.ndarray, z0: np.ndarray, rate: float, steps: int) -> np.ndarray:
    """Gradient descent on f(z) = sum(eig z^2 / 2 + z^4 / 4) from z0; returns every iterate."""
    path = np.empty((steps + 1, len(z0)))
    path[0] = z0
    z = z0.copy()
    for t in range(steps):
        z = z - rate * (eigs * z + z**3)
        path[t + 1] = z
    return path


def quartic_loss(eigs: np.ndarray, z: np.ndarray) -> np.ndarray:
    """f(z) = sum(eig z^2 / 2 + z^4 / 4) (rows of z are points); 0 at the saddle z = 0."""
    return np.sum(eigs * z**2 / 2.0 + z**4 / 4.0, axis=-1)


def quartic_grad_norm(eigs: np.ndarray, z: np.ndarray) -> np.ndarray:
    """|grad f| at each row of z."""
    return np.linalg.norm(eigs * z + z**3, axis=-1)


def minimum_loss(eigs: np.ndarray) -> float:
    """The quartic's minimum value, -sum(eig^2 / 4) over the negative curvatures."""
    return float(-np.sum(np.minimum(eigs, 0.0) ** 2) / 4.0)


def escape_steps(most_negative: float, start: float, rate: float) -> float:
    """Steps for GD to leave the saddle: the linearised growth (1 + rate|eig|)^t carries the
    most negative coordinate from `start` to its minimiser sqrt(|eig|)."""
    level = math.sqrt(abs(most_negative))
    return math.log(level / start) / math.log(1.0 + rate * abs(most_negative))


@register
class SaddlePoints(Demo):
    """Counts positive-definite random Hessians per dimension; shows the spectrum and a GD stall."""

    id = "saddle_points"
    title = "Random critical points are saddles"
    takeaway = ("In high dimension a random critical point is almost never a minimum: "
                "all eigenvalues positive has probability about 3^(-d²/4).")
    topic = "saddle-points"
    params = (
        Param("dmax", "largest dimension d", "int", 8, 2, 10, 1,
              help="Hessians are sampled for d = 1 .. dmax (GD uses dmax)"),
        Param("shift", "shift μ (loss level)", "float", 0.0, -1.5, 1.5, 0.25,
              help="adds μ·I to H/√d: a higher μ stands for lower loss, fewer descent directions"),
        Param("batch", "matrices per frame", "int", 128, 32, 256, 2, log=True, resets=False,
              help="random Hessians drawn per dimension per frame"),
    )
    views = ("minima", "index", "descent")

    def _setup(self) -> None:
        self.dmax = int(self.values["dmax"])
        self.shift = float(self.values["shift"])
        self.pd = np.zeros(self.dmax, dtype=np.int64)
        self.total = np.zeros(self.dmax, dtype=np.int64)
        self.below = np.zeros(len(INDEX_GRID), dtype=np.int64)
        self.eig_count = 0
        eigs = np.linalg.eigvalsh(goe(self.rng, 1, self.dmax)[0]) / math.sqrt(self.dmax)
        self.gd_eigs = eigs + self.shift
        z0 = GD_START * self.rng.choice([-1.0, 1.0], size=self.dmax)
        self.gd_path = descend(self.gd_eigs, z0, GD_RATE, GD_MAX_STEPS)
        self.gd_loss = quartic_loss(self.gd_eigs, self.gd_path)
        self.gd_grad = quartic_grad_norm(self.gd_eigs, self.gd_path)
        self.gd_t = 0

    def _advance(self) -> Frame:
        batch = int(self.values["batch"])
        for d in range(1, self.dmax + 1):
            self.pd[d - 1] += positive_definite_count(self.rng, batch, d, self.shift)
            self.total[d - 1] += batch
        spectra = np.linalg.eigvalsh(goe(self.rng, 2, INDEX_DIM)) / math.sqrt(INDEX_DIM)
        self.below += np.count_nonzero(spectra.ravel()[:, None] < -INDEX_GRID[None, :], axis=0)
        self.eig_count += spectra.size
        self.gd_t = min(self.gd_t + GD_STEPS_PER_FRAME, GD_MAX_STEPS)
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw()

    def _draw(self) -> Frame:
        if self.view == "index":
            return self._index_frame()
        if self.view == "descent":
            return self._descent_frame()
        return self._minima_frame()

    def _minima_frame(self) -> Frame:
        dims = np.arange(1, self.dmax + 1, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            prob = np.where(self.total > 0, self.pd / np.maximum(self.total, 1), np.nan)
        seen = np.flatnonzero(self.pd > 0)
        deepest = int(seen[-1]) + 1 if seen.size else 1
        p_deep = float(f"{prob[deepest - 1]:.2g}") if seen.size else 0.0
        p_one = float(f"{prob[0]:.2f}")
        series = [Series("bar", dims, prob, "measured P(minimum)", "primary")]
        if self.shift == 0.0:
            series.append(Series("line", dims, np.exp(-THETA * dims**2), r"$3^{-d^2/4}$ asymptote",
                                 "theory"))
            exact = np.array([exact_pd_probability(1), exact_pd_probability(2)])
            series.append(Series("scatter", dims[:2], exact, "exact d=1,2", "highlight"))
        count = int(self.pd[deepest - 1])
        total = int(self.total[deepest - 1])
        caption = (f"d={deepest}: {count} of {total:,} random Hessians are minima "
                   f"(P={p_deep:.2g}, against {p_one:.2f} in one dimension)")
        metrics = {"d": deepest, "minima": count, "samples": total, "p_deepest": p_deep,
                   "p_d1": p_one, "shift": self.shift}
        return Frame(
            title="P(all eigenvalues > 0) vs dimension", xlabel="dimension d",
            ylabel="P (log scale)", series=tuple(series), ylog=True,
            ylim=(1e-6, 1.0),
            caption=caption, metrics=metrics,
            readouts=(f"d={deepest}: {count}/{total:,}", f"d=1: {p_one:.2f}",
                      f"μ={self.shift:g}"),
        )

    def _index_frame(self) -> Frame:
        measured = self.below / max(self.eig_count, 1)
        theory = semicircle_cdf(-INDEX_GRID)
        here = float(f"{float(semicircle_cdf(-self.shift)):.2f}")
        at = int(np.argmin(np.abs(INDEX_GRID - self.shift)))
        seen = float(f"{measured[at]:.2f}")
        caption = (f"μ={self.shift:g}: {seen:.2f} of eigenvalues are negative "
                   f"(semicircle {here:.2f}) at d={INDEX_DIM}")
        metrics = {"shift": self.shift, "index": seen, "index_theory": here,
                   "d": INDEX_DIM, "eigenvalues": self.eig_count}
        return Frame(
            title=f"index of a random Hessian, d={INDEX_DIM}", xlabel="shift μ (lower loss →)",
            ylabel="fraction negative",
            series=(Series("scatter", INDEX_GRID, measured, "measured", "primary"),
                    Series("line", INDEX_GRID, theory, "semicircle law", "theory"),
                    Series("vline", np.array([self.shift]), np.zeros(1), "μ", "muted")),
            ylim=(0.0, 1.0), caption=caption, metrics=metrics,
            readouts=(f"index {seen:.2f}", f"theory {here:.2f}",
                      f"{self.eig_count:,} eigenvalues"),
        )

    def _descent_frame(self) -> Frame:
        t = self.gd_t
        steps = np.arange(t + 1, dtype=float)
        negatives = int(np.count_nonzero(self.gd_eigs < 0))
        grad = float(f"{self.gd_grad[t]:.1e}")
        loss = round(float(self.gd_loss[t]), 3) + 0.0  # no "-0.000"
        floor = minimum_loss(self.gd_eigs)
        series = [Series("line", steps, self.gd_loss[: t + 1], "loss", "primary"),
                  Series("hline", np.zeros(1), np.array([floor]), "nearest minimum", "muted")]
        if negatives:
            lam = float(self.gd_eigs.min())
            predicted = round(escape_steps(lam, GD_START, GD_RATE))
            series.append(Series("vline", np.array([float(predicted)]), np.zeros(1),
                                 "predicted escape", "theory"))
            caption = (f"step {t}: loss {loss:.3f}, |grad| {grad:.1e}; {negatives} of "
                       f"{self.dmax} curvatures negative, escape predicted near step {predicted}")
        else:
            predicted = 0
            caption = (f"step {t}: loss {loss:.3f}, |grad| {grad:.1e}; all {self.dmax} "
                       f"curvatures positive: this critical point is a true minimum")
        metrics = {"step": t, "grad": grad, "loss": loss, "negatives": negatives,
                   "d": self.dmax, "predicted_escape": predicted}
        return Frame(
            title="gradient descent started next to a saddle", xlabel="step", ylabel="loss",
            series=tuple(series), xlim=(0.0, float(GD_MAX_STEPS)),
            ylim=(1.1 * floor - 0.05, 0.05 - 0.6 * floor),
            caption=caption, metrics=metrics,
            readouts=(f"step {t}", f"|grad| {grad:.1e}", f"negative {negatives}/{self.dmax}"),
            done=t >= GD_MAX_STEPS,
        )
