"""The live plot pane: runs the open topic's demo beside the answer and answers to keys.

It also runs predictions (issue 14): freeze on a starting state, ask what a change will do,
play the change, then show what happened beside what was predicted."""

from __future__ import annotations

import contextlib
import importlib
import math
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Button, Input, Static
from textual.worker import get_current_worker

from workbench.textsafe import clean_text
from workbench.tui.demo_snapshot import DemoSnapshot, snapshot_key
from workbench.tui.widgets.plot_snapshot import PlotSnapshot

if TYPE_CHECKING:  # numpy and plotext load when the first demo shows, not at start-up
    from textual_plotext import PlotextPlot

    from workbench.demos.base import Demo, Frame, ParamValue, Style
    from workbench.demos.plot import Color
    from workbench.demos.predictions import Outcome, Prediction

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
REVEAL_S = 3.0
"""About how long the change of a prediction plays (several steps a frame when it is long)."""
PREDICTING = ("loading", "asking", "revealing")
"""Phases of a prediction in which the demo is not the learner's to change."""
LAYOUT_CLASSES = ("-can-predict", "-compact")
"""The pane's classes that change where its plot goes and how big it is."""
DEMO_ACTIONS = {"toggle_pause", "step_once", "restart", "reseed", "next_view", "nudge"}
PREDICTION_ACTIONS = {"answer", "end_prediction", "open_passage"}
"""The pane's prediction keys (other screens forwarding the pane's keys leave them out)."""
PLOTEXT_TO_RICH = {"gray": "grey50"}
"""plotext colour names that Rich spells differently (the `+` bright marks are dropped)."""


DEMO_MODULES = ("numpy", "numpy.random", "plotext", "workbench.tui.widgets.plot_view",
                "workbench.demos.plot", "workbench.demos.registry", "workbench.demos.predictions")
"""What every demo needs before its first frame: about 200 ms of imports."""


def demo_modules_imported() -> bool:
    """Whether a demo can start without a long import."""
    return all(name in sys.modules for name in DEMO_MODULES)


def start_demo(demo_id: str) -> Demo | None:
    """Import what showing `demo_id` needs and start it (seed 0), as `DemoPane` does; None
    when no demo has that id."""
    for name in DEMO_MODULES:
        importlib.import_module(name)
    from workbench.demos.registry import get

    cls = get(demo_id)
    return cls(seed=0) if cls is not None else None


class _Pacer:
    """Frame timing: how long steps take, when the next frame is due, and the frame rate."""

    def __init__(self) -> None:
        self.step_ms = 0.0
        """Moving average of the compute time of one step."""
        self.due_at = 0.0
        self._last: tuple[float, float] | None = None
        """(monotonic time, process CPU time) when the last frame was drawn."""
        self._cpu: float | None = None
        self._shown: list[float] = []

    @property
    def slow(self) -> bool:
        """Steps take long enough to run in a worker thread."""
        return self.step_ms > SLOW_MS

    def stepped(self, elapsed_ms: float) -> None:
        self.step_ms = 0.8 * self.step_ms + 0.2 * elapsed_ms

    def drawn(self, now: float) -> float:
        """Note a frame drawn at `now`; schedule the next so the CPU the app spends per frame
        (step, plot, redraw) stays in budget. Returns the frames per second of the last 2 s."""
        cpu = time.process_time()
        interval = 1 / FPS  # a first frame is shown for a frame's time too
        if self._last is not None:
            cost = cpu - self._last[1]  # this frame plus drawing the previous one
            self._cpu = cost if self._cpu is None else 0.7 * self._cpu + 0.3 * cost
            interval = min(max(1 / FPS, self._cpu / CPU_BUDGET), 1 / MIN_FPS)
        self.due_at = now + interval - 0.5 / FPS  # ticks land on the 1/FPS grid
        self._last = (now, cpu)
        self._shown = [t for t in self._shown if now - t < 2.0] + [now]
        return max(len(self._shown) - 1, 0) / 2.0


