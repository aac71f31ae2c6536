"""Universal-approximation demo: a good width-N net exists, but training need not find it."""

from __future__ import annotations

import math

import numpy as np

from workbench.demos._numbers import sig
from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

POINTS = 256
TOTAL_STEPS = 4000
LEARNING_RATE = 3e-3
WIDTHS = np.array([4, 8, 16, 32, 64, 128, 256])
X = np.linspace(0.0, 1.0, POINTS)


def target(x: np.ndarray, k: int) -> np.ndarray:
    """The function to approximate: sin(2πkx), k full periods on [0, 1]."""
    return np.sin(2.0 * np.pi * k * x)


def construction_weights(k: int, width: int) -> tuple[np.ndarray, np.ndarray, float]:
    """An explicit width-N ReLU net equal to the linear interpolant of the target on N+1 knots.

    g(x) = f(0) + Σⱼ cⱼ·relu(x − j/N): unit j switches on at knot j and cⱼ is the change of
    slope there. Returns (knots, output weights, output bias).
    """
    knots = np.linspace(0.0, 1.0, width + 1)
    slopes = np.diff(target(knots, k)) * width
    changes = np.diff(slopes, prepend=0.0)
    return knots[:-1], changes, float(target(knots[:1], k)[0])


def construction(x: np.ndarray, k: int, width: int) -> np.ndarray:
    """The constructed net's output at x."""
    starts, changes, bias = construction_weights(k, width)
    return bias + np.maximum(x[:, None] - starts[None, :], 0.0) @ changes


def construction_bound(k: int, width: int | np.ndarray) -> np.ndarray:
    """Interpolation error bound h²·max|f''|/8 with h = 1/N: (2πk)²/(8N²)."""
    return (2.0 * np.pi * k) ** 2 / (8.0 * np.asarray(width, dtype=float) ** 2)


def width_for_error(k: int, eps: float) -> int:
    """Smallest N whose bound (2πk)²/(8N²) is at most eps: ⌈πk/√(2ε)⌉."""
    return math.ceil(math.pi * k / math.sqrt(2.0 * eps))


def init_net(rng: np.random.Generator, width: int) -> np.ndarray:
    """PyTorch-default init of a 1→N→1 ReLU net, packed as [w₁ (N), b₁ (N), w₂ (N), b₂]."""
    bound = 1.0 / math.sqrt(width)
    return np.concatenate([
        rng.uniform(-1.0, 1.0, width),
        rng.uniform(-1.0, 1.0, width),
        rng.uniform(-bound, bound, width),
        rng.uniform(-bound, bound, 1),
    ])


