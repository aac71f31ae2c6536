"""Demo `l1_vs_l2`: on the regularisation path the lasso has exact zeros, ridge never does."""

from __future__ import annotations

import numpy as np

from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

N_SAMPLES = 100
N_FEATURES = 10
N_LAMBDAS = 60
MAX_PATHS = 5


def correlated_design(rng: np.random.Generator, n: int, d: int, rho: float) -> np.ndarray:
    """An n x d design with AR(1) feature correlation rho, each column standardised."""
    z = rng.standard_normal((n, d))
    x = np.empty_like(z)
    x[:, 0] = z[:, 0]
    for j in range(1, d):
        x[:, j] = rho * x[:, j - 1] + np.sqrt(1.0 - rho**2) * z[:, j]
    x -= x.mean(axis=0)
    return x / np.sqrt((x**2).mean(axis=0))


def lambda_max(x: np.ndarray, y: np.ndarray) -> float:
    """The smallest lambda at which every lasso weight is zero: max |x_j . y| / n."""
    return float(np.max(np.abs(x.T @ y)) / len(y))


def soft_threshold(z: np.ndarray | float, lam: float) -> np.ndarray:
    """sign(z) * max(|z| - lam, 0): the lasso's one-coordinate solution (ESL Table 3.4)."""
    return np.sign(z) * np.maximum(np.abs(z) - lam, 0.0)


def lasso_cd(
    x: np.ndarray,
    y: np.ndarray,
    lam: float,
    b0: np.ndarray | None = None,
    tol: float = 1e-12,
    max_sweeps: int = 10_000,
) -> np.ndarray:
    """Minimise (1/2n)|y - Xb|^2 + lam |b|_1 by cyclic coordinate descent (glmnet style)."""
    n = len(y)
    gram = x.T @ x / n
    return lasso_cd_gram(gram, x.T @ y / n, lam, b0, tol, max_sweeps)


def lasso_cd_gram(
    gram: np.ndarray,
    corr: np.ndarray,
    lam: float,
    b0: np.ndarray | None = None,
    tol: float = 1e-12,
    max_sweeps: int = 10_000,
) -> np.ndarray:
    """Coordinate descent on the Gram form (X'X/n, X'y/n), warm-started from `b0`."""
    d = len(corr)
    g = gram.tolist()
    c = corr.tolist()
    b = [0.0] * d if b0 is None else [float(v) for v in b0]
    diag = [g[j][j] for j in range(d)]
    for _ in range(max_sweeps):
        largest = 0.0
        for j in range(d):
            row = g[j]
            partial = c[j] - sum(row[k] * b[k] for k in range(d)) + diag[j] * b[j]
            new = max(abs(partial) - lam, 0.0) / diag[j]
            new = new if partial >= 0 else -new
            largest = max(largest, abs(new - b[j]))
            b[j] = new
        if largest < tol:
            break
    return np.asarray(b)


