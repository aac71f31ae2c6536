"""The plotext adapter: draws a demo `Frame` on a plotext figure (the only plotext user).

Both the Textual plot pane (`PlotextPlot.plt`) and the CLI (the `plotext` module) go
through `draw`, so the drawing rules live in one place: a cleared figure per frame, no
subplots, at most two points per column, no non-finite values, log axes drawn as log10
with decade labels (plotext's own log bars crash), plain-text labels.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, TypeVar

import numpy as np
from rich.cells import cell_len

from workbench.demos.base import Frame, Heatmap, Series, Style
from workbench.textsafe import clean_text

Color = str | tuple[int, int, int]
T = TypeVar("T")

STYLE_COLORS: dict[Style, Color] = {
    "primary": "cyan+",
    "secondary": "magenta+",
    "theory": "yellow",
    "muted": "gray",
    "highlight": "red+",
    "data": "green",
}
"""Default series colours by style; the pane may pass theme colours instead."""

MAX_HEATMAP = 40
LEGEND_MARK = "━━ "
LEGEND_GAP = 2
_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)")
"""Math in a label, as the reader finds inline math: `$x$`, not `$5 and $6`."""
SHADES = "░▒▓█"
"""Heatmap shades from the lowest value to the highest."""


def draw(
    frame: Frame,
    plt: Any,
    width: int,
    height: int,
    colors: Mapping[Style, Color] | None = None,
    legend: bool = True,
) -> None:
    """Replace whatever `plt` showed with `frame`, sized `width` x `height` cells.

    With `legend=False` series labels are left out of the plot (plotext puts its legend
    over the data); the caller then shows `legend_entries(frame)` beside the plot.
    """
    palette = {**STYLE_COLORS, **(colors or {})}
    plt.clear_figure()
    plt.plotsize(max(width, 10), max(height, 5))
    if frame.title:
        plt.title(clean_text(frame.title))
    if frame.heatmap is not None:
        _draw_heatmap(frame.heatmap, plt, max(width, 10), max(height, 5), palette["primary"])
        return
    if frame.xlabel:
        plt.xlabel(clean_text(frame.xlabel))
    if frame.ylabel:
        plt.ylabel(clean_text(frame.ylabel))
    points = [_prepare(s, frame, max(width, 10)) for s in frame.series]
    xs = [x for x, _ in points if x.size]
    ys = [y for _, y in points if y.size]
    xspan = _span(xs, _log_lim(frame.xlim, frame.xlog))
    yspan = _span(ys, _log_lim(frame.ylim, frame.ylog))
    for series, (x, y) in zip(frame.series, points, strict=True):
        if frame.xlim is not None and xspan is not None:
            x, y = _within(x, y, xspan, series.kind != "hline", series.kind != "vline")
        if frame.ylim is not None and yspan is not None:
            y, x = _within(y, x, yspan, series.kind != "vline", series.kind != "hline")
        label = label_text(series.label) if legend else ""
        _draw_series(plt, series, label, x, y, xspan, yspan, frame.ylog, palette[series.style])
    if frame.xlim is not None and xspan is not None:
        plt.xlim(*xspan)
    if frame.ylim is not None and yspan is not None:
        plt.ylim(*yspan)
    if frame.xlog and xspan is not None:
        plt.xticks(*_decade_ticks(*xspan))
    elif xspan is not None:
        set_integer_ticks(plt, xs, "x", max(2, width // 12), xspan)
    if frame.ylog and yspan is not None:
        plt.yticks(*_decade_ticks(*yspan))
    elif yspan is not None:
        set_integer_ticks(plt, ys, "y", max(2, height // 5), yspan)


def render_text(frame: Frame, width: int, height: int, color: bool) -> str:
    """The frame as terminal text (ANSI colours only when `color`), for the CLI."""
    import plotext

    draw(frame, plotext, width, height)
    plotext.limitsize(False, False)  # the size asked for, not the terminal's
    plotext.plotsize(max(width, 10), max(height, 5))
    if not color:
        plotext.theme("clear")
    text: str = plotext.build()
    plotext.clear_figure()
    return text if color else plotext.uncolorize(text)


def downsample(x: np.ndarray, y: np.ndarray, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """At most 2 x `columns` points: the min and max of each column's bucket, in order."""
    if x.size <= 2 * columns:
        return x, y
    edges = np.linspace(0, x.size, columns + 1).astype(int)
    keep: list[int] = []
    for start, stop in zip(edges[:-1], edges[1:], strict=True):
        if stop <= start:
            continue
        chunk = y[start:stop]
        lo, hi = start + int(np.argmin(chunk)), start + int(np.argmax(chunk))
        keep.extend(sorted({lo, hi}))
    index = np.asarray(keep)
    return x[index], y[index]


