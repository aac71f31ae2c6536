"""When the garbage collector walks the heap: while the learner is idle, or in a pause
between keys, never between a key and its frame.

A full (generation-2) collection walks every tracked object: 100-400 ms in the app once a
few topics were read, and Python starts one by itself every ten generation-1 collections
(if the heap grew by a quarter), in the middle of whatever the app does, a key press
mostly: the press then waits for it. So Python never starts one here. Instead:

- once no input came for IDLE seconds (and DUE_AFTER generation-1 collections passed),
  the app collects everything, then freezes what survived (`gc.freeze`), and so on every
  IDLE seconds until the next input;
- meanwhile, every DUE_AFTER generation-1 collections (Python's own cadence, so garbage
  does not pile up: the memory is as with Python's policy), a collection of what is not
  frozen (what was made since the last idle time, a fraction of the heap) runs once no
  input came for QUIET seconds (a key's frame is painted by then), or after MAX_WAIT
  seconds whatever comes.

Each idle collection unfreezes first, so garbage among frozen objects waits for the next
idle time at most (freezing once for good kept start-up's garbage: megabytes).
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import time
from collections.abc import Callable
from typing import Protocol

from workbench.allocator import trim

IDLE = 0.8
"""Seconds without input after which the full collection runs (a key re-arms the wait)."""
DUE_AFTER = 10
"""Generation-1 collections after which a collection is due (Python's own threshold for
a full one)."""
QUIET = 0.05
"""Seconds without input before a due collection of what is not frozen runs."""
MAX_WAIT = 1.0
"""Seconds after which a due collection runs even while inputs keep coming."""
NEVER = 1 << 30
"""Python's own full collections: never (generation-1 collections before one)."""


class Stoppable(Protocol):
    def stop(self) -> None: ...


class Collector:
    """Runs full collections when the app is idle or has just painted; `input_seen` on
    each input event."""

    def __init__(self, set_timer: Callable[[float, Callable[[], None]], Stoppable],
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`set_timer(delay, callback)` calls back once after `delay` seconds (the
        app's)."""
        self._set_timer, self._clock = set_timer, clock
        self._last_input = 0.0
        self._young_due = 0.0
        """When the collection of what is not frozen was asked for."""
        self._timer: Stoppable | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._context: contextvars.Context | None = None
        """The app's context (its timers need it), for what a collector callback asks."""
        self._since_idle = 0
        """Generation-1 (or full) collections since the last idle collection."""
        self._since_young = 0
        """Generation-1 (or full) collections since the last collection of any kind."""
        self._young_asked = False
        self._threshold: tuple[int, int, int] | None = None
        """Python's thresholds before `start`, put back by `stop`."""
        self.running = False
        """Whether the policy is in force (after `start`)."""
        self.idle_collections = 0
        """How many full collections ran while the learner was idle."""
        self.young_collections = 0
        """How many collections of what is not frozen ran between keys."""

    def start(self) -> None:
        """Enable the collector (paused for start-up) under this policy, from the app's
        event loop, and wait for the first idle time."""
        self._loop, self._context = asyncio.get_running_loop(), contextvars.copy_context()
        self._threshold = gc.get_threshold()
        young, middle, _ = self._threshold
        gc.set_threshold(young, middle, NEVER)
        gc.callbacks.append(self._counted)
        self._since_idle = DUE_AFTER  # start-up's objects: collected (and frozen) when idle
        gc.enable()
        self.running = True
        self.input_seen()

    def stop(self) -> None:
        """The app is closing: nothing frozen or counted any more, and Python's own policy
        (its thresholds, the collector on) is back."""
        if self.running:
            self.running = False
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            gc.callbacks.remove(self._counted)
            gc.unfreeze()
            if self._threshold is not None:
                gc.set_threshold(*self._threshold)
        gc.enable()  # also when the app closed before start-up's pause ended

    def _counted(self, phase: str, info: dict[str, int]) -> None:
        """After each collection (in whatever thread made it): count the middle ones, and
        ask for a collection between keys when one is due."""
        if phase != "stop" or info["generation"] < 1:
            return
        self._since_idle += 1
        self._since_young += 1
        if self._since_young >= DUE_AFTER and not self._young_asked and self.running \
                and self._loop is not None:
            self._young_asked = True
            try:
                self._loop.call_soon_threadsafe(self._ask_young, context=self._context)
            except RuntimeError:  # the loop closed (the app is gone): nothing to ask
                self._young_asked = False

    def _ask_young(self) -> None:
        self._young_due = self._clock()
        self._set_timer(QUIET, self._collect_young)

    def _collect_young(self) -> None:
        if not self.running:
            return
        now = self._clock()
        if now - self._last_input < QUIET and now - self._young_due < MAX_WAIT:
            self._set_timer(QUIET, self._collect_young)  # keys are coming: not now
            return
        self._young_asked = False
        if self._since_young >= DUE_AFTER:
            gc.collect()
            self._since_young = 0
            self.young_collections += 1

    def input_seen(self) -> None:
        """A key or the mouse: the idle wait starts again."""
        if not self.running:
            return
        self._last_input = self._clock()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._set_timer(IDLE, self._idle)

    def _idle(self) -> None:
        """No input for IDLE seconds: a full collection of everything if one is due, and
        the same again every IDLE seconds while no input comes."""
        if self._since_idle >= DUE_AFTER:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            trim()  # what the collection freed goes back to the system
            self._since_idle = self._since_young = 0
            self.idle_collections += 1
        self._timer = self._set_timer(IDLE, self._idle)
