"""Demo `depth_vs_width`: a composed 2-unit tent layer makes 2^L pieces; a wide layer cannot."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.demos._numbers import plural
from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

Layer = tuple[np.ndarray, np.ndarray]
"""(W, b) of one dense layer: activations h -> h @ W + b."""

FIT_GRID = np.linspace(0.0, 1.0, 2049)
"""Fitting grid: dyadic, so every breakpoint k/2^L of depth L <= 11 is a grid point."""
GRID = FIT_GRID[::8]
"""Display grid (257 points)."""
MAX_SHOWN_PIECES = 32
"""More pieces than this zoom the plot in: steep teeth cost plotext ~1 ms per 4 to draw."""
FRAMES_PER_DEPTH = 8
MORPH_FRAMES = 4


def relu(x: np.ndarray) -> np.ndarray:
    """max(x, 0)."""
    return np.maximum(x, 0.0)


def tent_net(depth: int) -> list[Layer]:
    """Telgarsky's construction: tent(x) = 2 relu(x) - 4 relu(x - 1/2), composed `depth` times.

    Each hidden layer has 2 units; the tent's output weights fold into the next layer.
    Parameter count: 4 + 6 (depth - 1) + 3 = 6 depth + 1.
    """
    first = (np.array([[1.0, 1.0]]), np.array([0.0, -0.5]))
    fold = np.array([[2.0], [-4.0]])
    layers = [first]
    for _ in range(depth - 1):
        layers.append((fold @ first[0], first[1].copy()))
    layers.append((fold, np.zeros(1)))
    return layers


def random_net(rng: np.random.Generator, depth: int, width: int) -> list[Layer]:
    """A ReLU net on 1-D input with He-normal weights and small random biases."""
    layers: list[Layer] = []
    fan_in = 1
    for _ in range(depth):
        w = rng.standard_normal((fan_in, width)) * math.sqrt(2.0 / fan_in)
        layers.append((w, 0.1 * rng.standard_normal(width)))
        fan_in = width
    layers.append((rng.standard_normal((fan_in, 1)) * math.sqrt(1.0 / fan_in), np.zeros(1)))
    return layers


def forward(layers: list[Layer], x: np.ndarray, upto: int | None = None) -> np.ndarray:
    """Outputs at points x: ReLU after every layer but the last (or the first `upto` layers)."""
    h = np.asarray(x, dtype=float).reshape(-1, 1)
    hidden = layers[:-1] if upto is None else layers[:upto]
    for w, b in hidden:
        h = relu(h @ w + b)
    if upto is None:
        w, b = layers[-1]
        h = h @ w + b
    return h


def breakpoints(layers: list[Layer], lo: float = 0.0, hi: float = 1.0) -> np.ndarray:
    """Every point of [lo, hi] where some hidden unit switches on or off, exactly.

    Between consecutive breakpoints each layer's pre-activations are affine in x, so a
    unit's zero inside an interval is found by linear interpolation; layer by layer this
    finds all kinks (no grid, no aliasing).
    """
    points = np.array([lo, hi])
    for depth, (w, b) in enumerate(layers[:-1]):
        pre = forward(layers, points, upto=depth) @ w + b
        a, z = pre[:-1], pre[1:]
        cross = (a * z) < 0
        left = np.repeat(points[:-1, None], w.shape[1], axis=1)
        right = np.repeat(points[1:, None], w.shape[1], axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            roots = left + (right - left) * a / (a - z)
        points = np.unique(np.concatenate([points, roots[cross]]))
    return points


def count_pieces(layers: list[Layer], lo: float = 0.0, hi: float = 1.0) -> int:
    """Number of linear pieces of the net's output on [lo, hi] (kinks where the slope changes)."""
    x = breakpoints(layers, lo, hi)
    y = forward(layers, x)[:, 0]
    slope = np.diff(y) / np.diff(x)
    scale = max(1.0, float(np.max(np.abs(slope))))
    return 1 + int(np.count_nonzero(np.abs(np.diff(slope)) > 1e-9 * scale))


