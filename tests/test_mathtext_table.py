# ruff: noqa: E501  (the table keeps each formula and its rendering on one line)
"""Table-driven checks of the renderer: every formula in the notes plus each construct.

Expected strings were written out by hand from what the formula means, not copied
from the renderer.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from workbench.mathtext import display_math, inline_math, render_display, render_inline

INLINE = [
    ('L = L_{\\text{sup}} + L_{\\text{unsup}}', 'L = L_sup + L_unsup'),
    ('L_{\\text{unsup}}', 'L_unsup'),
    ('L_{\\text{unsup}} = \\mathbb{E}_{x_u}\\left[\\|f(x_u) - f(\\text{augment}(x_u))\\|\\right]', 'L_unsup = 𝔼_(x_u)[‖f(x_u) − f(augment(x_u))‖]'),
    ('P', 'P'),
    ('n', 'n'),
    ('f', 'f'),
    ('w', 'w'),
    ('\\|w\\|_1', '‖w‖₁'),
    ('\\partial |w_i| = \\operatorname{sign}(w_i)', '∂|wᵢ| = sign(wᵢ)'),
    ('w_i \\neq 0', 'wᵢ ≠ 0'),
    ('[-1, 1]', '[−1, 1]'),
    ('w_i = 0', 'wᵢ = 0'),
    ('\\|w\\|_2^2', '‖w‖₂²'),
    ('\\frac{\\partial}{\\partial w_i} w_i^2 = 2 w_i', '∂/(∂wᵢ) wᵢ² = 2wᵢ'),
    ('\\bar{f}', 'f̅'),
    ('M', 'M'),
    ('1 - \\frac{1}{M}', '1 − 1/M'),
    ('L', 'L'),
    ('O(n)', 'O(n)'),
    ('O(e^n)', 'O(eⁿ)'),
    ('d', 'd'),
    ('> 0', '> 0'),
    ('h_t = f(h_{t-1}, x_t)', 'hₜ = f(hₜ₋₁, xₜ)'),
    ('p_q', 'p_q'),
    ('p_k', 'pₖ'),
    ('y_q = \\sum_{k=1}^{N} a_k \\cdot p_k', 'y_q = ∑_(k=1)ᴺ a_k ⋅ p_k'),
    ('a_k \\ge 0', 'aₖ ≥ 0'),
    ('\\sum_{k=1}^{N} a_k = 1', '∑ₖ₌₁ᴺ aₖ = 1'),
    ('a_k', 'aₖ'),
    ('1', '1'),
    ('\\langle p_q, p_k \\rangle', '⟨p_q, p_k⟩'),
    ('a_k = \\frac{e^{\\langle p_q, p_k \\rangle}}{\\sum_{i=1}^{N} e^{\\langle p_q, p_i \\rangle}} = \\operatorname{softmax}_k\\left(\\langle p_q, p_k \\rangle\\right)', 'a_k = e^(⟨p_q,p_k⟩)/(∑_(i=1)^N e^(⟨p_q,p_i⟩)) = softmax_k(⟨p_q, p_k⟩)'),
    ('a_k = \\operatorname{softmax}_k\\left(\\langle Q p_q, K p_k \\rangle\\right)', 'a_k = softmax_k(⟨Qp_q, Kp_k⟩)'),
    ('y_q = \\sum_{k=1}^{N} a_k \\cdot V p_k', 'y_q = ∑_(k=1)ᴺ a_k ⋅ Vp_k'),
    ('Q', 'Q'),
    ('K', 'K'),
    ('V', 'V'),
    ('\\delta = k - q', 'δ = k − q'),
    ('r_{\\delta}', 'r_δ'),
    ('a_{q+\\delta} = \\operatorname{softmax}_{\\delta}\\left(\\langle Q p_q, K p_{q+\\delta} + r_{\\delta} \\rangle\\right)', 'a_(q+δ) = softmax_δ(⟨Qp_q, Kp_(q+δ) + r_δ⟩)'),
    ('y_q = \\sum_{\\delta} a_{q+\\delta} \\cdot V p_{q+\\delta}', 'y_q = ∑_δ a_(q+δ) ⋅ Vp_(q+δ)'),
    ('a_{q+\\delta} = f_{Q,K}(r_{\\delta})', 'a_(q+δ) = f_(Q,K)(r_δ)'),
    ('N_h', 'Nₕ'),
    ('\\sqrt{N_h} \\times \\sqrt{N_h}', '√Nₕ × √Nₕ'),
    ('Q, K, V', 'Q, K, V'),
    ('Q_1, K_1, V_1', 'Q₁, K₁, V₁'),
    ('Q_2, K_2, V_2', 'Q₂, K₂, V₂'),
    ('3 \\times 3', '3 × 3'),
    ('9', '9'),
    ('Q, K', 'Q, K'),
    ('P(y \\mid x)', 'P(y | x)'),
    ('\\chi^2', 'χ²'),
    ('\\approx 0.5', '≈ 0.5'),
    ('p_{\\text{prod}}(x) / p_{\\text{train}}(x)', 'p_prod(x)/p_train(x)'),
    ('x_i', 'xᵢ'),
    ('w^2', 'w²'),
    ('e^{-x}', 'e⁻ˣ'),
    ('x_{max}', 'x_max'),
    ('\\lambda + \\mu', 'λ + μ'),
    ('\\sum_{i=1}^{n} x_i', '∑ᵢ₌₁ⁿ xᵢ'),
    ('\\prod_{j} p_j', '∏ⱼ pⱼ'),
    ('\\int_0^1 f(x)\\,dx', '∫₀¹ f(x) dx'),
    ('\\sqrt{d}', '√d'),
    ('\\sqrt{d+1}', '√(d + 1)'),
    ('\\sqrt[3]{x}', '∛x'),
    ('\\infty', '∞'),
    ('\\partial f / \\partial x', '∂f/∂x'),
    ('\\nabla L', '∇L'),
    ('a \\le b \\ge c \\neq d \\approx e \\sim f', 'a ≤ b ≥ c ≠ d ≈ e ∼ f'),
    ('x \\in X \\to y', 'x ∈ X → y'),
    ('a \\cdot b \\times c', 'a ⋅ b × c'),
    ('\\mathbb{E}[X]', '𝔼[X]'),
    ('\\langle a, b\\rangle', '⟨a, b⟩'),
    ('\\left( a + b \\right)', '(a + b)'),
    ('\\|w\\|_2^2', '‖w‖₂²'),
    ('\\hat{y}', 'ŷ'),
    ('\\bar{x}', 'x̅'),
    ('\\tilde{x}', 'x̃'),
    ('\\operatorname{sign}(x)', 'sign(x)'),
    ('\\frac{1}{n}', '1/n'),
    ('\\frac{a+b}{c}', '(a + b)/c'),
    ('\\frac{a}{b+c}', 'a/(b + c)'),
    ('\\mathrm{softmax}(QK^T/\\sqrt{d})V', 'softmax(QKᵀ/√d)V'),
    ('y^{(i)}', 'y⁽ⁱ⁾'),
    ('x^{n+1}', 'xⁿ⁺¹'),
    ('\\theta_{t+1} = \\theta_t - \\eta \\nabla L(\\theta_t)', 'θₜ₊₁ = θₜ − η∇L(θₜ)'),
    ('\\lim_{n \\to \\infty} a_n', 'lim_(n→∞) aₙ'),
    ('\\arg\\max_\\theta L(\\theta)', 'arg max_θ L(θ)'),
    ("f'(x)", 'f′(x)'),
    ('-x + y', '−x + y'),
    ('\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}', '(a, b; c, d)'),
    ('\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}', '{ 1, x > 0; 0, otherwise'),
    ('x^\\top W x', 'xᵀWx'),
    ('\\log p(x)', 'log p(x)'),
    ('\\sqrt{2\\varepsilon}', '√(2ε)'),
    ('\\frac{\\delta f}{\\delta x_i \\delta x_j}', 'δf/(δxᵢδxⱼ)'),
    ('\\frac{1}{2\\sigma^2}', '1/(2σ²)'),
    ('\\frac{1}{\\sqrt{d}}', '1/√d'),
    ('a - b', 'a − b'),
    ('x^{-1}', 'x⁻¹'),
    ('\\text{non-zero}', 'non-zero'),
    ('H_{ij} + W_{12}', 'Hᵢⱼ + W₁₂'),
    ('x_i + x_{\\max}', 'xᵢ + x_max'),
    ('\\max(|z_i| - \\lambda, 0)', 'max(|zᵢ| − λ, 0)'),
    ('|\\lambda_{\\min}|', '|λ_min|'),
    ('\\nabla_w L', '∇_w L'),
    ('\\min_x f(x)', 'minₓ f(x)'),
    ('\\alpha\\beta\\gamma\\delta\\epsilon\\Sigma\\Omega', 'αβγδϵΣΩ'),
]

UNRENDERABLE = [
    '\\foo{x}',
    '{a',
    'a}',
    'x_',
    '\\frac{1}',
    'a $ b',
    '\\left( a',
    '\\begin{weird} a \\end{weird}',
    'a % comment',
]

DISPLAY = [
    (r"R(f) = \mathbb{E}_{(x,y)\sim P}\left[L(f(x), y)\right]", 76, [
        "R(f) = 𝔼[L(f(x), y)]",
        "        (x,y)∼P",
    ]),
    (r"\hat{R}(f) = \frac{1}{n}\sum_{i=1}^{n} L(f(x_i), y_i)", 76, [
        "       1  n",
        "R̂(f) = ─  ∑  L(f(xᵢ), yᵢ)",
        "       n i=1",
    ]),
    (r"L(w) = L_0(w) + \lambda \sum_i |w_i|", 76, [
        "L(w) = L₀(w) + λ ∑ |wᵢ|",
        "                 i",
    ]),
    (r"L(w) = L_0(w) + \lambda \sum_i w_i^2", 76, [
        "L(w) = L₀(w) + λ ∑ wᵢ²",
        "                 i",
    ]),
    (r"\mathbb{E}\left[(\bar{f} - y)^2\right] = \overline{\text{bias}}^2 + "
     r"\frac{1}{M}\,\overline{\text{var}} + \left(1 - \frac{1}{M}\right)\overline{\text{cov}}", 76, [
        "                      1       ⎛    1⎞",
        "𝔼[(f̅ − y)²] = b̅i̅a̅s̅² + ─ v̅a̅r̅ + ⎜1 − ─⎟c̅o̅v̅",
        "                      M       ⎝    M⎠",
    ]),
    (r"\text{output} = AV, \quad A = \operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d}}\right)",
     76, [
        "                         ⎛QKᵀ⎞",
        "output = AV,  A = softmax⎜───⎟",
        "                         ⎝√d ⎠",
    ]),
    (r"Q = XW_Q, \quad K = XW_K, \quad V = XW_V, \quad X = [x_1, x_2, \dots, x_n]", 76, [
        "Q = XW,  K = XW,  V = XW,  X = [x₁, x₂, …, xₙ]",
        "      Q        K        V",
    ]),
    (r"\frac{a+b}{c}", 20, ["a + b", "─────", "  c"]),
    (r"\sqrt{\frac{1}{n}}", 20, [" ─", "│1", "│─", "√n"]),
    (r"\sqrt{d+1}", 20, [" ─────", "√d + 1"]),
    (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", 20, ["⎛ a  b ⎞", "⎝ c  d ⎠"]),
    (r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}", 20, ["⎡ 1  0 ⎤", "⎣ 0  1 ⎦"]),
    (r"|x| = \begin{cases} x & x \ge 0 \\ -x & \text{otherwise} \end{cases}", 40, [
        "|x| = ⎧ x   x ≥ 0",
        "      ⎩ −x  otherwise",
    ]),
    (r"\begin{aligned} a &= b + c \\ &= d \end{aligned}", 20, ["a = b + c", "  = d"]),
    (r"\begin{pmatrix} 1 & -2.5 \\ -10 & 3 \end{pmatrix}", 20,
     ["⎛   1  −2.5 ⎞", "⎝ −10     3 ⎠"]),
    (r"|\lambda_{\min}| < 1", 20, ["|λ| < 1", "  min"]),
    (r"\sqrt{2\varepsilon}", 20, [" ──", "√2ε"]),
    (r"\max(|z_i| - \lambda, 0)", 30, ["max(|zᵢ| − λ, 0)"]),
    (r"\prod_{j=1}^{m} p_j", 20, [" m", " ∏  pⱼ", "j=1"]),
    (r"\lim_{n \to \infty} a_n", 20, ["lim aₙ", "n→∞"]),
    (r"a = b + c + d + e", 9, ["a = b + c", "  + d + e"]),
    (r"a + b = c + d", 7, ["a + b", "  = c", "  + d"]),
]


@pytest.mark.parametrize(("latex", "expected"), INLINE)
def test_inline(latex: str, expected: str) -> None:
    result = inline_math(latex)
    assert result.ok
    assert render_inline(latex) == expected


@pytest.mark.parametrize(("latex", "width", "expected"), DISPLAY)
def test_display(latex: str, width: int, expected: list[str]) -> None:
    lines = render_display(latex, width)
    assert lines == expected
    assert all(cell_len(line) <= width for line in lines)


@pytest.mark.parametrize("latex", UNRENDERABLE)
def test_unrenderable_keeps_its_source(latex: str) -> None:
    inline, display = inline_math(latex), display_math(latex, 20)
    assert not inline.ok and not display.ok
    assert inline.text == " ".join(latex.split())
    assert "".join(display.lines).replace(" ", "") == latex.replace(" ", "")


def test_table_is_large_enough() -> None:
    assert len(INLINE) + len(DISPLAY) >= 60