def net_output(theta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The packed net's output at x."""
    n = (theta.size - 1) // 3
    hidden = np.maximum(np.multiply.outer(x, theta[:n]) + theta[n : 2 * n], 0.0)
    return hidden @ theta[2 * n : 3 * n] + theta[-1]


def loss_and_grad(theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean squared error of the packed net and its gradient (hand-written backprop)."""
    n = (theta.size - 1) // 3
    pre = np.multiply.outer(x, theta[:n]) + theta[n : 2 * n]
    hidden = np.maximum(pre, 0.0)
    residual = hidden @ theta[2 * n : 3 * n] + theta[-1] - y
    g_out = (2.0 / x.size) * residual
    g_pre = np.outer(g_out, theta[2 * n : 3 * n]) * (pre > 0.0)
    grad = np.concatenate([x @ g_pre, g_pre.sum(axis=0), g_out @ hidden, [g_out.sum()]])
    return float(np.mean(residual**2)), grad


class Adam:
    """Adam (Kingma & Ba 2015) on a flat parameter vector, updated in place."""

    def __init__(self, theta: np.ndarray, lr: float = LEARNING_RATE) -> None:
        self.theta = theta
        self.lr = lr
        self.m = np.zeros_like(theta)
        self.v = np.zeros_like(theta)
        self.steps = 0

    def run(self, x: np.ndarray, y: np.ndarray, steps: int) -> float:
        """Take `steps` full-batch steps; returns the last training loss."""
        loss = float("nan")
        for _ in range(steps):
            loss, grad = loss_and_grad(self.theta, x, y)
            self.steps += 1
            self.m = 0.9 * self.m + 0.1 * grad
            self.v = 0.999 * self.v + 0.001 * grad * grad
            m_hat = self.m / (1.0 - 0.9**self.steps)
            v_hat = self.v / (1.0 - 0.999**self.steps)
            self.theta -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)
        return loss


@register
class UatGap(Demo):
    """Trains a width-N net by Adam next to an explicit width-N construction of the target."""

    id = "uat_gap"
    title = "A good net exists, but need not be small or findable"
    takeaway = (
        "The theorem promises a one-hidden-layer net within any ε, built here with error "
        "(2πk)²/(8N²), but that takes N ∝ k/√ε units, and Adam on the same width stalls far "
        "above it."
    )
    topic = "universal-approximation"
    params = (
        Param("width", "width N", "int", 32, lo=4, hi=256, step=2.0, log=True,
              help="hidden units of both nets"),
        Param("k", "frequency k", "int", 2, lo=1, hi=8, step=1,
              help="target sin(2πkx): more periods need more units"),
        Param("sigma", "label noise σ", "float", 0.0, lo=0.0, hi=0.3, step=0.05,
              help="noise on the training labels (errors are measured against the clean target)"),
    )
    views = ("fit", "rate")

    def _setup(self) -> None:
        width = int(self.values["width"])
        k = int(self.values["k"])
        self.clean = target(X, k)
        self.labels = self.clean + float(self.values["sigma"]) * self.rng.standard_normal(POINTS)
        self.built = construction(X, k, width)
        self.built_errors = np.array(
            [np.max(np.abs(construction(X, k, int(n)) - self.clean)) for n in WIDTHS]
        )
        self.optimizer = Adam(init_net(self.rng, width))
        # Wide nets cost more per step; fewer steps per frame keep a frame within budget.
        self.steps_per_frame = max(2, min(20, 640 // width))
        self.curve: list[tuple[float, float]] = []
        self.fit = np.zeros(POINTS)

    def _advance(self) -> Frame:
        steps = min(self.steps_per_frame, TOTAL_STEPS - self.optimizer.steps)
        if steps > 0:
            self.optimizer.run(X, self.labels, steps)
        self.fit = net_output(self.optimizer.theta, X)
        self.curve.append(
            (float(self.optimizer.steps), float(np.sqrt(np.mean((self.fit - self.clean) ** 2))))
        )
        return self._draw()

    def _redraw(self) -> Frame | None:
        return self._draw() if self.curve else None

    def _draw(self) -> Frame:
        width = int(self.values["width"])
        k = int(self.values["k"])
        steps, trained_rmse = self.curve[-1]
        built_max = float(np.max(np.abs(self.built - self.clean)))
        built_rmse = float(np.sqrt(np.mean((self.built - self.clean) ** 2)))
        figures = {
            "construction_max": sig(built_max, 3),
            "bound": sig(float(construction_bound(k, width)), 3),
            "trained_rmse": sig(trained_rmse, 3),
            "construction_rmse": sig(built_rmse, 3),
            "ratio": sig(trained_rmse / built_rmse if built_rmse > 0 else 0.0, 2),
        }
        text = {key: shown for key, (_, shown) in figures.items()}
        metrics = {"width": float(width), "k": float(k), "steps": steps} | {
            key: value for key, (value, _) in figures.items()
        }
        caption = (
            f"N={width}, k={k}: construction max error {text['construction_max']} "
            f"(bound {text['bound']}); Adam after {int(steps)} steps: RMSE "
            f"{text['trained_rmse']}, {text['ratio']}× the construction's "
            f"{text['construction_rmse']}"
        )
        readouts = (
            f"Adam steps {int(steps)}/{TOTAL_STEPS}",
            f"trained RMSE {text['trained_rmse']}",
            f"built RMSE {text['construction_rmse']}",
            f"N for ε=0.001: {width_for_error(k, 1e-3)}",
        )
        done = steps >= TOTAL_STEPS
        if self.view == "rate":
            return self._rate_frame(width, k, trained_rmse, caption, metrics, readouts, done)
        series = (
            Series("line", X, self.clean, f"sin(2π·{k}x)", "theory"),
            Series("scatter", X[::4], self.labels[::4], "labels", "muted"),
            Series("line", X, self.built, f"construction, {width} units", "primary"),
            Series("line", X, self.fit, "Adam-trained", "highlight"),
        )
        return Frame(
            title=f"Width-{width} nets for sin(2π·{k}x)",
            xlabel="x",
            ylabel="y",
            series=series,
            xlim=(0.0, 1.0),
            ylim=(-1.6, 1.6),
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )

    def _rate_frame(
        self,
        width: int,
        k: int,
        trained_rmse: float,
        caption: str,
        metrics: dict[str, float],
        readouts: tuple[str, ...],
        done: bool,
    ) -> Frame:
        widths = WIDTHS.astype(float)
        series = (
            Series("line", widths, construction_bound(k, widths), r"bound $(2\pi k)^2/(8N^2)$",
                   "theory"),
            Series("line", widths, np.maximum(self.built_errors, 1e-12), "construction max error",
                   "primary"),
            Series("scatter", np.array([float(width)]), np.array([max(trained_rmse, 1e-12)]),
                   "Adam RMSE (this width)", "highlight"),
        )
        return Frame(
            title="Error vs width (log-log): the construction falls like 1/N²",
            xlabel="hidden units N",
            ylabel="error",
            series=series,
            xlog=True,
            ylog=True,
            caption=caption,
            metrics=metrics,
            readouts=readouts,
            done=done,
        )
