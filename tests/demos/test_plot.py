"""The plotext adapter: downsampling, log axes, bad values and labels never break a plot."""

from __future__ import annotations

import numpy as np
import pytest
from rich.cells import cell_len

from workbench.demos.base import Frame, Heatmap, Series
from workbench.demos.plot import (
    LEGEND_MARK,
    SHADES,
    downsample,
    draw,
    integer_ticks,
    legend_entries,
    legend_rows,
    render_text,
)
from workbench.mathtext import render_inline


def test_downsample_keeps_each_columns_extremes() -> None:
    x = np.linspace(0, 1, 5000)
    y = np.sin(40 * np.pi * x)
    dx, dy = downsample(x, y, 100)
    assert len(dx) <= 200
    assert np.all(np.diff(dx) > 0)
    assert dy.max() > 0.999 and dy.min() < -0.999  # peaks survive, unlike plain striding
    small = np.arange(10.0)
    assert downsample(small, small, 100)[0] is small


def test_log_axis_labels_decades_and_drops_non_positive_and_non_finite() -> None:
    x = np.arange(1.0, 7.0)
    y = np.array([0.5, 0.1, 1e-2, 0.0, np.nan, 1e-4])
    frame = Frame(title="log", series=(Series("bar", x, y, "p"), Series("line", x, y, "q")),
                  ylog=True)
    text = render_text(frame, 60, 20, color=False)
    assert "1e-4" in text and "1e-2" in text
    assert "nan" not in text.lower()


def test_render_text_plain_has_no_escape_codes_and_cleans_labels() -> None:
    frame = Frame(title="evil\x1b]0;pwned\x07 title", xlabel="x",
                  series=(Series("line", np.arange(3.0), np.arange(3.0), "a\x1b[31mred"),))
    plain = render_text(frame, 50, 15, color=False)
    assert "\x1b" not in plain and "\x07" not in plain
    assert "evil]0;pwned title" in plain
    assert "\x1b[" in render_text(frame, 50, 15, color=True)


def test_series_outside_the_limits_and_reference_lines_do_not_crash() -> None:
    x = np.arange(5.0)
    frame = Frame(
        title="clipped",
        series=(Series("line", x, x / 10, "inside"), Series("line", x[:1], np.array([9.0]), "out"),
                Series("hline", np.zeros(1), np.array([0.2]), "ref"),
                Series("vline", np.array([2.0]), np.zeros(1), "now"),
                Series("step", x, x / 20, "steps"), Series("scatter", x, x / 5, "dots")),
        ylim=(0.0, 0.6), xlim=(0.0, 4.0))
    text = render_text(frame, 60, 20, color=False)
    assert "inside" in text and "ref" in text


def test_heatmap_is_cropped_to_forty_cells() -> None:
    z = np.add.outer(np.arange(60.0), np.arange(60.0))
    z[0, 0] = np.inf
    text = render_text(Frame(title="h", heatmap=Heatmap(z, "cells")), 100, 50, color=False)
    assert "h" in text and "cells" in text


def test_legend_can_move_out_of_the_plot() -> None:
    import plotext

    x = np.linspace(0, 1, 20)
    frame = Frame(title="t", series=(
        Series("line", x, x, label="train error", style="primary"),
        Series("line", x, 1 - x, label="test error", style="secondary"),
        Series("hline", x, np.array([0.5]), label="train error", style="primary"),
        Series("line", x, x * x),
    ))
    assert legend_entries(frame) == [("train error", "primary"), ("test error", "secondary")]
    draw(frame, plotext, 60, 15, legend=False)
    without = plotext.uncolorize(plotext.build())
    draw(frame, plotext, 60, 15)
    with_legend = plotext.uncolorize(plotext.build())
    plotext.clear_figure()
    assert "test error" not in without
    assert "test error" in with_legend


