"""The plotext adapter: downsampling, log axes, bad values and labels never break a plot."""

from __future__ import annotations

import numpy as np

from workbench.demos.base import Frame, Heatmap, Series
from workbench.demos.plot import downsample, draw, legend_entries, render_text


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
