"""The demo API: parameters, frames (data to draw) and the Demo base class.

A demo is a pure function of (seed, parameter values, frame index): the same inputs
give bit-identical frames, so every demo is testable without a terminal. Nothing here
imports plotext or Textual; `workbench.demos.plot` draws frames.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np

ParamKind = Literal["float", "int", "choice", "bool"]
ParamValue = float | int | str | bool
SeriesKind = Literal["line", "scatter", "bar", "step", "hline", "vline"]
Style = Literal["primary", "secondary", "theory", "muted", "highlight", "data"]


class ParamError(ValueError):
    """A parameter name or value a demo does not accept."""


@dataclass(frozen=True)
class Param:
    """One keyboard-adjustable parameter of a demo."""

    key: str
    """Name used on the command line (`--param lam=0.1`)."""
    label: str
    """Shown in the parameter bar; plain text, never markup."""
    kind: ParamKind
    default: ParamValue
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    """Additive step, or a multiplicative one when `log` is set."""
    log: bool = False
    choices: tuple[str, ...] = ()
    unit: str = ""
    resets: bool = True
    """True: a change restarts the animation; False: applied to the running state."""
    help: str = ""

    def parse(self, text: str) -> ParamValue:
        """A value from command-line text; raises ParamError with a clear message."""
        if self.kind == "choice":
            if text not in self.choices:
                raise ParamError(f"{self.key} must be one of {', '.join(self.choices)}")
            return text
        if self.kind == "bool":
            if text.lower() not in {"1", "0", "true", "false", "on", "off", "yes", "no"}:
                raise ParamError(f"{self.key} must be true or false")
            return text.lower() in {"1", "true", "on", "yes"}
        try:
            value: float = int(text) if self.kind == "int" else float(text)
        except ValueError:
            kind = "an integer" if self.kind == "int" else "a number"
            raise ParamError(f"{self.key} must be {kind}, got {text!r}") from None
        too_low = self.lo is not None and value < self.lo
        too_high = self.hi is not None and value > self.hi
        if not math.isfinite(value) or too_low or too_high:
            low = "-inf" if self.lo is None else f"{self.lo:g}"
            high = "inf" if self.hi is None else f"{self.hi:g}"
            raise ParamError(f"{self.key} must be between {low} and {high}, got {text}")
        return value

    def clamp(self, value: ParamValue) -> ParamValue:
        """Bring a value into range (and to the parameter's type)."""
        if self.kind == "choice":
            return value if value in self.choices else self.default
        if self.kind == "bool":
            return bool(value)
        number = float(value)
        if self.lo is not None:
            number = max(self.lo, number)
        if self.hi is not None:
            number = min(self.hi, number)
        return int(round(number)) if self.kind == "int" else number

    def nudge(self, value: ParamValue, direction: int) -> ParamValue:
        """The next value up (+1) or down (-1); choices and bools cycle."""
        if self.kind == "choice":
            index = self.choices.index(value) if value in self.choices else 0
            return self.choices[(index + direction) % len(self.choices)]
        if self.kind == "bool":
            return not value
        step = self.step if self.step is not None else 1.0
        number = float(value)
        moved = number * step**direction if self.log else number + direction * step
        return self.clamp(moved)

    def format(self, value: ParamValue) -> str:
        """The value as shown in the parameter bar."""
        if self.kind == "float":
            text = f"{float(value):.3g}"
        elif self.kind == "bool":
            text = "on" if value else "off"
        else:
            text = str(value)
        return f"{text}{self.unit}"


@dataclass(frozen=True)
class Series:
    """A line, scatter, bar or reference line to draw."""

    kind: SeriesKind
    x: np.ndarray
    y: np.ndarray
    label: str = ""
    """Legend text; `$…$` in it is LaTeX, shown as the reader renders inline math."""
    style: Style = "primary"


@dataclass(frozen=True)
class Heatmap:
    """A matrix drawn as shaded cells (at most 40x40)."""

    z: np.ndarray
    label: str = ""
    blank: np.ndarray | None = None
    """Cells drawn empty, such as the rules between side-by-side panels (same shape as z)."""


@dataclass(frozen=True)
class Frame:
    """Everything one animation step shows: data to draw, a caption and its numbers."""

    title: str
    xlabel: str = ""
    ylabel: str = ""
    series: tuple[Series, ...] = ()
    heatmap: Heatmap | None = None
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    xlog: bool = False
    ylog: bool = False
    caption: str = ""
    """What to see now, with numbers (every number also in `metrics`)."""
    metrics: Mapping[str, float] = field(default_factory=dict)
    readouts: tuple[str, ...] = ()
    """Short live figures for the pane, e.g. 'zeros: 7/10'."""
    done: bool = False
    """The sweep finished; the UI holds the frame, then restarts."""


class Demo(ABC):
    """A seeded numeric experiment that animates one concept.

    Subclasses set the class attributes, implement `_setup` (build state from
    `self.values` and `self.rng`) and `_advance` (one tick; return the frame).
    """

    id: ClassVar[str]
    title: ClassVar[str]
    takeaway: ClassVar[str]
    topic: ClassVar[str] = ""
    """Id of the content topic this demo illustrates."""
    params: ClassVar[tuple[Param, ...]]
    views: ClassVar[tuple[str, ...]] = ("main",)
    setup_cost: ClassVar[Literal["light", "heavy"]] = "light"

    def __init__(self, seed: int = 0, **values: Any) -> None:
        self.seed = seed
        self.values: dict[str, ParamValue] = {p.key: p.default for p in self.params}
        for key, value in values.items():
            self.values[key] = self.param(key).clamp(value)
        self.view = self.views[0]
        self.reset(seed)

    @classmethod
    def param(cls, key: str) -> Param:
        """The parameter named `key`; raises ParamError for an unknown name."""
        for param in cls.params:
            if param.key == key:
                return param
        known = ", ".join(p.key for p in cls.params)
        raise ParamError(f"demo '{cls.id}' has no parameter '{key}' (it has: {known})")

    def reset(self, seed: int | None = None) -> None:
        """Restart from frame 0 (with a new seed if given)."""
        if seed is not None:
            self.seed = seed
        self.rng = np.random.default_rng(self.seed)
        self.index = 0
        self._last: Frame | None = None
        self._setup()

    def step(self) -> Frame:
        """Advance one tick and return what to draw."""
        frame = self._advance()
        self.index += 1
        self._last = frame
        return frame

    def frame(self) -> Frame:
        """The current frame without advancing (the first one if nothing ran yet)."""
        return self._last if self._last is not None else self.step()

    def set(self, key: str, value: ParamValue) -> None:
        """Change a parameter: restart if it shapes the data, else apply live."""
        param = self.param(key)
        self.values[key] = param.clamp(value)
        if param.resets:
            self.reset()
        else:
            self._on_live_change(key)

    def set_view(self, view: str) -> None:
        """Switch how the current state is drawn."""
        if view not in self.views:
            known = ", ".join(self.views)
            raise ParamError(f"demo '{self.id}' has no view '{view}' (it has: {known})")
        self.view = view
        self._last = None if self.index == 0 else self._redraw()

    def _on_live_change(self, key: str) -> None:
        """Hook for parameters with `resets=False`; by default the next frame shows them."""
        self._last = None

    def _redraw(self) -> Frame | None:
        """Hook: the current state drawn in the current view; None means 'next step'."""
        return None

    @abstractmethod
    def _setup(self) -> None:
        """Build all state from `self.values` and `self.rng`."""

    @abstractmethod
    def _advance(self) -> Frame:
        """One animation tick: update state, return the frame."""