def _canvas(text: str) -> tuple[list[str], list[str]]:
    """The cells inside a rendered plot's frame, and the x tick labels under it."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    left = lines[top].index("┌")
    right = lines[top].rindex("┐")
    inside = [line[left + 1:right] for line in lines[top + 1:bottom]]
    return inside, lines[bottom + 1].split()


def _y_ticks(text: str) -> list[str]:
    return [line.split("┤")[0].strip() for line in text.splitlines() if "┤" in line]


@pytest.mark.parametrize("size", [(120, 36), (200, 60), (60, 20)])
def test_heatmap_cells_fill_their_area_with_shades_and_integer_ticks(
        size: tuple[int, int]) -> None:
    z = np.add.outer(np.arange(12.0), np.arange(38.0))
    blank = np.zeros(z.shape, dtype=bool)
    blank[:, [12, 25]] = True
    text = render_text(Frame(title="h", heatmap=Heatmap(z, "cells", blank)), *size, color=False)
    inside, xticks = _canvas(text)
    assert len(inside) >= size[1] - 8
    gaps = {i for i, c in enumerate(inside[0]) if c == " "}
    for row in inside:
        assert set(row) <= set(SHADES) | {" "}, row
        assert {i for i, c in enumerate(row) if c == " "} == gaps  # only the blank columns
    assert 2 <= len(gaps) <= 2 * (size[0] // 38 + 1)
    # low values (top-left) are light, high values (bottom-right) dark
    assert inside[0][0] == SHADES[0] and inside[-1][-1] == SHADES[-1]
    assert all(t.isdigit() for t in xticks) and len(xticks) >= 2
    assert all(t.isdigit() for t in _y_ticks(text)) and len(_y_ticks(text)) >= 2


@pytest.mark.parametrize("size", [(120, 36), (200, 60)])
def test_attention_as_conv_heatmaps_are_readable(size: tuple[int, int]) -> None:
    from workbench.demos.attention_as_conv import AttentionAsConv

    demo = AttentionAsConv(seed=0)
    for _ in range(59):
        demo.step()
    for view in ("compare", "heads"):
        demo.set_view(view)
        inside, xticks = _canvas(render_text(demo.frame(), *size, color=False))
        cells = "".join(inside)
        shaded = sum(c in SHADES for c in cells)
        assert shaded > 0.8 * len(cells), view  # blocks, not isolated dots
        assert len(set(cells) & set(SHADES)) >= 2, view  # values tell apart without colour
        assert all(t.isdigit() for t in xticks), xticks


def test_integer_axes_get_integer_ticks() -> None:
    members = np.arange(1.0, 51.0)
    frame = Frame(title="members", series=(
        Series("line", members, 1.0 / members, "error"),
        Series("bar", np.arange(3.0), np.array([2.0, 7.0, 5.0]), "count"),))
    text = render_text(frame, 100, 30, color=False)
    _, xticks = _canvas(text)
    assert xticks and all(t.isdigit() for t in xticks), xticks
    assert any("." in t for t in _y_ticks(text))  # a real-valued axis keeps its decimals
    counts = Frame(title="counts", series=(
        Series("bar", np.arange(5.0), np.array([0.0, 3.0, 7.0, 2.0, 5.0]), "n"),))
    ticks = _y_ticks(render_text(counts, 60, 20, color=False))
    assert ticks and all(t.isdigit() for t in ticks), ticks


def test_integer_ticks_step_one_two_five() -> None:
    assert integer_ticks(1, 50, 6) == [10, 20, 30, 40, 50]
    assert integer_ticks(0, 4, 6) == [0, 1, 2, 3, 4]
    assert integer_ticks(0, 37, 8) == [0, 5, 10, 15, 20, 25, 30, 35]
    assert integer_ticks(2.4, 2.6, 4) == [2]


def test_legend_labels_render_math_and_rows_break_between_entries() -> None:
    x = np.arange(3.0)
    frame = Frame(title="t", series=(
        Series("line", x, x, r"$(k+1)^{-n/k}$", "muted"),
        Series("line", x, x, r"theory $\sigma^2 d(T-1)/2$", "theory"),
        Series("line", x, x, "cost $5 and $6", "primary"),
    ))
    labels = [label for label, _ in legend_entries(frame)]
    assert labels == [render_inline("(k+1)^{-n/k}"),
                      "theory " + render_inline(r"\sigma^2 d(T-1)/2"), "cost $5 and $6"]
    assert "σ²d(T − 1)/2" in labels[1] and "$" not in labels[0] + labels[1]
    entries = legend_entries(frame)
    for width in range(20, 80):
        rows = legend_rows(entries, width)
        assert [e for row in rows for e in row] == entries
        for row in rows:
            text = "  ".join(LEGEND_MARK + label for label, _ in row)
            assert len(row) == 1 or cell_len(text) <= width
    assert len(legend_rows(entries, 200)) == 1
