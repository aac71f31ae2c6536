"""Demo: a frozen linear self-attention layer learns a regression task from its prompt.

von Oswald et al. 2023 (ICML), Prop. 1: linear self-attention with fixed weights predicts
exactly like one gradient-descent step on the k prompt examples. Its error falls from
zero-shot (k=0) through one-shot to few-shot with no weight update.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

TASKS_PER_FRAME = 256
FRAMES_PER_K = 4


def sample_prompts(rng: np.random.Generator, n_tasks: int, d: int, k: int, sigma: float
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Tasks w ~ N(0, I_d); prompts of k pairs (x, w.x + sigma*eps) and one query (x_q, y_q)."""
    w = rng.standard_normal((n_tasks, d))
    x = rng.standard_normal((n_tasks, k + 1, d))
    y = np.einsum("tkd,td->tk", x, w) + sigma * rng.standard_normal((n_tasks, k + 1))
    return x[:, :k], y[:, :k], x[:, k], y[:, k]


def optimal_step(d: int, k: int, sigma: float) -> float:
    """The MSE-optimal step size of one GD step from w=0: k / (d + k + 1 + sigma^2)."""
    return k / (d + k + 1 + sigma**2)


def lsa_predict(x: np.ndarray, y: np.ndarray, xq: np.ndarray, eta: float) -> np.ndarray:
    """Linear self-attention over tokens z_i = [x_i; y_i] and the query token [x_q; 0].

    W_K = W_Q = [[I, 0], [0, 0]] and W_V = [[0, 0], [0, eta]]; the output is the last
    coordinate of the query's update (1/k) sum_i (W_V z_i)(W_K z_i)^T (W_Q z_q).
    """
    n, k, d = x.shape
    if k == 0:
        return np.zeros(n)
    tokens = np.concatenate([x, y[:, :, None]], axis=2)
    query = np.concatenate([xq, np.zeros((n, 1))], axis=1)
    wk = np.zeros((d + 1, d + 1))
    wk[:d, :d] = np.eye(d)
    wv = np.zeros((d + 1, d + 1))
    wv[d, d] = eta
    keys = tokens @ wk.T
    values = tokens @ wv.T
    scores = (keys @ (query @ wk.T)[:, :, None]) / k
    return (values.transpose(0, 2, 1) @ scores)[:, d, 0]


def gd_one_step_predict(x: np.ndarray, y: np.ndarray, xq: np.ndarray, eta: float) -> np.ndarray:
    """Prediction after one GD step of size eta on the prompt's squared loss, from w = 0."""
    k = x.shape[1]
    if k == 0:
        return np.zeros(len(xq))
    w1 = eta / k * np.einsum("tkd,tk->td", x, y)
    return np.einsum("td,td->t", w1, xq)


def least_squares_predict(x: np.ndarray, y: np.ndarray, xq: np.ndarray) -> np.ndarray:
    """Minimum-norm least squares fit on the prompt (what trained transformers approach)."""
    n, k, d = x.shape
    if k == 0:
        return np.zeros(n)
    jitter = 1e-9
    xt = x.transpose(0, 2, 1)
    if k >= d:
        w = np.linalg.solve(xt @ x + jitter * np.eye(d), xt @ y[:, :, None])
    else:
        w = xt @ np.linalg.solve(x @ xt + jitter * np.eye(k), y[:, :, None])
    return (xq[:, None, :] @ w)[:, 0, 0]


def lsa_mse_theory(d: int, k: int, sigma: float) -> float:
    """Expected query MSE of the optimal one-step predictor: d(d+1+s^2)/(d+k+1+s^2) + s^2."""
    return d * (d + 1 + sigma**2) / (d + k + 1 + sigma**2) + sigma**2


