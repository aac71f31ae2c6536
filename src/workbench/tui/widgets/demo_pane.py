"""The live plot pane: runs the open topic's demo beside the answer and answers to keys."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Static

from workbench.textsafe import clean_text

if TYPE_CHECKING:  # numpy and plotext load when the first demo shows, not at start-up
    from textual_plotext import PlotextPlot

    from workbench.demos.base import Demo, Frame, Style
    from workbench.demos.plot import Color

FPS = 8
MIN_FPS = 2
CPU_BUDGET = 0.07
"""Share of one core a playing demo may take: when the app's CPU per frame (step, plot,
redraw) is higher, frames come less often, down to MIN_FPS."""
HOLD_TICKS = 2 * FPS
"""A finished sweep stays on screen this many ticks before it restarts."""
SLOW_MS = 4.0
"""Above this average compute time a step runs in a worker thread."""
PARAM_KEYS = (("left_square_bracket", "right_square_bracket"),
              ("left_curly_bracket", "right_curly_bracket"),
              ("less_than_sign", "greater_than_sign"))
PARAM_SYMBOLS = ("[ ]", "{ }", "< >")
PLOTEXT_TO_RICH = {"gray": "grey50"}
"""plotext colour names that Rich spells differently (the `+` bright marks are dropped)."""


class DemoPane(Vertical, can_focus=True):
    """Title, plot, takeaway, live caption and readouts, parameters and play state of one demo."""

    DEFAULT_CSS = """
    DemoPane { height: 1fr; }
    DemoPane > #demo-title { text-style: bold; }
    DemoPane > PlotextPlot { height: 1fr; min-height: 8; }
    DemoPane > #demo-takeaway { color: $text-muted; }
    DemoPane > #demo-state { color: $text-muted; }
    DemoPane.-compact > #demo-title, DemoPane.-compact > #demo-takeaway,
    DemoPane.-compact > #demo-legend, DemoPane.-compact > #demo-readouts { display: none; }
    DemoPane.-compact > PlotextPlot { min-height: 5; }
    """
    COMPACT_BELOW = 20
    """Under this many rows the pane keeps the plot, caption, parameters and state only."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "pause", id="demo.pause",
                tooltip="pause or resume the animation"),
        Binding("full_stop", "step_once", "step", id="demo.step", tooltip="one step"),
        Binding("r", "restart", "restart", id="demo.restart", tooltip="restart"),
        Binding("R", "reseed", "reseed", id="demo.reseed", tooltip="restart with a new seed"),
        Binding("v", "next_view", "view", id="demo.view", tooltip="draw the demo another way"),
        *[
            Binding(key, f"nudge({index}, {direction})", f"param {index + 1}{suffix}",
                    show=direction > 0, id=f"demo.param-{index + 1}-{way}",
                    tooltip=f"parameter {index + 1} {way}")
            for index, pair in enumerate(PARAM_KEYS)
            for direction, key, way, suffix in ((-1, pair[0], "down", " down"),
                                                 (1, pair[1], "up", ""))
        ],
    ]

    def __init__(self, autoplay: bool = True, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.autoplay = autoplay
        self._demo: Demo | None = None
        self._demo_id: str | None = None
        self._paused = not autoplay
        self._frames_drawn = 0
        self._hold = 0
        self._ema_ms = 0.0
        self._in_flight = False
        self._lock = threading.Lock()
        self._timer: Timer | None = None
        self._shown_at: list[float] = []
        self.error: str | None = None
        self._colors: tuple[str, dict[Style, Color]] | None = None
        self._texts: dict[str, Text | _Legend] = {}
        self._next_frame_at = 0.0
        self._last_frame: tuple[float, float] | None = None
        """(monotonic time, process CPU time) when the last frame was drawn."""
        self._cpu_ema: float | None = None
        """What each text line shows, so an unchanged line is not updated again."""

    def compose(self) -> ComposeResult:
        yield Static(id="demo-title")
        yield Static(id="demo-legend")
        yield Static(id="demo-takeaway")
        yield Static(id="demo-caption")
        yield Static(id="demo-readouts")
        yield Static(id="demo-params")
        yield Static(id="demo-state")

    def on_resize(self) -> None:
        self.set_class(self.size.height < self.COMPACT_BELOW, "-compact")

    def on_mount(self) -> None:
        self._timer = self.set_interval(1 / FPS, self._tick)
        self._set_text("demo-title", "No topic open")
        self._show_state()

    @property
    def demo(self) -> Demo | None:
        """The running demo, or None (no topic, no demo, unknown id or failed start)."""
        return self._demo

    @property
    def frames_drawn(self) -> int:
        """Frames drawn since the pane was created (tests watch it grow)."""
        return self._frames_drawn

    @property
    def paused(self) -> bool:
        """Whether the animation is stopped."""
        return self._paused

    def show_topic(self, demo_id: str | None, topic_title: str, summary: str) -> None:
        """Switch to the demo of a newly opened topic (or explain why there is none)."""
        from workbench.demos.registry import get

        self._demo, self._demo_id, self.error, self._hold = None, demo_id, None, 0
        plot = self._plot(create=demo_id is not None)
        if plot is not None:
            plot.plt.clear_figure()
            plot.refresh()
        for name in ("demo-legend", "demo-caption", "demo-readouts", "demo-params"):
            self._set_text(name, "")
        if demo_id is None:
            self._set_text("demo-title", topic_title)
            self._set_text("demo-takeaway", summary or "This topic has no live demo.")
            if plot is not None:
                plot.display = False
            self._show_state()
            return
        cls = get(demo_id)
        assert plot is not None
        plot.display = cls is not None
        if cls is None:
            self._set_text("demo-title", topic_title)
            self._set_text("demo-takeaway", f"No demo named '{demo_id}' is installed.")
            self._show_state()
            return
        self._set_text("demo-title", f"Demo: {cls.title}")
        self._set_text("demo-takeaway", cls.takeaway)
        try:
            self._demo = cls(seed=0)
        except Exception as exc:  # a broken demo must not take the app down
            self._fail(exc)
            return
        self._paused = not self.autoplay
        self._show_params()
        self._show_state()
        if self.autoplay:
            self.advance()

    def _plot(self, create: bool = False) -> PlotextPlot | None:
        """The plot widget, mounted (and plotext imported) the first time a demo needs it."""
        plots = self.query("#demo-plot")
        if plots:
            return plots.first()  # type: ignore[return-value]
        if not create:
            return None
        from workbench.tui.widgets.plot_view import PlotView

        plot = PlotView(id="demo-plot")
        self.mount(plot, after="#demo-title")
        return plot

    def advance(self) -> None:
        """Compute and draw one step now (inline, on the UI thread)."""
        demo = self._demo
        if demo is None:
            return
        started = time.perf_counter()
        try:
            with self._lock:
                frame = demo.step()
        except Exception as exc:
            self._fail(exc)
            return
        self._ema_ms = 0.8 * self._ema_ms + 0.2 * (time.perf_counter() - started) * 1e3
        self._draw(frame)

    def _tick(self) -> None:
        """One timer tick: nothing while paused, hidden, unfocused or still computing."""
        if self._paused or self._demo is None or self._in_flight or not self._can_animate():
            return
        if self._hold:
            self._hold -= 1
            if not self._hold:
                self._reset(None)
            return
        if time.monotonic() < self._next_frame_at:
            return
        if self._ema_ms > SLOW_MS:
            self._in_flight = True
            self._step_in_thread(self._demo)
        else:
            self.advance()

    def _can_animate(self) -> bool:
        """Only when seen: on the top screen (`Screen.is_current` is also true under a modal),
        shown, and in a focused terminal."""
        return (self.is_attached and self.display and self.region.width > 0
                and self.app.screen is self.screen and self.app.app_focus)

    @work(thread=True, exclusive=True, group="demo-step")
    def _step_in_thread(self, demo: Demo) -> None:
        """Compute a slow step off the event loop; the result is drawn on the UI thread."""
        started = time.perf_counter()
        try:
            with self._lock:
                frame = demo.step()
        except Exception as exc:
            self.app.call_from_thread(self._finish_thread, demo, None, exc, 0.0)
            return
        elapsed = (time.perf_counter() - started) * 1e3
        self.app.call_from_thread(self._finish_thread, demo, frame, None, elapsed)

    def _finish_thread(self, demo: Demo, frame: Frame | None, exc: Exception | None,
                       elapsed_ms: float) -> None:
        self._in_flight = False
        if demo is not self._demo:
            return  # the topic changed while this step ran
        if exc is not None:
            self._fail(exc)
            return
        self._ema_ms = 0.8 * self._ema_ms + 0.2 * elapsed_ms
        if frame is not None:
            self._draw(frame)

    def _draw(self, frame: Frame) -> None:
        """Put a frame on screen: the plot, caption, readouts and state line."""
        from workbench.demos.plot import draw

        plot = self._plot(create=True)
        assert plot is not None
        width, height = plot.size.width or 60, plot.size.height or 20
        try:
            palette = self._palette()
            draw(frame, plot.plt, width, height, palette, legend=False)
        except Exception as exc:
            self._fail(exc)
            return
        plot.refresh()
        self._frames_drawn += 1
        now = time.monotonic()
        self._pace(now)
        self._shown_at = [t for t in self._shown_at if now - t < 2.0] + [now]
        self._show_line("demo-legend", _legend(frame, palette))
        self._set_text("demo-caption", frame.caption)
        self._set_text("demo-readouts", "   ".join(frame.readouts))
        if frame.done and not self._paused:
            self._hold = HOLD_TICKS
        self._show_state()

    def _pace(self, now: float) -> None:
        """Schedule the next frame so the CPU the app spends per frame stays in budget."""
        cpu = time.process_time()
        if self._last_frame is not None:
            cost = cpu - self._last_frame[1]  # this frame plus drawing the previous one
            self._cpu_ema = cost if self._cpu_ema is None else 0.7 * self._cpu_ema + 0.3 * cost
            interval = min(max(1 / FPS, self._cpu_ema / CPU_BUDGET), 1 / MIN_FPS)
            self._next_frame_at = now + interval - 0.5 / FPS  # ticks land on the 1/FPS grid
        self._last_frame = (now, cpu)

    def _palette(self) -> dict[Style, Color]:
        """Series colours from the app theme, so the plot matches the rest of the screen.

        Worked out once per theme, not on every frame.
        """
        theme = self.app.theme
        if self._colors is not None and self._colors[0] == theme:
            return self._colors[1]
        from textual.color import Color as ThemeColor

        variables = self.app.theme_variables
        names: dict[Style, str] = {
            "primary": "primary", "secondary": "secondary", "theory": "warning",
            "highlight": "error", "data": "success", "muted": "foreground-muted"}
        palette: dict[Style, Color] = {}
        for style, variable in names.items():
            if variable in variables:
                try:
                    palette[style] = ThemeColor.parse(variables[variable]).rgb
                except Exception:  # an unparsable theme colour keeps plotext's default
                    continue
        self._colors = (theme, palette)
        return palette

    def _fail(self, exc: Exception) -> None:
        """Show a demo's error as plain text and stop it; the app goes on."""
        self._paused = True
        self._hold = 0
        demo_id = self._demo_id or "?"
        self.error = f"demo '{demo_id}' failed: {type(exc).__name__}: {exc}"
        self._demo = None
        self._set_text("demo-caption", self.error)
        self._show_state()

    def _reset(self, seed: int | None) -> None:
        if self._demo is None:
            return
        try:
            with self._lock:
                self._demo.reset(seed)
        except Exception as exc:
            self._fail(exc)
            return
        self._hold = 0
        self.advance()

    def _set_text(self, name: str, text: str) -> None:
        self._show_line(name, Text(clean_text(text)))

    def _show_line(self, name: str, text: Text | _Legend) -> None:
        """Update one text line of the pane, doing only the work the change needs.

        Unchanged text is left alone; text that wraps to the same number of rows is redrawn
        without laying the screen out again (a playing demo changes its caption every frame).
        """
        shown = self._texts.get(name)
        if shown is not None and shown == text:
            return
        widget = self.query_one(f"#{name}", Static)
        width = widget.content_size.width
        same_rows = (shown is not None and width > 0
                     and self._rows(shown, width) == self._rows(text, width))
        self._texts[name] = text
        widget.update(text, layout=not same_rows)

    def _rows(self, text: Text | _Legend, width: int) -> int:
        if isinstance(text, _Legend):
            return text.rows(width)
        return len(text.wrap(self.app.console, width)) if text.plain else 0

    def _show_params(self) -> None:
        demo = self._demo
        if demo is None:
            self._set_text("demo-params", "")
            return
        parts = [f"{p.label}={p.format(demo.values[p.key])} {symbol}"
                 for p, symbol in zip(demo.params, PARAM_SYMBOLS, strict=False)]
        self._set_text("demo-params", "   ".join(parts))

    def _show_state(self) -> None:
        if self._demo is None:
            self._set_text("demo-state", "stopped" if self.error else "")
            return
        fps = max(len(self._shown_at) - 1, 0) / 2.0
        state = "paused" if self._paused else f"playing · {fps:.0f} fps"
        view = f" · view {self._demo.view}" if len(self._demo.views) > 1 else ""
        slow = " · slow steps in background" if self._ema_ms > SLOW_MS else ""
        self._set_text("demo-state", f"{state}{view}{slow} · seed {self._demo.seed}")

    def action_toggle_pause(self) -> None:
        """Pause or resume the animation."""
        if self._demo is None:
            return
        self._paused = not self._paused
        self._show_state()

    def action_step_once(self) -> None:
        """Advance one step (useful while paused)."""
        self.advance()

    def action_restart(self) -> None:
        """Start the demo again with the same seed."""
        self._reset(None)

    def action_reseed(self) -> None:
        """Start the demo again with the next seed (new data, same law)."""
        if self._demo is not None:
            self._reset(self._demo.seed + 1)
            self._show_state()

    def action_next_view(self) -> None:
        """Draw the current state another way."""
        demo = self._demo
        if demo is None or len(demo.views) < 2:
            return
        following = demo.views[(demo.views.index(demo.view) + 1) % len(demo.views)]
        try:
            with self._lock:
                demo.set_view(following)
                frame = demo.frame()
        except Exception as exc:
            self._fail(exc)
            return
        self._draw(frame)

    def action_nudge(self, index: int, direction: int) -> None:
        """Move parameter `index` one step up (+1) or down (-1)."""
        demo = self._demo
        if demo is None or index >= len(demo.params):
            return
        param = demo.params[index]
        try:
            with self._lock:
                demo.set(param.key, param.nudge(demo.values[param.key], direction))
                frame = demo.frame()
        except Exception as exc:
            self._fail(exc)
            return
        self._hold = 0
        self._show_params()
        self._draw(frame)


def _legend(frame: Frame, palette: dict[Style, Color]) -> _Legend:
    """The plot's legend below it, so no label covers the data."""
    from workbench.demos.plot import STYLE_COLORS, legend_entries

    entries: list[tuple[str, str]] = []
    for label, style in legend_entries(frame):
        color = palette.get(style, STYLE_COLORS[style])
        if isinstance(color, tuple):
            rich_color = "rgb({},{},{})".format(*color)
        else:
            name = color.rstrip("+")
            rich_color = PLOTEXT_TO_RICH.get(name, name)
        entries.append((label, rich_color))
    return _Legend(tuple(entries))


@dataclass(frozen=True)
class _Legend:
    """Legend entries laid out in rows at the width they are drawn at, breaking between
    entries, never inside one. Compared by value, so an unchanged legend is not redrawn."""

    entries: tuple[tuple[str, str], ...]

    def rows(self, width: int) -> int:
        """How many rows the legend takes at `width`."""
        from workbench.demos.plot import legend_rows

        return len(legend_rows(list(self.entries), width)) if self.entries else 0

    def __str__(self) -> str:
        return "  ".join(label for label, _ in self.entries)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from workbench.demos.plot import LEGEND_GAP, LEGEND_MARK, legend_rows

        legend = Text(no_wrap=True, overflow="ellipsis")
        for row in legend_rows(list(self.entries), options.max_width):
            if legend:
                legend.append("\n")
            for index, (label, color) in enumerate(row):
                if index:
                    legend.append(" " * LEGEND_GAP)
                legend.append(LEGEND_MARK, style=color)
                legend.append(label)
        yield legend
