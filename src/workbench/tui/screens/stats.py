"""The stats screen: study counts and four plots (history, retention, forecast, coverage)."""

from __future__ import annotations

import math
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from workbench.study import Stats
from workbench.tui.widgets.keys_footer import KeysFooter
from workbench.tui.widgets.title_bar import TitleBar

COVERAGE_COLORS = ["gray", "orange", "green"]
"""new, learning, learned: the same meaning as the tree's marks."""


def counts_text(stats: Stats) -> Text:
    """The headline numbers in one line."""
    retention = "—" if stats.retention is None else f"{stats.retention:.0%}"
    parts = [("Due", stats.due, "bold green"), ("New", stats.new, "bold #5fafff"),
             ("Learning", stats.learning, "bold #ff8700"), ("Learned", stats.learned, "bold"),
             ("Orphaned", stats.orphaned, "bold" if stats.orphaned else "dim"),
             ("Reviews", stats.reviews, "bold")]
    text = Text()
    for label, value, style in parts:
        text.append(f"{label} ", style="dim")
        text.append(f"{value}   ", style=style)
    text.append("Retention ", style="dim")
    text.append(retention, style="bold")
    text.append(f"  (target {stats.target_retention:.0%})", style="dim")
    return text


def day_bars(plt: Any, values: list[int], color: str) -> None:
    """One bar per day on a fixed axis, with whole-number ticks.

    Empty days are left out: plotext draws a zero-height bar as a stray block.
    """
    days = [day for day, value in enumerate(values) if value > 0]
    if days:
        # plotext sizes bars relative to the gap between them; keep them one day wide
        gap = min((b - a for a, b in zip(days, days[1:], strict=False)), default=1)
        plt.bar(days, [values[d] for d in days], color=color, width=0.8 / gap)
    plt.xlim(-1, len(values))
    top = max(values, default=0)
    step = max(1, math.ceil(top / 4))
    ticks = list(range(0, top + step, step))
    plt.yticks(ticks)
    plt.ylim(0, ticks[-1] or 1)


def plot_reviews(plt: Any, stats: Stats) -> None:
    """Bars of reviews per study day, oldest on the left, today labelled last."""
    day_bars(plt, [n for _, n in stats.reviews_per_day], "cyan")
    last = len(stats.reviews_per_day) - 1
    ticks = list(range(last, -1, -7))[::-1]
    plt.xticks(ticks, [stats.reviews_per_day[i][0][5:] for i in ticks])
    plt.title(f"Reviews per day, last {last + 1} days")


def plot_retention(plt: Any, stats: Stats) -> None:
    """True retention on mature cards as a bar, the target as a line."""
    target = stats.target_retention * 100
    if stats.retention is None:
        plt.title("True retention: no mature reviews yet")
        plt.bar(["mature cards"], [0], color="green")
    else:
        plt.title(f"True retention {stats.retention:.0%} on {stats.retention_reviews} "
                  f"mature reviews · target {stats.target_retention:.0%}")
        plt.bar(["mature cards"], [stats.retention * 100], color="green", width=0.3)
    plt.hline(target, "red")
    plt.ylim(0, 100)


def plot_forecast(plt: Any, stats: Stats) -> None:
    """Bars of cards due on each coming day (today includes the overdue ones)."""
    day_bars(plt, stats.forecast, "orange")
    ticks = list(range(0, len(stats.forecast), 7))
    plt.xticks(ticks, ["today" if d == 0 else f"+{d}d" for d in ticks])
    plt.title(f"Due in the next {len(stats.forecast)} days")


def plot_coverage(plt: Any, stats: Stats) -> None:
    """Stacked bars per chapter: new, learning, learned questions."""
    if not stats.coverage:
        plt.title("Coverage: no chapters loaded")
        return
    names = [c.title for c in stats.coverage]
    plt.stacked_bar(names, [[c.new for c in stats.coverage],
                            [c.learning for c in stats.coverage],
                            [c.learned for c in stats.coverage]],
                    color=COVERAGE_COLORS, orientation="h", width=0.6)
    widest = max(c.new + c.learning + c.learned for c in stats.coverage)
    plt.xlim(0, max(widest, 1) * 1.05)
    from workbench.demos.plot import integer_ticks

    ticks = integer_ticks(0, max(widest, 1), 5)  # question counts: never `2.4`
    plt.xticks(ticks, [str(t) for t in ticks])
    plt.title("Coverage: new / learning / learned")


PLOTS = [("stats-reviews", plot_reviews), ("stats-retention", plot_retention),
         ("stats-forecast", plot_forecast), ("stats-coverage", plot_coverage)]


class StatsScreen(Screen[None]):
    """Counts and plots from `compute_stats`; `escape` or `q` goes back."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="stats.back", tooltip="back"),
        Binding("j", "scroll('down')", "Scroll down", show=False, id="stats.scroll-down",
                tooltip="scroll the plots down"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="stats.scroll-up",
                tooltip="scroll the plots up"),
    ]

    def __init__(self, stats: Stats) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot  # plotext and numpy load when stats show

        yield TitleBar()
        yield Static(counts_text(self.stats), id="stats-counts")
        with VerticalScroll(id="stats-plots"):
            for plot_id, _ in PLOTS:
                yield PlotextPlot(id=plot_id)
        yield KeysFooter()

    def on_mount(self) -> None:
        from textual_plotext import PlotextPlot

        self.title = "Statistics"
        self.sub_title = f"{self.stats.reviews} reviews"
        for plot_id, draw in PLOTS:
            draw(self.query_one(f"#{plot_id}", PlotextPlot).plt, self.stats)
        self.query_one("#stats-plots").focus()

    def action_scroll(self, direction: str) -> None:
        """Scroll the plots (narrow terminals stack them)."""
        plots = self.query_one("#stats-plots", VerticalScroll)
        plots.scroll_down() if direction == "down" else plots.scroll_up()

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