def sawtooth(depth: int, x: np.ndarray) -> np.ndarray:
    """The closed form of tent composed `depth` times: a triangle wave with 2^(depth-1) teeth."""
    teeth = 2.0 ** (depth - 1)
    frac = (np.asarray(x) * teeth) % 1.0
    return 1.0 - np.abs(2.0 * frac - 1.0)


def shallow_features(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """Hidden layer of a one-layer ReLU net with a unit per knot: relu(x - knot), plus a bias."""
    return np.column_stack([relu(x[:, None] - knots[None, :]), np.ones_like(x)])


def shallow_fit(x: np.ndarray, y: np.ndarray, units: int) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares output layer on `units` ReLUs with uniform knots j/units: (coef, knots)."""
    knots = np.arange(units) / units
    coef, *_ = np.linalg.lstsq(shallow_features(x, knots), y, rcond=None)
    return coef, knots


def exact_rmse(layers: list[Layer], coef: np.ndarray, knots: np.ndarray) -> float:
    """The root-mean-square gap on [0, 1] between the net and a shallow fit, integrated exactly.

    Both are piecewise linear, so on a grid holding every kink of both the gap is linear
    between points and its square integrates to dx (u^2 + uv + v^2) / 3.
    """
    x = np.unique(np.concatenate([breakpoints(layers), knots[(knots > 0) & (knots < 1)]]))
    gap = forward(layers, x)[:, 0] - shallow_features(x, knots) @ coef
    u, v = gap[:-1], gap[1:]
    return float(np.sqrt(np.sum(np.diff(x) * (u * u + u * v + v * v) / 3.0)))


def shallow_interpolant(layers: list[Layer]) -> tuple[np.ndarray, np.ndarray, float]:
    """The net's output on [0, 1] rewritten as one hidden layer: (knots, weights, bias).

    One unit relu(x - knot) per kink plus one at 0 for the first slope, weighted by the
    slope change there: a shallow net needs a unit for every piece the deep net makes.
    """
    x = breakpoints(layers)
    y = forward(layers, x)[:, 0]
    slope = np.diff(y) / np.diff(x)
    change = np.diff(np.concatenate([[0.0], slope]))
    keep = np.abs(change) > 1e-9 * max(1.0, float(np.max(np.abs(slope))))
    keep[0] = True
    return x[:-1][keep], change[keep], float(y[0])


def shallow_eval(knots: np.ndarray, weights: np.ndarray, bias: float, x: np.ndarray) -> np.ndarray:
    """Output of the one-hidden-layer net sum_j weights_j relu(x - knots_j) + bias."""
    return relu(np.asarray(x)[:, None] - knots[None, :]) @ weights + bias


@dataclass(frozen=True)
class DepthCurves:
    """What one depth shows: the deep curve, the shallow fit and their counts."""

    net: list[Layer]
    x: np.ndarray
    """Display points: 257 on [0, zoom]."""
    zoom: float
    deep: np.ndarray
    fit: np.ndarray
    units: int
    params: int
    shallow_params: int
    deep_pieces: int
    rmse: float
    random: np.ndarray
    """A He-initialised net of the same shape, rescaled to [0, 1] for display."""
    random_pieces: int


@register
class DepthVsWidth(Demo):
    """Cycles the depth L, drawing the deep net against a shallow net of the same budget."""

    id = "depth_vs_width"
    title = "Depth composes"
    takeaway = ("With the same parameter count, a deep ReLU net can make exponentially many "
                "linear pieces (2^L), a shallow one only as many as its units.")
    topic = "wide-vs-deep"
    params = (
        Param("depth", "largest depth L", "int", 7, 1, 10, 1,
              help="the animation grows L from 1 to this"),
        Param("budget", "shallow budget", "choice", "params", choices=("params", "pieces"),
              help="params: same parameter count as the deep net; pieces: enough units to match"),
        Param("init", "deep weights", "choice", "tent", choices=("tent", "he"),
              help="tent: the constructed folding net; he: random He-initialised weights"),
    )

    def _setup(self) -> None:
        self.max_depth = int(self.values["depth"])
        self.random_nets = [random_net(self.rng, depth, 2) for depth in range(1, 11)]
        self._cache: dict[int, DepthCurves] = {}

    def _curves(self, depth: int) -> DepthCurves:
        """Curves and counts for one depth, computed once."""
        if depth not in self._cache:
            tent = self.values["init"] == "tent"
            net = tent_net(depth) if tent else self.random_nets[depth - 1]
            pieces = count_pieces(net)
            zoom = 0.5 ** max(0, math.ceil(math.log2(pieces / MAX_SHOWN_PIECES)))
            x = GRID * zoom
            deep = forward(net, x)[:, 0]
            if self.values["budget"] == "params":
                units = 2 * depth
                coef, knots = shallow_fit(FIT_GRID, forward(net, FIT_GRID)[:, 0], units)
                fit = shallow_features(x, knots) @ coef
                rmse = exact_rmse(net, coef, knots)
            else:
                knots, weights, bias = shallow_interpolant(net)
                units = len(knots)
                fit = shallow_eval(knots, weights, bias, GRID)
                rmse = float(np.sqrt(np.mean((fit - forward(net, GRID)[:, 0]) ** 2)))
                fit = shallow_eval(knots, weights, bias, x)
            other = self.random_nets[depth - 1]
            shown = forward(other, x)[:, 0]
            spread = float(np.ptp(shown)) or 1.0
            self._cache[depth] = DepthCurves(
                net=net, x=x, zoom=zoom, deep=deep, fit=fit, units=units, params=6 * depth + 1,
                shallow_params=3 * units + 1, deep_pieces=pieces, rmse=rmse,
                random=(shown - shown.min()) / spread, random_pieces=count_pieces(other),
            )
        return self._cache[depth]

    def _advance(self) -> Frame:
        depth = 1 + (self.index // FRAMES_PER_DEPTH) % self.max_depth
        phase = self.index % FRAMES_PER_DEPTH
        now = self._curves(depth)
        deep = now.deep
        if phase < MORPH_FRAMES and depth > 1:
            t = (phase + 1) / MORPH_FRAMES
            before = forward(self._curves(depth - 1).net, now.x)[:, 0]
            deep = (1.0 - t) * before + t * deep
        pieces, units = now.deep_pieces, now.units
        rmse = float(f"{now.rmse:.3f}")
        caption = (f"L={depth}: deep {plural(pieces, 'piece')} from {now.params} params; "
                   f"shallow {plural(units, 'unit')} ({now.shallow_params} params): at most "
                   f"{plural(units + 1, 'piece')}, "
                   f"RMSE {rmse:.3f}")
        if now.zoom < 1:
            caption += f"; plot zoomed to x ≤ {now.zoom:g}"
        metrics = {"zoom": now.zoom, "L": depth, "deep_pieces": pieces, "deep_params": now.params,
                   "units": units, "shallow_params": now.shallow_params,
                   "shallow_max_pieces": units + 1, "rmse": rmse,
                   "random_pieces": now.random_pieces}
        tent = self.values["init"] == "tent"
        label = "deep net" if tent else "random deep net"
        series: tuple[Series, ...] = (
            Series("line", now.x, deep, f"{label} ({plural(pieces, 'piece')})", "primary"),
            Series("line", now.x, now.fit, f"shallow, {plural(units, 'unit')}", "secondary"),
        )
        if tent:
            series += (Series("line", now.x, now.random, "same shape, random init (scaled)",
                              "muted"),)
        return Frame(
            title=f"depth L={depth}: width-2 deep net vs one wide layer",
            xlabel="x", ylabel="output", series=series,
            xlim=(0.0, now.zoom),
            caption=caption, metrics=metrics,
            readouts=(f"deep pieces {pieces}", f"shallow ≤ {units + 1}", f"RMSE {rmse:.3f}",
                      f"random init {plural(now.random_pieces, 'piece')}"),
            done=depth == self.max_depth and phase == FRAMES_PER_DEPTH - 1,
        )
