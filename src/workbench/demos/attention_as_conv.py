"""Demo: nine attention heads with positional logits reproduce a 3x3 convolution.

Cordonnier, Loukas & Jaggi 2020 (ICLR), Thm 1 and eq. (9): head h attends with logits
-alpha * ||delta - shift_h||^2 over relative offsets, so as alpha grows each head becomes a
one-hot look at one neighbour and the heads' weighted sum is the convolution.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from workbench.demos.base import Demo, Frame, Heatmap, Param, Series
from workbench.demos.registry import register

SIZE = 12
SHIFTS = tuple((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
KERNELS: dict[str, np.ndarray] = {
    "sobel-x": np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]),
    "blur": np.full((3, 3), 1.0 / 9.0),
    "sharpen": np.array([[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]]),
}
ALPHA_START = 0.5
SWEEP_FRAMES = 60


def make_image(rng: np.random.Generator, size: int = SIZE) -> np.ndarray:
    """A small synthetic image: a vertical bar, a Gaussian blob and seeded noise."""
    yy, xx = np.mgrid[0:size, 0:size].astype(float)
    image = np.zeros((size, size))
    image[:, size // 4] = 1.0
    cy, cx = rng.uniform(size * 0.4, size * 0.8, 2)
    image += np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 4.0)
    return image + 0.1 * rng.standard_normal((size, size))


def conv3x3(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Circular cross-correlation (the deep-learning 'convolution') with a 3x3 kernel."""
    out = np.zeros_like(image)
    for dy, dx in SHIFTS:
        out += kernel[dy + 1, dx + 1] * np.roll(image, (-dy, -dx), axis=(0, 1))
    return out