Change = Callable[["Demo"], "Frame | None"]
"""Something done to the demo; returns the frame to draw, if any."""


class DemoPane(Vertical, can_focus=True):
    """Title, plot, takeaway, live caption and readouts, parameters and play state of one demo.

    What the learner sees is reactive state (`paused`, `view`, `params`, `seed`, `error`...):
    setting it redraws the line that shows it. The demo itself has one owner at a time: the
    UI thread, or the worker computing a slow step. A change asked for while the worker owns
    it waits in a queue and is applied when the step comes back, so no key ever waits on a
    step.
    """

    DEFAULT_CSS = """
    DemoPane { height: 1fr; }
    DemoPane > #demo-title { text-style: bold; }
    DemoPane > PlotextPlot, DemoPane > PlotSnapshot { height: 1fr; min-height: 8; }
    DemoPane > PlotSnapshot { display: none; }
    DemoPane > #demo-takeaway { color: $text-muted; }
    DemoPane #demo-state { color: $text-muted; width: 1fr; }
    DemoPane #demo-predict-button { display: none; }
    DemoPane.-can-predict #demo-predict-button { display: block; }
    DemoPane > #demo-predict { display: none; border-left: thick $accent; padding-left: 1; }
    DemoPane.-predicting > #demo-predict { display: block; }
    DemoPane.-predicting > #demo-takeaway, DemoPane.-asking > #demo-caption { display: none; }
    DemoPane > #demo-predict-input { display: none; }
    DemoPane.-numeric > #demo-predict-input { display: block; }
    DemoPane.-compact > #demo-title, DemoPane.-compact > #demo-takeaway,
    DemoPane.-compact > #demo-legend, DemoPane.-compact > #demo-readouts { display: none; }
    DemoPane.-compact > PlotextPlot, DemoPane.-compact > PlotSnapshot { min-height: 5; }
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
        *[Binding(str(n), f"answer({n})", "answer 1-4" if n == 1 else f"answer {n}",
                  show=n == 1, id=f"demo.answer-{n}",
                  tooltip="during a prediction: answer; after it: change the grade")
          for n in range(1, 5)],
        Binding("o", "open_passage", "read why", id="demo.predict-passage",
                tooltip="after a prediction: the passage in the notes that explains it"),
        Binding("escape", "end_prediction", "end prediction", id="demo.predict-end",
                tooltip="leave the prediction (the demo keeps running)"),
    ]

    class Answered(Message):
        """The learner answered a prediction (`override`: changed the grade afterwards)."""

        def __init__(self, pane: DemoPane, outcome: Outcome, chosen: float, rating: int,
                     override: bool) -> None:
            super().__init__()
            self.pane, self.outcome, self.chosen = pane, outcome, chosen
            self.rating, self.override = rating, override

    class Imported(Message):
        """The modules demos need are imported and the topic asked for meanwhile is shown."""

    class OpenPassage(Message):
        """Show the passage in the notes that explains a prediction's outcome."""

        def __init__(self, passage: str) -> None:
            super().__init__()
            self.passage = passage

    paused: var[bool] = var(False, init=False)
    """Whether the animation is stopped."""
    views: var[tuple[str, ...]] = var((), init=False)
    """The running demo's views; empty when no demo runs."""
    view: var[str] = var("", init=False)
    params: var[dict[str, ParamValue]] = var(dict, init=False)
    """Parameter values as the learner set them (the demo catches up after a slow step)."""
    seed: var[int] = var(0, init=False)
    error: var[str | None] = var(None, init=False)
    """Why the demo stopped, shown in place of the caption."""
    fps: var[float] = var(0.0, init=False)
    slow: var[bool] = var(False, init=False)
    state_line: var[str] = var("", init=False)
    phase: var[str] = var("", init=False)
    """"" (no prediction), "loading", "asking", "revealing" (the change plays), "revealed"."""
    recorded: var[str] = var("", init=False)
    """How the prediction's grade stands in the progress store ("" once saved)."""

    def __init__(self, autoplay: bool = True, *, predict: bool = False,
                 deferred: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self._populated = not deferred
        """False until `populate` mounts the lines and plot of a pane made `deferred`."""
        self._saved_frame: DemoSnapshot | None = None
        """A first frame given to `show_snapshot` before the pane was populated."""
        self.autoplay = autoplay
        self.predict = predict
        """Whether this pane offers predictions (its screen records the answers)."""
        self._prediction: Prediction | None = None
        self._outcome: Outcome | None = None
        self._chosen: float | None = None
        self._rating: int | None = None
        self._reveal_at = 0
        """The demo's step count at which the change has played out."""
        self._asked: dict[str, int] = {}
        """How many predictions each demo has asked, so `P` goes through them in turn."""
        self.set_reactive(DemoPane.paused, not autoplay)
        self._demo: Demo | None = None
        self._demo_id: str | None = None
        self._busy: Demo | None = None
        """The demo a worker is stepping; only that worker touches it until it returns."""
        self._queued: list[Change] = []
        """Changes waiting for the worker to hand the demo back."""
        self._frames_drawn = 0
        self._hold = 0
        self._pacer = _Pacer()
        self._colors: tuple[str, dict[Style, Color]] | None = None
        self._texts: dict[str, Text | _Legend] = {}
        """What each text line shows, so an unchanged line is not updated again."""
        self._waiting: tuple[str | None, str, str] | None = None
        """The topic to show once the demo modules are imported (None: nothing waits)."""
        self._capture = False
        """Whether the next frame drawn is a demo's first (kept as `first_frame`; the demo
        waits for it to be laid out and kept)."""
        self.first_frame: DemoSnapshot | None = None
        """The first frame of the demo shown last, as `show_snapshot` shows it again."""

    def compose(self) -> ComposeResult:
        if self._populated:
            lines, bottom, row = self._parts()
            yield from lines
            with bottom:
                yield from row

    def _parts(self) -> tuple[list[Widget], HorizontalGroup, list[Widget]]:
        """The pane's lines, its bottom row and what that row holds."""
        button = Button("Predict (P)", id="demo-predict-button", compact=True)
        button.can_focus = False  # P does it from the keyboard; tab keeps its four stops
        lines: list[Widget] = [
            Static(id="demo-title"), PlotSnapshot(id="demo-plot-snapshot"),
            Static(id="demo-legend"), Static(id="demo-takeaway"), Static(id="demo-predict"),
            Input(placeholder="your number, then enter", id="demo-predict-input",
                  type="number"),
            Static(id="demo-caption"), Static(id="demo-readouts"), Static(id="demo-params"),
        ]
        return lines, HorizontalGroup(id="demo-bottom"), [Static(id="demo-state"), button]

    def populate(self) -> None:
        """Mount the lines and plot of a pane made `deferred` (the main screen's, once the
        first paint is done: that paint then lays out a dozen widgets fewer and parses no
        Button CSS). What the pane was told meanwhile is shown now."""
        if self._populated:
            return
        self._populated = True
        lines, bottom, row = self._parts()
        self.mount_all([*lines, bottom])
        bottom.mount_all(row)  # now, not when the row mounts: its state line is set below
        texts, self._texts = self._texts, {}
        for name, text in texts.items():
            self._show_line(name, text)
        if self._saved_frame is not None:
            self.query_one(PlotSnapshot).show(self._saved_frame)
            self._saved_frame = None

    def on_resize(self) -> None:
        self.set_class(self.size.height < self.COMPACT_BELOW, "-compact")

    def on_mount(self) -> None:
        self.set_interval(1 / FPS, self._tick)
        if "demo-title" not in self._texts:
            self._set_text("demo-title", "No topic open")
        self._set_text("demo-state", self.compute_state_line())

    @property
    def demo(self) -> Demo | None:
        """The running demo, or None (no topic, no demo, unknown id or failed start)."""
        return self._demo

    @property
    def frames_drawn(self) -> int:
        """Frames drawn since the pane was created (tests watch it grow)."""
        return self._frames_drawn

    # What the learner sees follows the reactive state.

    def compute_state_line(self) -> str:
        if not self.views:
            return "stopped" if self.error else ""
        if self.phase in ("loading", "asking"):
            return f"predicting · seed {self.seed}"
        # the rate is measured over 2 s: until then it would read "0 fps" while playing
        rate = f" · {self.fps:.0f} fps" if self.fps >= 1 else ""
        state = "paused" if self.paused else f"playing{rate}"
        if self.phase == "revealing":
            state = "playing the change"
        view = f" · view {self.view}" if len(self.views) > 1 else ""
        slow = " · slow steps in background" if self.slow else ""
        return f"{state}{view}{slow} · seed {self.seed}"

    def watch_state_line(self, line: str) -> None:
        self._set_text("demo-state", line)

    def watch_params(self, values: dict[str, ParamValue]) -> None:
        demo = self._demo
        if demo is None:
            self._set_text("demo-params", "")
            return
        parts = [f"{p.label}={p.format(values[p.key])} {symbol}"
                 for p, symbol in zip(demo.params, PARAM_SYMBOLS, strict=False)]
        self._set_text("demo-params", "   ".join(parts))

    def watch_error(self, error: str | None) -> None:
        if error is not None:
            self._set_text("demo-caption", error)

    def show_topic(self, demo_id: str | None, topic_title: str, summary: str) -> None:
        """Switch to the demo of a newly opened topic (or explain why there is none).

        The first demo of the session waits for numpy and plotext, imported in a thread
        (`_import_then_show`), so the screen keeps drawing meanwhile."""
        self.populate()
        waits = demo_id is not None and not demo_modules_imported()
        self._waiting = (demo_id, topic_title, summary) if waits else None
        snapshot = self.query_one(PlotSnapshot)
        if demo_id is not None and waits:
            if snapshot.snapshot is None or snapshot.snapshot.key[0] != demo_id:
                snapshot.show(None)
                self._set_text("demo-title", topic_title)
                self._set_text("demo-takeaway", "Starting the demo…")
            self._import_then_show(demo_id)
            return
        self._show(demo_id, topic_title, summary)

    def show_snapshot(self, snapshot: DemoSnapshot) -> None:
        """Until its demo runs, show the first frame it drew last time (`demo_snapshot`)."""
        for name, text in snapshot.texts.items():
            self._show_line(name, text)
        for name in LAYOUT_CLASSES:
            self.set_class(name in snapshot.classes, name)
        if self._populated:
            self.query_one(PlotSnapshot).show(snapshot)
        else:
            self._saved_frame = snapshot

    def _show(self, demo_id: str | None, topic_title: str, summary: str,
              made: Demo | None = None) -> None:
        """Show the topic's demo: `made` if it is one already started (off the event loop)."""
        from workbench.demos.registry import get

        self.query_one(PlotSnapshot).show(None)  # the live demo (or no demo) takes its place
        self._demo, self._demo_id, self._hold, self._queued = None, demo_id, 0, []
        self._prediction, self._capture = None, False
        self.phase = ""
        self.views, self.error, self.params = (), None, {}
        self.set_class(self.predict and self._predictions() != (), "-can-predict")
        plot = self._plot(create=demo_id is not None)
        if plot is not None:
            plot.plt.clear_figure()
            plot.refresh()
        for name in ("demo-legend", "demo-caption", "demo-readouts"):
            self._set_text(name, "")
        if demo_id is None:
            self._set_text("demo-title", topic_title)
            self._set_text("demo-takeaway", summary or "This topic has no live demo.")
            if plot is not None:
                plot.display = False
            return
        cls = get(demo_id)
        assert plot is not None
        plot.display = cls is not None
        if cls is None:
            self._set_text("demo-title", topic_title)
            self._set_text("demo-takeaway", f"No demo named '{demo_id}' is installed.")
            return
        self._set_text("demo-title", f"Demo: {cls.title}")
        self._set_text("demo-takeaway", cls.takeaway)
        try:
            demo = made if isinstance(made, cls) else cls(seed=0)
        except Exception as exc:  # a broken demo must not take the app down
            self._fail(exc)
            return
        self._demo = demo
        self.paused = not self.autoplay
        self.seed, self.view, self.params = demo.seed, demo.view, dict(demo.values)
        self.views = demo.views
        if self.autoplay:
            self._capture = True
            self.advance()

    @work(thread=True, exclusive=True, group="demo-import", exit_on_error=False)
    def _import_then_show(self, demo_id: str) -> None:
        """Import what the demo needs and start it off the event loop, then show the topic
        asked for last (a demo that fails here fails again, and is reported, in `_show`)."""
        demo: Demo | None = None
        with contextlib.suppress(Exception):
            demo = start_demo(demo_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._imported, demo)

    @property
    def importing(self) -> bool:
        """Whether a topic waits for the demo modules to be imported."""
        return self._waiting is not None

    def _imported(self, demo: Demo | None) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            demo_id, title, summary = waiting
            self._show(demo_id, title, summary, demo if demo and demo.id == demo_id else None)
            self.post_message(self.Imported())

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

    # Changes to the demo: applied now, or queued while a worker owns it.

    def _change(self, change: Change) -> None:
        """Apply `change` to the demo now, or once the worker stepping it hands it back."""
        if self._demo is None:
            return
        if self._demo is self._busy:
            self._queued.append(change)
            return
        try:
            frame = change(self._demo)
        except Exception as exc:
            self._fail(exc)
            return
        if frame is not None:
            self._draw(frame)

    def _timed_step(self, demo: Demo) -> Frame:
        started, count = time.perf_counter(), self._stride(demo)
        frame = _steps(demo, count)
        self._pacer.stepped((time.perf_counter() - started) * 1e3 / count)
        return frame

    def _stride(self, demo: Demo) -> int:
        """Steps per frame: one, or while a long change plays, enough to play it in REVEAL_S
        (never past the step the prediction measured)."""
        if self.phase != "revealing":
            return 1
        per_frame = max(1, math.ceil(self._reveal_at / (REVEAL_S * FPS)))
        return max(1, min(per_frame, self._reveal_at - demo.index))

    def advance(self) -> None:
        """Compute and draw one step now (inline, on the UI thread), or after a slow step."""
        self._change(self._timed_step)

    def _tick(self) -> None:
        """One timer tick: nothing while paused, hidden, unfocused or still computing."""
        demo = self._demo
        if self.paused or demo is None or self._busy is not None or self._capture \
                or not self._can_animate():
            return
        if self._hold:
            self._hold -= 1
            if not self._hold:
                self._reset(None)
            return
        if time.monotonic() < self._pacer.due_at:
            return
        if self._pacer.slow:
            self._busy = demo
            self._step_in_thread(demo, self._stride(demo))
        else:
            self.advance()

    def _can_animate(self) -> bool:
        """Only when seen: on the top screen (`Screen.is_current` is also true under a modal),
        shown (and not keeping a place invisibly), and in a focused terminal."""
        return (self.is_attached and self.display and self.visible and self.region.width > 0
                and self.app.screen is self.screen and self.app.app_focus)

    @work(thread=True, exclusive=True, group="demo-step")
    def _step_in_thread(self, demo: Demo, count: int) -> None:
        """Compute a slow step off the event loop; the result is drawn on the UI thread."""
        started = time.perf_counter()
        try:
            frame = _steps(demo, count)
        except Exception as exc:
            self.app.call_from_thread(self._finish_thread, demo, None, exc, 0.0)
            return
        elapsed = (time.perf_counter() - started) * 1e3 / count
        self.app.call_from_thread(self._finish_thread, demo, frame, None, elapsed)

    def _finish_thread(self, demo: Demo, frame: Frame | None, exc: Exception | None,
                       elapsed_ms: float) -> None:
        """The worker hands the demo back: draw its step, then apply what was queued."""
        self._busy = None
        if demo is not self._demo:
            return  # the topic changed while this step ran
        if exc is not None:
            self._fail(exc)
            return
        self._pacer.stepped(elapsed_ms)
        queued, self._queued = self._queued, []
        if frame is not None and not queued:
            self._draw(frame)
        for change in queued:
            self._change(change)

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
        self.fps = self._pacer.drawn(time.monotonic())
        self.slow = self._pacer.slow
        self._show_line("demo-legend", _legend(frame, palette))
        self._set_text("demo-caption", frame.caption)
        self._set_text("demo-readouts", "   ".join(frame.readouts))
        if self._capture and self._demo is not None:
            self._keep_first_frame(self._demo, self._demo.index)
        if self.phase == "revealing":
            if self._demo is not None and self._demo.index >= self._reveal_at:
                self._revealed()
        elif frame.done and not self.paused:
            self._hold = HOLD_TICKS

    def _keep_first_frame(self, demo: Demo, step: int, tries: int = 3) -> None:
        """Keep the frame just drawn, a demo's first, with the pane's lines (once the plot
        is laid out: a plot mounted for this frame is tried again after the next refresh;
        the demo does not move on meanwhile)."""
        from workbench.tui.widgets.plot_view import PlotView

        plot = self._plot()
        if demo is not self._demo:
            return  # another demo's: its own first frame is awaited, if any
        if not isinstance(plot, PlotView) or demo.index != step:
            self._capture = False
            return
        strips = plot.lines()
        if strips is None and tries > 1:
            self.call_after_refresh(self._keep_first_frame, demo, step, tries - 1)
            return
        self._capture = False
        key = snapshot_key(demo.id, self.app.theme)
        if strips is None or key is None:
            return
        texts = {}
        for name, text in self._texts.items():
            if isinstance(text, _Legend):
                width = self.query_one(f"#{name}", Static).content_size.width
                text = text.as_text(width)
            texts[name] = text
        self.first_frame = DemoSnapshot(key, (plot.size.width, plot.size.height),
                                        tuple(strips), texts,
                                        tuple(name for name in LAYOUT_CLASSES
                                              if self.has_class(name)))

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
        self._demo, self._hold, self._queued, self._prediction = None, 0, [], None
        self.paused, self.views, self.phase, self._capture = True, (), "", False
        self.error = f"demo '{self._demo_id or '?'}' failed: {type(exc).__name__}: {exc}"

    def _reset(self, seed: int | None) -> None:
        if seed is not None:
            self.seed = seed

        def reset(demo: Demo) -> Frame:
            demo.reset(seed)
            return self._timed_step(demo)

        self._hold = 0
        self._change(reset)

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
        if not self._populated:  # kept for `populate`
            self._texts[name] = text
            return
        try:
            widget = self.query_one(f"#{name}", Static)
        except NoMatches:  # not composed yet: on_mount draws the state
            return
        width = widget.content_size.width
        same_rows = (shown is not None and width > 0
                     and self._rows(shown, width) == self._rows(text, width))
        self._texts[name] = text
        widget.update(text, layout=not same_rows)

    def _rows(self, text: Text | _Legend, width: int) -> int:
        if isinstance(text, _Legend):
            return text.rows(width)
        return len(text.wrap(self.app.console, width)) if text.plain else 0

    # Predictions: freeze on the starting state, ask, play the change, show what happened.

    def _predictions(self) -> tuple[Prediction, ...]:
        from workbench.demos.predictions import predictions_for

        return predictions_for(self._demo_id) if self._demo_id else ()

    def start_prediction(self, prediction: Prediction | None = None) -> None:
        """Ask a prediction about this demo (by default its next one, in turn)."""
        choices = self._predictions()
        if prediction is None:
            if not choices:
                self.app.notify("This demo has no predictions." if self._demo_id else
                                "Open a topic with a demo to predict what it will do.",
                                markup=False)
                return
            demo_id = self._demo_id or ""
            asked = self._asked[demo_id] = self._asked.get(demo_id, -1) + 1
            prediction = choices[asked % len(choices)]
        self._prediction, self._outcome, self._chosen, self._rating = prediction, None, None, None
        self._hold, self._queued = 0, []
        self.paused, self.recorded, self.error = True, "", None
        self.phase = "loading"
        self.focus()
        self._run_prediction(prediction)

    @work(thread=True, exclusive=True, group="demo-predict")
    def _run_prediction(self, prediction: Prediction) -> None:
        """Compute the outcome (the demo before and after the change, headless) and the
        starting state to freeze on, off the event loop."""
        from workbench.demos.predictions import make_demo, run_prediction

        try:
            outcome = run_prediction(prediction)
            start = make_demo(prediction, outcome.seed)
            _steps(start, prediction.frames)
        except Exception as exc:
            self.app.call_from_thread(self._prediction_failed, prediction, exc)
            return
        self.app.call_from_thread(self._ask, prediction, outcome, start)

    def _prediction_failed(self, prediction: Prediction, exc: Exception) -> None:
        if prediction is self._prediction:
            self._fail(exc)

    def _ask(self, prediction: Prediction, outcome: Outcome, start: Demo) -> None:
        """Freeze on the starting state and show the question."""
        if prediction is not self._prediction:
            return  # cancelled, or the topic changed meanwhile
        self._outcome = outcome
        self._adopt(start)
        self._draw(outcome.before)
        self.phase = "asking"
        if prediction.numeric:
            self.query_one("#demo-predict-input", Input).focus()

    def _adopt(self, demo: Demo) -> None:
        """Run `demo` in the pane from now on (parameters, seed and view shown)."""
        self._demo = demo
        self.seed, self.view, self.params = demo.seed, demo.view, dict(demo.values)
        self.views = demo.views

    def _answer(self, chosen: float) -> None:
        """Grade the answer, then play the change."""
        from workbench.demos.predictions import grade, make_demo

        prediction, outcome = self._prediction, self._outcome
        if prediction is None or outcome is None:
            return
        self._chosen, self._rating = chosen, grade(chosen, outcome)
        self.recorded = " (saving…)" if self.predict else " (not recorded here)"
        self.post_message(self.Answered(self, outcome, chosen, self._rating, override=False))
        try:
            changed = make_demo(prediction, outcome.seed, after=True)
        except Exception as exc:
            self._fail(exc)
            return
        self._reveal_at = prediction.frames_after
        self._adopt(changed)
        self.phase = "revealing"
        self.focus()
        self.paused = False
        self._pacer.due_at = 0.0

    def _revealed(self) -> None:
        """The change has played: show it against the starting state, and why."""
        from workbench.tui.widgets.prediction_text import compared, marked

        self.paused = True
        self.phase = "revealed"
        if self._outcome is not None and self._chosen is not None:
            self._draw(marked(self._outcome))
            self._show_line("demo-readouts", compared(self._outcome, self._chosen))

    def prediction_recorded(self, rating: int | None, problem: str = "") -> None:
        """The screen saved the grade (`rating`), or could not (`problem`)."""
        if rating is not None:
            self._rating = rating
        self.recorded = f" (not saved: {problem})" if problem else ""
        self._show_prediction()

    def watch_phase(self, phase: str) -> None:
        self.set_class(phase != "", "-predicting")
        self.set_class(phase in ("loading", "asking"), "-asking")
        numeric = (phase == "asking" and self._prediction is not None
                   and self._prediction.numeric)
        self.set_class(numeric, "-numeric")
        self._show_prediction()
        self.refresh_bindings()

    def watch_recorded(self) -> None:
        self._show_prediction()

    def _show_prediction(self) -> None:
        from workbench.tui.widgets.prediction_text import question, verdict

        prediction = self._prediction
        if prediction is None or not self.phase:
            self._show_line("demo-predict", Text())
        elif self.phase in ("loading", "asking"):
            self._show_line("demo-predict", question(prediction, self.phase == "loading"))
        elif self._outcome is not None and self._chosen is not None:
            self._show_line("demo-predict", verdict(
                self._outcome, self._chosen, self._rating, self.phase == "revealed",
                self.recorded))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.phase != "asking" or event.input.id != "demo-predict-input":
            return
        try:
            value = float(event.value)
        except ValueError:
            self.app.notify("Type a number, such as 0.5.", severity="warning", markup=False)
            return
        event.input.value = ""
        self._answer(value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "demo-predict-button":
            event.stop()
            self.start_prediction()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Demo keys wait while a prediction is asked and played; prediction keys work only
        during one."""
        if action in DEMO_ACTIONS:
            return self.phase not in PREDICTING
        if action == "answer":
            prediction = self._prediction
            if prediction is None:
                return False
            if self.phase == "asking":
                number = parameters[0] if parameters else 0
                return (not prediction.numeric and isinstance(number, int)
                        and number <= len(prediction.options))
            return self.phase == "revealed"
        if action == "end_prediction":
            return self.phase != ""
        if action == "open_passage":
            return (self.phase == "revealed" and self._prediction is not None
                    and bool(self._prediction.passage))
        return True

    def action_answer(self, number: int) -> None:
        """Answer option `number`; once the outcome is shown, grade it `number` instead."""
        if self.phase == "asking":
            self._answer(number)
            return
        outcome, chosen = self._outcome, self._chosen
        if self.phase != "revealed" or outcome is None or chosen is None:
            return
        if number != self._rating:
            self._rating = number
            self.recorded = " (saving…)" if self.predict else " (not recorded here)"
            self.post_message(self.Answered(self, outcome, chosen, number, override=True))

    def action_end_prediction(self) -> None:
        """Leave the prediction; the demo stays where it is."""
        self._prediction = None
        self.phase = ""

    def action_open_passage(self) -> None:
        """Jump to the passage in the notes that explains the outcome."""
        if self._prediction is not None and self._prediction.passage:
            self.post_message(self.OpenPassage(self._prediction.passage))

    # Keys.

    def action_toggle_pause(self) -> None:
        """Pause or resume the animation."""
        if self._demo is not None:
            self.paused = not self.paused

    def action_step_once(self) -> None:
        """Advance one step (useful while paused)."""
        self.advance()

    def action_restart(self) -> None:
        """Start the demo again with the same seed."""
        self._reset(None)

    def action_reseed(self) -> None:
        """Start the demo again with the next seed (new data, same law)."""
        if self._demo is not None:
            self._reset(self.seed + 1)

    def action_next_view(self) -> None:
        """Draw the current state another way."""
        if self._demo is None or len(self.views) < 2:
            return
        following = self.views[(self.views.index(self.view) + 1) % len(self.views)]
        self.view = following

        def set_view(demo: Demo) -> Frame:
            demo.set_view(following)
            return demo.frame()

        self._change(set_view)

    def action_nudge(self, index: int, direction: int) -> None:
        """Move parameter `index` one step up (+1) or down (-1)."""
        demo = self._demo
        if demo is None or index >= len(demo.params):
            return
        param = demo.params[index]
        value = param.nudge(self.params[param.key], direction)
        self.params = {**self.params, param.key: value}
        self._hold = 0

        def set_value(demo: Demo) -> Frame:
            demo.set(param.key, value)
            return demo.frame()

        self._change(set_value)


def _steps(demo: Demo, count: int) -> Frame:
    """Advance `count` steps (at least one); the last frame."""
    frame = demo.step()
    for _ in range(count - 1):
        frame = demo.step()
    return frame


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


class _Legend(NamedTuple):
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
        yield self.as_text(options.max_width)

    def as_text(self, width: int) -> Text:
        """The legend laid out at `width`."""
        from workbench.demos.plot import LEGEND_GAP, LEGEND_MARK, legend_rows

        legend = Text(no_wrap=True, overflow="ellipsis")
        for row in legend_rows(list(self.entries), width):
            if legend:
                legend.append("\n")
            for index, (label, color) in enumerate(row):
                if index:
                    legend.append(" " * LEGEND_GAP)
                legend.append(LEGEND_MARK, style=color)
                legend.append(label)
        return legend