def _prepare(series: Series, frame: Frame, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Finite (and, on log axes, positive, then log10) points, downsampled for `width`."""
    x = np.asarray(series.x, dtype=float).ravel()
    y = np.asarray(series.y, dtype=float).ravel()
    if series.kind == "hline":
        x, y = np.array([]), y[:1]
    elif series.kind == "vline":
        x, y = x[:1], np.array([])
    else:
        n = min(x.size, y.size)
        x, y = x[:n], y[:n]
    x = _axis_values(x, frame.xlog)
    y = _axis_values(y, frame.ylog)
    if series.kind in {"hline", "vline"}:
        return x, y
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if series.kind in {"line", "step", "scatter"}:
        return downsample(x, y, width)
    return x, y


def _axis_values(values: np.ndarray, log: bool) -> np.ndarray:
    """log10 of the positive values on a log axis (others become NaN and are dropped)."""
    if not log:
        return np.where(np.isfinite(values), values, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((values > 0) & np.isfinite(values), np.log10(values), np.nan)


def _log_lim(lim: tuple[float, float] | None, log: bool) -> tuple[float, float] | None:
    if lim is None or not log:
        return lim
    lo, hi = lim
    return (math.log10(lo), math.log10(hi)) if lo > 0 and hi > 0 else None


def _within(
    a: np.ndarray, b: np.ndarray, span: tuple[float, float], check: bool, paired: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Empty both arrays when no value of `a` is inside `span`: plotext's legend crashes on
    a labelled series with nothing on the canvas, and such a series shows nothing anyway."""
    if not check or not a.size:
        return a, b
    inside = (a >= span[0]) & (a <= span[1])
    if inside.any():
        return a, b
    return a[:0], b[:0] if paired else b


def _span(
    arrays: list[np.ndarray], lim: tuple[float, float] | None
) -> tuple[float, float] | None:
    """The axis range: the frame's limit if given, else the data's (None if empty)."""
    if lim is not None and all(math.isfinite(v) for v in lim) and lim[0] < lim[1]:
        return float(lim[0]), float(lim[1])
    finite = [a[np.isfinite(a)] for a in arrays]
    finite = [a for a in finite if a.size]
    if not finite:
        return None
    lo = min(float(a.min()) for a in finite)
    hi = max(float(a.max()) for a in finite)
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    return lo, hi


def label_text(label: str) -> str:
    """A series label as shown: `$…$` spans rendered by the reader's math renderer."""
    from workbench.mathtext import render_inline

    return _MATH.sub(lambda m: render_inline(m.group(1)), clean_text(label))


def legend_entries(frame: Frame) -> list[tuple[str, Style]]:
    """(label, style) of each labelled series, once each, in drawing order."""
    entries: list[tuple[str, Style]] = []
    for series in frame.series:
        label = label_text(series.label)
        if label and (label, series.style) not in entries:
            entries.append((label, series.style))
    return entries


def legend_rows(entries: list[tuple[str, T]], width: int) -> list[list[tuple[str, T]]]:
    """Entries in rows of at most `width` cells (a marker, a space, the label, two spaces
    between entries): a row breaks between entries, never inside one."""
    rows: list[list[tuple[str, T]]] = []
    used = 0
    for entry in entries:
        size = cell_len(LEGEND_MARK) + cell_len(entry[0])
        if rows and used + LEGEND_GAP + size <= width:
            rows[-1].append(entry)
            used += LEGEND_GAP + size
        else:
            rows.append([entry])
            used = size
    return rows


def _draw_series(
    plt: Any,
    series: Series,
    text: str,
    x: np.ndarray,
    y: np.ndarray,
    xspan: tuple[float, float] | None,
    yspan: tuple[float, float] | None,
    ylog: bool,
    color: Color,
) -> None:
    """One series in plotext calls; reference lines span the axis so they get a legend."""
    label = text or None
    if series.kind == "hline":
        if y.size and np.isfinite(y[0]) and xspan is not None:
            plt.plot(list(xspan), [float(y[0])] * 2, color=color, label=label)
        return
    if series.kind == "vline":
        if x.size and np.isfinite(x[0]) and yspan is not None:
            plt.plot([float(x[0])] * 2, list(yspan), color=color, label=label)
        return
    if not x.size:
        return
    if series.kind == "scatter":
        plt.scatter(x.tolist(), y.tolist(), color=color, label=label)
    elif series.kind == "bar":
        # bars on a log axis rise from the bottom decade, not from 10**0
        low = min(float(y.min()), yspan[0] if yspan is not None else 0.0)
        floor = min(0.0, math.floor(low)) if ylog else None
        plt.bar(x.tolist(), y.tolist(), color=color, label=label, minimum=floor)
    elif series.kind == "step":
        sx = np.repeat(x, 2)[1:]
        sy = np.repeat(y, 2)[:-1]
        plt.plot(sx.tolist(), sy.tolist(), color=color, label=label)
    else:
        plt.plot(x.tolist(), y.tolist(), color=color, label=label)


def _decade_ticks(lo: float, hi: float) -> tuple[list[float], list[str]]:
    """Tick positions (log10 units) and labels such as '1e-2' for a log axis."""
    first, last = math.ceil(lo), math.floor(hi)
    if last - first >= 1:
        stride = max(1, math.ceil((last - first + 1) / 6))
        ticks = [float(t) for t in range(first, last + 1, stride)]
    else:
        ticks = [float(t) for t in np.linspace(lo, hi, 3)]
    return ticks, [_power_label(t) for t in ticks]


def _power_label(exponent: float) -> str:
    """'1e-2' for whole decades, else the value to two significant figures."""
    if float(exponent).is_integer():
        e = int(exponent)
        return {0: "1", 1: "10", 2: "100"}.get(e, f"1e{e}")
    return f"{10**exponent:.2g}"


def _draw_heatmap(heatmap: Heatmap, plt: Any, width: int, height: int, color: Color) -> None:
    """A matrix as blocks of shade characters (░ low … █ high) that fill each cell's area.

    plotext's matrix_plot puts one dot per entry, which leaves isolated dots on a large
    plot and a grey smear on a small one; here every canvas cell inside a matrix cell gets
    its shade, so the picture reads at any size and without colour. Blank and non-finite
    cells stay empty. Rows and columns are ticked with integers.
    """
    z = np.asarray(heatmap.z, dtype=float)[:MAX_HEATMAP, :MAX_HEATMAP]
    if z.ndim != 2 or not z.size:
        return
    finite = np.isfinite(z)
    if heatmap.blank is not None and np.shape(heatmap.blank) == np.shape(heatmap.z):
        finite &= ~np.asarray(heatmap.blank, dtype=bool)[:MAX_HEATMAP, :MAX_HEATMAP]
    if not finite.any():
        return
    rows, cols = z.shape
    lo, hi = float(z[finite].min()), float(z[finite].max())
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.where(finite, (z - lo) / (hi - lo) if hi > lo else 0.5, 0.0)
    levels = np.clip((scaled * len(SHADES)).astype(int), 0, len(SHADES) - 1)
    # One sample per plot cell at least, so no canvas cell inside the matrix is left empty.
    nx, ny = max(width, cols), max(height, rows)
    xs = -0.5 + (np.arange(nx) + 0.5) * cols / nx
    ys = -0.5 + (np.arange(ny) + 0.5) * rows / ny
    gx, gy = np.meshgrid(xs, ys)
    col = np.clip(np.rint(gx), 0, cols - 1).astype(int)
    row = rows - 1 - np.clip(np.rint(gy), 0, rows - 1).astype(int)
    shown = finite[row, col]
    for level, shade in enumerate(SHADES):
        mask = shown & (levels[row, col] == level)
        if mask.any():
            plt.scatter(gx[mask].tolist(), gy[mask].tolist(), marker=shade, color=color)
    plt.xlim(-0.5, cols - 0.5)
    plt.ylim(-0.5, rows - 0.5)
    xticks = integer_ticks(0, cols - 1, max(2, width // 10))
    yticks = integer_ticks(0, rows - 1, max(2, height // 4))
    plt.xticks(xticks, [str(t) for t in xticks])
    plt.yticks([rows - 1 - t for t in yticks], [str(t) for t in yticks])
    scale = f"{SHADES[0]} {_number(lo)} … {SHADES[-1]} {_number(hi)}"
    label = clean_text(heatmap.label)
    plt.xlabel(f"{label}   {scale}" if label else scale)


def _number(value: float) -> str:
    return f"{value:.2g}".replace("-", "−")


def integer_ticks(lo: float, hi: float, most: int = 6) -> list[int]:
    """At most `most` whole-number ticks from `lo` to `hi`, a 1-2-5 step apart."""
    first, last = math.ceil(lo), math.floor(hi)
    if last < first:
        return [round((lo + hi) / 2)]
    span, most = last - first, max(1, most)
    step = 1
    for magnitude in (10**e for e in range(0, 12)):
        step = next((m * magnitude for m in (1, 2, 5) if span / (m * magnitude) < most), 0)
        if step:
            break
    start = math.ceil(first / step) * step
    return list(range(start, last + 1, step)) or [first]


def set_integer_ticks(
    plt: Any, values: list[np.ndarray], axis: str, most: int,
    span: tuple[float, float] | None = None,
) -> bool:
    """Whole-number ticks on `axis` ('x' or 'y') when every value on it is a whole number.

    Counts (ensemble members, days, topics) otherwise get ticks such as `13.2`. At most
    `most` ticks, inside `span` (default: the values' range). Returns whether it set them.
    """
    finite = [v[np.isfinite(v)] for v in values]
    finite = [v for v in finite if v.size]
    if not finite or not all(np.all(v == np.round(v)) for v in finite):
        return False
    lo = min(float(v.min()) for v in finite) if span is None else span[0]
    hi = max(float(v.max()) for v in finite) if span is None else span[1]
    ticks = integer_ticks(lo, hi, max(2, most))
    (plt.xticks if axis == "x" else plt.yticks)(ticks, [str(t) for t in ticks])
    return True
