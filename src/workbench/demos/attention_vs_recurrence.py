"""Attention demo: one-step access at any distance vs a decaying recurrent memory, and why 1/√d."""

from __future__ import annotations

import math

import numpy as np

from workbench.demos._numbers import plural, sig
from workbench.demos.base import Demo, Frame, Heatmap, Param, Series
from workbench.demos.registry import register

MODEL_DIM = 64
DIMS = np.array([4, 8, 16, 32, 64, 128, 256])
MATRIX_TOKENS = 32
MAX_DISTANCES = 48
SWEEP_FRAMES = 48
"""Short sequences have few distances; each then gets several frames, so a sweep lasts as long."""
FRAMES_PER_DIM = 4
ENTROPY_ROWS = 4
TINY = 1e-4
"""Influences below this print as '< 0.0001' rather than as a long run of zeros."""


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax over the last axis, shifted by the row maximum for stability."""
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def attention(queries: np.ndarray, keys: np.ndarray, scaled: bool) -> np.ndarray:
    """Attention weights softmax(QKᵀ/√d) (or without the 1/√d when `scaled` is False)."""
    scores = queries @ np.swapaxes(keys, -1, -2)
    return softmax(scores / math.sqrt(keys.shape[-1]) if scaled else scores)


def row_entropy(weights: np.ndarray) -> np.ndarray:
    """Shannon entropy (nats) of each attention row; log T for uniform, 0 for one-hot."""
    return -np.sum(weights * np.log(np.maximum(weights, 1e-300)), axis=-1)


def planted_weight(
    rng: np.random.Generator, tokens: int, distance: int, reps: int, scaled: bool,
    dim: int = MODEL_DIM,
) -> np.ndarray:
    """Weight the last token's query puts on a matching key `distance` positions back.

    Keys are iid N(0, I_d); the query equals the key at position tokens−1−distance (the token
    it looks for). No positional encoding, so nothing but content decides the weight.
    """
    keys = rng.standard_normal((reps, tokens, dim))
    target = tokens - 1 - distance
    weights = attention(keys[:, target : target + 1, :], keys, scaled)[:, 0, :]
    return weights[:, target]


def rnn_final_state(inputs: np.ndarray, decay: float) -> np.ndarray:
    """Last state of the linear recurrence h_t = a·h_(t−1) + x_t, run step by step."""
    state = np.zeros(inputs.shape[1:])
    for x_t in inputs:
        state = decay * state + x_t
    return state


def rnn_influence(decay: float, distance: np.ndarray | float) -> np.ndarray:
    """∂h_T/∂x_(T−distance) of that recurrence: a^distance."""
    return decay ** np.asarray(distance, dtype=float)


@register
class AttentionVsRecurrence(Demo):
    """Sweeps the distance to a matching token; also tracks softmax saturation against d."""

    id = "attention_vs_recurrence"
    title = "Every pair in one step"
    takeaway = (
        "Attention retrieves a matching token with the same weight at any distance while a "
        "recurrent memory fades like a^distance, and the 1/√d scaling keeps the softmax from "
        "saturating as d grows because Var(q·k) = d."
    )
    topic = "attention"
    params = (
        Param("tokens", "sequence T", "int", 64, lo=8, hi=256, step=2.0, log=True,
              help="sequence length"),
        Param("decay", "RNN decay a", "float", 0.9, lo=0.5, hi=0.99, step=0.01, resets=False,
              help="h_t = a·h_(t−1) + x_t: the recurrent memory keeps a^distance of a token"),
        Param("scaled", "1/√d scaling", "bool", True,
              help="divide the logits by √d (off: watch the softmax saturate)"),
    )
    views = ("distance", "matrix", "entropy")

    def _setup(self) -> None:
        tokens = int(self.values["tokens"])
        count = min(tokens - 1, MAX_DISTANCES)
        self.distances = np.unique(np.round(np.linspace(1, tokens - 1, count)).astype(int))
        self.reps = max(8, 1024 // tokens)
        self.frames_per_distance = math.ceil(SWEEP_FRAMES / self.distances.size)
        self.weight_sums = np.zeros(self.distances.size)
        self.weights: list[float] = []
        self.entropy_sum = np.zeros((2, DIMS.size))
        self.variance_sum = np.zeros(DIMS.size)
        self.rows = 0
        self.matrix = np.zeros((MATRIX_TOKENS, MATRIX_TOKENS))
        self.dim_index = 0
        self.frames_seen = 0

    def _advance(self) -> Frame:
        tokens = int(self.values["tokens"])
        scaled = bool(self.values["scaled"])
        self.frames_seen = self.index + 1
        slot = min(self.index // self.frames_per_distance, self.distances.size - 1)
        sample = planted_weight(self.rng, tokens, int(self.distances[slot]), self.reps, scaled)
        self.weight_sums[slot] += sample.mean()
        repeats = self.index - slot * self.frames_per_distance + 1
        self.weights[slot:] = [float(self.weight_sums[slot]) / repeats]
        self._accumulate_entropy(tokens)
        self.dim_index = (self.index // FRAMES_PER_DIM) % DIMS.size
        dim = int(DIMS[self.dim_index])
        q, k = self.rng.standard_normal((2, MATRIX_TOKENS, dim))
        self.matrix = attention(q, k, scaled)
        return self._draw()

    def _accumulate_entropy(self, tokens: int) -> None:
        """Add a few random query rows' entropies, with and without scaling, at every d."""
        keys = self.rng.standard_normal((tokens, DIMS[-1]))
        queries = self.rng.standard_normal((ENTROPY_ROWS, DIMS[-1]))
        for j, dim in enumerate(DIMS):
            scores = queries[:, :dim] @ keys[:, :dim].T
            self.entropy_sum[0, j] += row_entropy(softmax(scores / math.sqrt(dim))).sum()
            self.entropy_sum[1, j] += row_entropy(softmax(scores)).sum()
            self.variance_sum[j] += float(np.mean(scores**2)) * ENTROPY_ROWS / dim
        self.rows += ENTROPY_ROWS

    def _redraw(self) -> Frame | None:
        return self._draw() if self.weights else None

    def _on_live_change(self, key: str) -> None:
        if self.weights:
            self._last = self._draw()

    def entropies(self) -> dict[str, np.ndarray]:
        """Mean row entropy per d (scaled, unscaled) and the running Var(q·k)/d estimate."""
        return {
            "scaled": self.entropy_sum[0] / self.rows,
            "unscaled": self.entropy_sum[1] / self.rows,
            "variance_over_d": self.variance_sum / self.rows,
        }

    def _draw(self) -> Frame:
        if self.view == "matrix":
            return self._matrix_frame()
        if self.view == "entropy":
            return self._entropy_frame()
        return self._distance_frame()

    def _done(self) -> bool:
        return self.frames_seen >= self.distances.size * self.frames_per_distance

    def _distance_frame(self) -> Frame:
        decay = float(self.values["decay"])
        shown = self.distances[: len(self.weights)].astype(float)
        distance = int(shown[-1])
        rnn, rnn_text = sig(float(rnn_influence(decay, distance)))
        weight = round(self.weights[-1], 2)
        metrics = {"distance": float(distance), "attention": weight, "decay": round(decay, 2),
                   "rnn": rnn, "shown_floor": TINY}
        kept = f"= {rnn_text}" if rnn >= TINY else f"< {TINY:.4f}"
        caption = (
            f"distance {distance}: attention puts {weight:.2f} on the matching token (distance "
            f"plays no part); the RNN keeps {decay:.2f}^{distance} {kept} of it"
        )
        every = self.distances.astype(float)
        series = (
            Series("line", every, rnn_influence(decay, every),
                   f"RNN $a^{{\\text{{distance}}}}$ (a={decay:.2f})", "theory"),
            Series("line", shown, np.array(self.weights), "attention weight on match",
                   "highlight"),
            Series("scatter", shown[-1:], np.array(self.weights[-1:]), "", "primary"),
        )
        return Frame(
            title=f"Reaching back {plural(distance, 'token')}: attention vs recurrence",
            xlabel="distance to the matching token",
            ylabel="weight / influence",
            series=series,
            xlim=(0.0, float(self.distances[-1])),
            ylim=(0.0, 1.05),
            caption=caption,
            metrics=metrics,
            readouts=(f"distance {distance}", f"attention {weight:.2f}", f"RNN {kept}"),
            done=self._done(),
        )

    def _matrix_frame(self) -> Frame:
        scaled = bool(self.values["scaled"])
        dim = int(DIMS[self.dim_index])
        peak = round(float(self.matrix.max(axis=1).mean()), 2)
        entropy = round(float(row_entropy(self.matrix).mean()), 2)
        uniform = round(math.log(MATRIX_TOKENS), 2)
        mode = "with" if scaled else "without"
        metrics = {"d": float(dim), "peak": peak, "entropy": entropy, "uniform": uniform,
                   "tokens": float(MATRIX_TOKENS)}
        caption = (
            f"d={dim} {mode} scaling: rows put {peak:.2f} on their top key on average, entropy "
            f"{entropy:.2f} (uniform {uniform:.2f} over {MATRIX_TOKENS} keys)"
        )
        return Frame(
            title=f"softmax(QKᵀ{'/√d' if scaled else ''}) for random q, k, d={dim}",
            xlabel="key",
            ylabel="query",
            heatmap=Heatmap(self.matrix, "attention weight"),
            caption=caption,
            metrics=metrics,
            readouts=(f"d {dim}", f"top weight {peak:.2f}", f"entropy {entropy:.2f}"),
            done=self._done(),
        )

    def _entropy_frame(self) -> Frame:
        tokens = int(self.values["tokens"])
        stats = self.entropies()
        j = self.dim_index
        dim = int(DIMS[j])
        with_scale = round(float(stats["scaled"][j]), 2)
        without = round(float(stats["unscaled"][j]), 2)
        uniform = round(math.log(tokens), 2)
        ratio = round(float(stats["variance_over_d"][j]), 2)
        metrics = {"d": float(dim), "entropy_scaled": with_scale, "entropy_unscaled": without,
                   "uniform": uniform, "variance_over_d": ratio}
        caption = (
            f"d={dim}: row entropy {with_scale:.2f} with scaling vs {without:.2f} without "
            f"(uniform {uniform:.2f}); unscaled logits have variance {ratio:.2f}·d"
        )
        dims = DIMS.astype(float)
        series = (
            Series("hline", dims[:1], np.array([math.log(tokens)]), "uniform log T", "muted"),
            Series("line", dims, stats["scaled"], "entropy with 1/√d", "primary"),
            Series("line", dims, stats["unscaled"], "entropy without", "highlight"),
            Series("scatter", dims, stats["variance_over_d"], "Var(q·k)/d", "theory"),
        )
        return Frame(
            title=f"Softmax saturation vs key dimension (T={tokens})",
            xlabel="key dimension d",
            ylabel="nats",
            series=series,
            xlog=True,
            ylim=(0.0, math.log(tokens) * 1.1),
            caption=caption,
            metrics=metrics,
            readouts=(f"d {dim}", f"scaled {with_scale:.2f}", f"unscaled {without:.2f}",
                      f"rows {self.rows}"),
            done=self._done(),
        )