def relative_offsets(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Torus offsets (key - query) per axis for each (query, key) pixel pair, in [-n/2, n/2)."""
    coords = np.arange(size * size)
    rows, cols = coords // size, coords % size
    half = size // 2
    dy = (rows[None, :] - rows[:, None] + half) % size - half
    dx = (cols[None, :] - cols[:, None] + half) % size - half
    return dy, dx


def positional_heads(size: int, alpha: float | None) -> np.ndarray:
    """Attention matrices (9, N, N) of the heads; alpha=None gives hard one-hot heads."""
    dy, dx = relative_offsets(size)
    heads = np.empty((len(SHIFTS), size * size, size * size))
    for h, (sy, sx) in enumerate(SHIFTS):
        dist2 = (dy - sy) ** 2 + (dx - sx) ** 2
        if alpha is None:
            heads[h] = (dist2 == 0).astype(float)
        else:
            logits = -alpha * dist2
            weights = np.exp(logits - logits.max(axis=1, keepdims=True))
            heads[h] = weights / weights.sum(axis=1, keepdims=True)
    return heads


def mhsa_conv(image: np.ndarray, kernel: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """Multi-head self-attention output: sum over heads of (A_h x) times the head's value weight."""
    flat = image.ravel()
    values = np.array([kernel[sy + 1, sx + 1] for sy, sx in SHIFTS])
    return np.einsum("h,hqk,k->q", values, heads, flat).reshape(image.shape)


def off_target_mass(alpha: float, size: int = SIZE) -> float:
    """Attention a head puts off its target, exactly: 1 - 1/theta(alpha)^2 on the torus.

    The logits separate over the two axes, so the normaliser is the square of the 1-D sum
    theta(alpha) = sum_d exp(-alpha d^2); its leading term is 4e^-alpha (four nearest neighbours).
    """
    half = size // 2
    theta = sum(math.exp(-alpha * d * d) for d in range(-half, size - half))
    return 1.0 - 1.0 / theta**2


def content_attention(image: np.ndarray, beta: float) -> np.ndarray:
    """Content-based single-head attention with logits beta * x_q * x_k over all pixels."""
    flat = image.ravel()
    logits = beta * np.outer(flat, flat)
    weights = np.exp(logits - logits.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    return (weights @ flat).reshape(image.shape)


@register
class AttentionAsConv(Demo):
    """Sharpen nine positional heads until their sum equals the convolution."""

    id = "attention_as_conv"
    title = "Attention is a superset of convolution"
    takeaway = ("Nine attention heads that each look at one fixed neighbour reproduce a 3x3 "
                "convolution, exactly in the hard-attention limit; attention can look anywhere.")
    topic = "cnn-vs-vit"
    params = (
        Param("kernel", "Kernel", "choice", "sobel-x", choices=(*KERNELS, "random"),
              help="The 3x3 convolution the heads must reproduce"),
        Param("alpha_max", "Sharpness at end", "float", 32.0, lo=2.0, hi=64.0, step=2.0, log=True,
              help="The sweep raises head sharpness alpha from 0.5 to this value"),
        Param("query", "Query pixel", "int", 78, lo=0, hi=SIZE * SIZE - 1, step=1, resets=False,
              help="Pixel whose nine attention maps the 'heads' view shows"),
    )
    views = ("compare", "heads", "error")

    def _setup(self) -> None:
        self.image = make_image(self.rng)
        name = str(self.values["kernel"])
        self.kernel = KERNELS[name] if name in KERNELS else self.rng.standard_normal((3, 3))
        self.conv = conv3x3(self.image, self.kernel)
        self.dist2 = self._head_distances()
        self.alphas = np.geomspace(ALPHA_START, float(self.values["alpha_max"]), SWEEP_FRAMES)
        self.errors: list[float] = []
        self.heads = np.zeros_like(self.dist2)
        self.output = np.zeros_like(self.image)

    def _head_distances(self) -> np.ndarray:
        dy, dx = relative_offsets(SIZE)
        return np.stack([(dy - sy) ** 2 + (dx - sx) ** 2 for sy, sx in SHIFTS]).astype(float)

    def _advance(self) -> Frame:
        alpha = float(self.alphas[min(self.index, SWEEP_FRAMES - 1)])
        logits = -alpha * self.dist2
        weights = np.exp(logits - logits.max(axis=2, keepdims=True))
        self.heads = weights / weights.sum(axis=2, keepdims=True)
        self.output = mhsa_conv(self.image, self.kernel, self.heads)
        error = float(np.abs(self.output - self.conv).max())
        if len(self.errors) < SWEEP_FRAMES:
            self.errors.append(error)
        self.alpha, self.error = alpha, error
        return self._draw(done=self.index >= SWEEP_FRAMES - 1)

    def _redraw(self) -> Frame:
        return self._draw(done=False)

    def _draw(self, done: bool) -> Frame:
        alpha = float(f"{self.alpha:.3g}")
        error = float(f"{self.error:.2g}")
        mass = float(f"{off_target_mass(self.alpha):.2g}")
        metrics = {"alpha": alpha, "max_error": error, "off_target_mass": mass}
        caption = (f"α={alpha:g}: max |MHSA − conv| = {error:g}, each head puts {mass:g} "
                   f"of its attention off target; hard heads give exactly the convolution")
        readouts = (f"α {alpha:g}", f"max error {error:.1e}", f"off-target {mass:.2g}")
        base = Frame(title="conv | attention | |difference|", caption=caption, metrics=metrics,
                     readouts=readouts, done=done)
        if self.view == "heads":
            tiles, blank = self._head_tiles()
            return replace(base, title="Nine heads' attention for the query pixel (3x3 tiles)",
                           heatmap=Heatmap(tiles, "attention weight", blank))
        if self.view == "error":
            return self._error_frame(base)
        gap = np.full((SIZE, 1), float(self.conv.min()))
        diff = np.abs(self.output - self.conv)
        z = np.hstack([self.conv, gap, self.output, gap, diff])
        blank = np.zeros(z.shape, dtype=bool)
        blank[:, [SIZE, 2 * SIZE + 1]] = True
        return replace(base, heatmap=Heatmap(z, "conv | MHSA | |diff|", blank))

    def _head_tiles(self) -> tuple[np.ndarray, np.ndarray]:
        query = int(self.values["query"])
        tiles = np.zeros((3 * SIZE + 2, 3 * SIZE + 2))
        blank = np.ones(tiles.shape, dtype=bool)  # the rules between tiles stay empty
        for h in range(len(SHIFTS)):
            row, col = divmod(h, 3)
            block = self.heads[h, query].reshape(SIZE, SIZE)
            top, left = row * (SIZE + 1), col * (SIZE + 1)
            tiles[top:top + SIZE, left:left + SIZE] = block
            blank[top:top + SIZE, left:left + SIZE] = False
        return tiles, blank

    def _error_frame(self, base: Frame) -> Frame:
        n = len(self.errors)
        alphas = self.alphas[:n]
        measured = np.log10(np.maximum(np.array(self.errors), 1e-16))
        scale = 2.0 * np.abs(self.kernel).sum() * np.abs(self.image).max()
        bound = np.log10(np.maximum([scale * off_target_mass(a) for a in alphas], 1e-16))
        return replace(
            base, title="Error of the attention construction vs head sharpness",
            xlabel="log10 α", ylabel="log10 max error",
            series=(Series("line", np.log10(alphas), measured, "measured", "primary"),
                    Series("line", np.log10(alphas), bound, "bound (off-target)", "theory")),
        )
