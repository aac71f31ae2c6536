"""When the garbage collector walks the whole heap: while the learner is idle, not between
a key and its frame.

A full (generation-2) collection walks every tracked object: 100-400 ms in the app once a
few topics were read. Python starts one by itself once ten generation-1 collections have
passed since the last (and the heap grew by a quarter), which happens in the middle of
whatever the app is doing, a key press mostly: the press then waits for it. So, once the
start-up pause is over, Python is left to do that only after FULL_AFTER generation-1
collections (a bound: garbage never piles up for long, even while keys keep coming or a
demo plays), and the app runs the full collection itself when no input came for IDLE
seconds, if DUE_AFTER generation-1 collections have passed since the last one (as Python
would have).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Protocol

IDLE = 0.8
"""Seconds without input after which the full collection runs (a key re-arms the wait)."""
DUE_AFTER = 10
"""Generation-1 collections since the last full one for the idle collection to run
(Python's own threshold)."""
FULL_AFTER = 120
"""Generation-1 collections after which Python runs a full collection by itself."""


class Stoppable(Protocol):
    def stop(self) -> None: ...


class Collector:
    """Runs full collections when the app is idle; `input_seen` on each input event."""

    def __init__(self, set_timer: Callable[[float, Callable[[], None]], Stoppable]) -> None:
        """`set_timer(delay, callback)` calls back once after `delay` seconds (the app's)."""
        self._set_timer = set_timer
        self._timer: Stoppable | None = None
        self.running = False
        """Whether the policy is in force (after `start`)."""
        self.idle_collections = 0
        """How many full collections ran while the learner was idle."""

    def start(self) -> None:
        """Enable the collector (paused for start-up) with full collections left for idle
        times, and wait for the first."""
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_AFTER)
        gc.enable()
        self.running = True
        self.input_seen()

    def input_seen(self) -> None:
        """A key or the mouse: the idle wait starts again."""
        if not self.running:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._set_timer(IDLE, self._idle)

    def _idle(self) -> None:
        self._timer = None
        if gc.get_count()[2] >= DUE_AFTER:
            gc.collect()
            self.idle_collections += 1