@register
class InContextLearning(Demo):
    """Sweep the number of prompt examples k and watch a frozen layer's error fall."""

    id = "in_context_learning"
    title = "Learning from the prompt without training"
    takeaway = ("A frozen attention layer learns from the examples in its prompt: its prediction "
                "equals one gradient step on them, and its error falls from zero- to few-shot.")
    topic = "few-shot"
    params = (
        Param("d", "Task dimension d", "int", 5, lo=1, hi=20, step=1,
              help="Number of input features of each random linear task"),
        Param("sigma", "Label noise sigma", "float", 0.5, lo=0.0, hi=1.0, step=0.1,
              help="Noise on every label, prompt and query"),
        Param("k_max", "Most shots k", "int", 40, lo=8, hi=64, step=8,
              help="The sweep shows k = 0 (zero-shot) up to this many prompt examples"),
    )
    views = ("shots", "predictions")

    def _setup(self) -> None:
        self.d = int(self.values["d"])
        self.sigma = float(self.values["sigma"])
        self.k_max = int(self.values["k_max"])
        self.ks: list[int] = []
        self.lsa_mse: list[float] = []
        self.ls_mse: list[float] = []
        self.sums = np.zeros(2)
        self.count = 0
        self.last: tuple[np.ndarray, np.ndarray] = (np.zeros(1), np.zeros(1))

    def _advance(self) -> Frame:
        k = min(self.index // FRAMES_PER_K, self.k_max)
        if self.index % FRAMES_PER_K == 0:
            self.sums[:] = 0.0
            self.count = 0
            self.ks.append(k)
            self.lsa_mse.append(0.0)
            self.ls_mse.append(0.0)
        x, y, xq, yq = sample_prompts(self.rng, TASKS_PER_FRAME, self.d, k, self.sigma)
        pred = lsa_predict(x, y, xq, optimal_step(self.d, k, self.sigma))
        self.sums += [np.sum((pred - yq) ** 2), np.sum((least_squares_predict(x, y, xq) - yq) ** 2)]
        self.count += TASKS_PER_FRAME
        self.lsa_mse[-1], self.ls_mse[-1] = self.sums / self.count
        self.last = (yq, pred)
        done = k == self.k_max and self.index % FRAMES_PER_K == FRAMES_PER_K - 1
        return self._draw(done)

    def _redraw(self) -> Frame:
        return self._draw(False)

    def _draw(self, done: bool) -> Frame:
        k = self.ks[-1]
        err = round(self.lsa_mse[-1], 2)
        theory = round(lsa_mse_theory(self.d, k, self.sigma), 2)
        zero = round(lsa_mse_theory(self.d, 0, self.sigma), 2)
        ls = round(self.ls_mse[-1], 2)
        shot = "zero-shot" if k == 0 else "one-shot" if k == 1 else "few-shot"
        caption = (f"k={k} ({shot}): error {err} vs theory {theory}, zero-shot {zero}, "
                   f"least squares {ls}; no weights changed")
        metrics = {"k": float(k), "mse": err, "theory": theory, "zero_shot": zero,
                   "least_squares": ls}
        readouts = (f"shots k {k}", f"attention MSE {err:.2f}", f"least squares {ls:.2f}")
        base = Frame(title=self.title, caption=caption, metrics=metrics, readouts=readouts,
                     done=done)
        if self.view == "predictions":
            truth, pred = self.last
            lim = float(np.max(np.abs(truth))) if truth.size else 1.0
            return replace(
                base, title=f"Query predictions at k={k} (one dot per task)",
                xlabel="true y of the query", ylabel="attention layer's prediction",
                series=(Series("scatter", truth[:200], pred[:200], "tasks", "data"),
                        Series("line", np.array([-lim, lim]), np.array([-lim, lim]),
                               "perfect", "theory")),
            )
        ks = np.array(self.ks, dtype=float)
        grid = np.arange(self.k_max + 1, dtype=float)
        curve = np.array([lsa_mse_theory(self.d, int(g), self.sigma) for g in grid])
        return replace(
            base, xlabel="shots k (examples in the prompt)", ylabel="query MSE",
            xlim=(0.0, float(self.k_max)), ylim=(0.0, 1.15 * curve[0]),
            series=(Series("line", grid, curve, "theory d(d+1+s2)/(d+k+1+s2)+s2", "theory"),
                    Series("line", ks, np.array(self.lsa_mse), "attention (one GD step)",
                           "primary"),
                    Series("line", ks, np.minimum(np.array(self.ls_mse), 1.15 * curve[0]),
                           "least squares", "secondary"),
                    Series("hline", np.array([0.0]), np.array([curve[0]]), "zero-shot", "muted")),
        )