def ridge(x: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """Minimise (1/2n)|y - Xb|^2 + (lam/2)|b|^2 in closed form: (X'X/n + lam I)^-1 X'y/n."""
    n, d = x.shape
    return np.linalg.solve(x.T @ x / n + lam * np.eye(d), x.T @ y / n)


def kkt_violation(x: np.ndarray, y: np.ndarray, b: np.ndarray, lam: float) -> float:
    """How far `b` is from the lasso optimality conditions (0 at the exact solution)."""
    grad = x.T @ (y - x @ b) / len(y)
    zero = b == 0
    off = np.abs(grad[~zero] - lam * np.sign(b[~zero]))
    over = np.maximum(np.abs(grad[zero]) - lam, 0.0)
    return float(max(off.max(initial=0.0), over.max(initial=0.0)))


@register
class L1VsL2(Demo):
    """Sweeps lambda from lambda_max down, solving lasso and ridge on the same data."""

    id = "l1_vs_l2"
    title = "L1 zeroes, L2 shrinks"
    takeaway = "The L1 penalty sets weights exactly to zero; the L2 penalty only shrinks them."
    topic = "l1-vs-l2"
    params = (
        Param("rho", "feature correlation ρ", "float", 0.5, 0.0, 0.95, 0.05,
              help="AR(1) correlation between neighbouring features"),
        Param("k", "true non-zeros k", "int", 3, 1, N_FEATURES, 1,
              help="how many of the 10 true weights are non-zero"),
        Param("sigma", "noise σ", "float", 1.0, 0.1, 3.0, 0.1,
              help="standard deviation of the label noise"),
    )
    views = ("l1", "l2", "zeros")

    def _setup(self) -> None:
        rho = float(self.values["rho"])
        k = int(self.values["k"])
        x = correlated_design(self.rng, N_SAMPLES, N_FEATURES, rho)
        self.w_true = np.zeros(N_FEATURES)
        support = np.sort(self.rng.choice(N_FEATURES, size=k, replace=False))
        self.w_true[support] = self.rng.choice([-1.0, 1.0], size=k) * self.rng.uniform(1, 2, k)
        y = x @ self.w_true + float(self.values["sigma"]) * self.rng.standard_normal(N_SAMPLES)
        self.gram = x.T @ x / N_SAMPLES
        self.corr = x.T @ y / N_SAMPLES
        top = lambda_max(x, y)
        self.lams = top * np.logspace(0, -3, N_LAMBDAS)
        self.eigval, self.eigvec = np.linalg.eigh(self.gram)
        self.lasso = np.zeros((N_LAMBDAS, N_FEATURES))
        self.ridge = np.zeros((N_LAMBDAS, N_FEATURES))
        nulls = np.flatnonzero(self.w_true == 0)
        ols = np.abs(np.linalg.solve(self.gram, self.corr))
        shown_nulls = nulls[np.argsort(-ols[nulls])]
        self.shown = np.concatenate([support, shown_nulls])[:MAX_PATHS]
        self.bound = 1.05 * float(ols.max())
        self.done_upto = 0

    def _advance(self) -> Frame:
        if self.done_upto >= N_LAMBDAS:
            self.reset()
        i = self.done_upto
        lam = float(self.lams[i])
        warm = self.lasso[i - 1] if i else None
        self.lasso[i] = lasso_cd_gram(self.gram, self.corr, lam, warm)
        scale = 1.0 / (self.eigval + lam)
        self.ridge[i] = self.eigvec @ (scale * (self.eigvec.T @ self.corr))
        self.done_upto = i + 1
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.done_upto else None

    def _draw(self) -> Frame:
        i = self.done_upto - 1
        lam = float(self.lams[i])
        log_lam = np.log10(self.lams[: i + 1])
        l1_zeros = int(np.count_nonzero(self.lasso[i] == 0.0))
        l2_zeros = int(np.count_nonzero(self.ridge[i] == 0.0))
        smallest = float(np.min(np.abs(self.ridge[i])))
        lam_r = float(f"{lam:.2g}")
        small_r = float(f"{smallest:.1e}")
        metrics = {
            "lambda": lam_r,
            "lasso_zeros": l1_zeros,
            "ridge_zeros": l2_zeros,
            "d": N_FEATURES,
            "ridge_min_abs": small_r,
            "k": int(self.values["k"]),
        }
        caption = (
            f"λ={lam_r:g}: lasso {l1_zeros} of {N_FEATURES} weights exactly 0; "
            f"ridge {l2_zeros} of {N_FEATURES} (smallest |w| {small_r:.1e})"
        )
        xlim = (float(np.log10(self.lams[-1])), float(np.log10(self.lams[0])))
        if self.view == "zeros":
            series: tuple[Series, ...] = (
                Series("step", log_lam, np.count_nonzero(self.lasso[: i + 1] == 0, axis=1)
                       .astype(float), "lasso zeros", "primary"),
                Series("step", log_lam, np.count_nonzero(self.ridge[: i + 1] == 0, axis=1)
                       .astype(float), "ridge zeros", "secondary"),
            )
            ylabel, ylim = "exact zeros", (0.0, float(N_FEATURES))
        else:
            path = self.lasso if self.view == "l1" else self.ridge
            series = tuple(
                Series("line", log_lam, path[: i + 1, j],
                       f"w{j + 1} ({'true' if self.w_true[j] else 'null'})",
                       "primary" if self.w_true[j] else "muted")
                for j in self.shown
            ) + (Series("hline", np.zeros(1), np.zeros(1), "", "theory"),)
            ylabel, ylim = "weight", (-self.bound, self.bound)
        name = {"l1": "lasso (L1) path", "l2": "ridge (L2) path", "zeros": "exact zeros"}
        return Frame(
            title=name[self.view],
            xlabel="log10 λ",
            ylabel=ylabel,
            series=series,
            xlim=xlim,
            ylim=ylim,
            caption=caption,
            metrics=metrics,
            readouts=(f"λ {lam_r:g}", f"L1 zeros {l1_zeros}/{N_FEATURES}",
                      f"L2 zeros {l2_zeros}/{N_FEATURES}"),
            done=self.done_upto >= N_LAMBDAS,
        )
