"""Oracle tests for attention_as_conv (Cordonnier, Loukas & Jaggi 2020, Thm 1 / eq. 9)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.demos.attention_as_conv import (
    KERNELS,
    SIZE,
    AttentionAsConv,
    content_attention,
    conv3x3,
    make_image,
    mhsa_conv,
    off_target_mass,
    positional_heads,
)


def direct_conv(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Cross-correlation by the textbook double loop (independent of the demo's roll-based code)."""
    n = image.shape[0]
    out = np.zeros_like(image)
    for i in range(n):
        for j in range(n):
            out[i, j] = sum(kernel[a, b] * image[(i + a - 1) % n, (j + b - 1) % n]
                            for a in range(3) for b in range(3))
    return out


@pytest.mark.parametrize("name", [*KERNELS, "random"])
def test_hard_heads_are_exactly_the_convolution(name: str) -> None:
    rng = np.random.default_rng(3)
    image = make_image(rng)
    kernel = KERNELS.get(name, rng.standard_normal((3, 3)))
    reference = direct_conv(image, kernel)
    assert np.abs(conv3x3(image, kernel) - reference).max() <= 1e-12
    assert np.abs(mhsa_conv(image, kernel, positional_heads(SIZE, None)) - reference).max() <= 1e-12


def test_softmax_error_falls_monotonically_with_sharpness() -> None:
    rng = np.random.default_rng(0)
    image, kernel = make_image(rng), KERNELS["sobel-x"]
    reference = conv3x3(image, kernel)
    alphas = [0.5, 1, 2, 4, 8, 16, 32]
    errors = [np.abs(mhsa_conv(image, kernel, positional_heads(SIZE, a)) - reference).max()
              for a in alphas]
    assert all(b < a for a, b in zip(errors, errors[1:], strict=False))
    assert errors[alphas.index(16)] < 1e-5
    assert errors[alphas.index(32)] < 1e-12
    assert errors[0] > 0.1  # blurry heads are visibly not the convolution


def test_off_target_mass_matches_heads_and_4_exp_minus_alpha() -> None:
    for alpha in (1.0, 4.0, 8.0):
        heads = positional_heads(SIZE, alpha)
        measured = 1.0 - heads[4].max(axis=1)  # head 4 targets offset (0, 0)
        assert np.allclose(measured, off_target_mass(alpha), atol=1e-12)
    # Leading term: four nearest neighbours at squared distance 1.
    assert off_target_mass(8.0) == pytest.approx(4 * math.exp(-8.0), rel=0.01)


def test_convolution_is_local_and_content_attention_is_not() -> None:
    rng = np.random.default_rng(1)
    image = make_image(rng)
    far = image.copy()
    far[0, 0] += 1.0  # pixel (0,0) is outside the 3x3 neighbourhood of (6, 6)
    kernel = KERNELS["sharpen"]
    assert conv3x3(far, kernel)[6, 6] - conv3x3(image, kernel)[6, 6] == 0.0
    change = abs(content_attention(far, 1.0)[6, 6] - content_attention(image, 1.0)[6, 6])
    assert change > 1e-4


def test_translation_equivariance() -> None:
    image = make_image(np.random.default_rng(2))
    kernel = np.random.default_rng(5).standard_normal((3, 3))
    heads = positional_heads(SIZE, 3.0)
    shifted = np.roll(image, (2, 5), axis=(0, 1))
    assert np.allclose(conv3x3(shifted, kernel), np.roll(conv3x3(image, kernel), (2, 5), (0, 1)))
    assert np.allclose(mhsa_conv(shifted, kernel, heads),
                       np.roll(mhsa_conv(image, kernel, heads), (2, 5), (0, 1)))


def test_demo_frames_report_the_sweep() -> None:
    demo = AttentionAsConv(seed=0, kernel="blur")
    frames = [demo.step() for _ in range(60)]
    errors = [f.metrics["max_error"] for f in frames]
    assert frames[0].metrics["alpha"] == 0.5 and frames[-1].metrics["alpha"] == 32
    assert errors[0] > 100 * errors[-1] and errors[-1] < 1e-10
    assert frames[-1].done and not frames[0].done
    # The reported error is the pure construction's error on the demo's own image.
    alpha = float(demo.alphas[10])
    expected = np.abs(mhsa_conv(demo.image, KERNELS["blur"], positional_heads(SIZE, alpha))
                      - direct_conv(demo.image, KERNELS["blur"])).max()
    assert frames[10].metrics["max_error"] == pytest.approx(expected, rel=0.05)
    other = AttentionAsConv(seed=1, kernel="blur")
    assert not np.array_equal(other.image, demo.image)  # a new seed draws a new image
