"""Waiting in Pilot tests for what the app is doing, never for a fixed time.

`wait_until` waits for a condition and fails when the app never gets there; `settle` lets the
app finish what it has started (queued messages, workers such as the search index, a store
call or a demo step, scheduled animations). A fixed `pilot.pause(0.5)` is either too short on
a loaded machine (a flaky test) or longer than needed everywhere else (a slow one).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.command import CommandList
from textual.pilot import Pilot
from textual.worker import WorkerState

from workbench.tui.widgets.demo_pane import DemoPane

WAIT_S = 30.0
"""How long a wait may take before the test fails. Generous: tests run in parallel on two
cores, and a wait whose condition holds returns at once, so only a failing test pays it."""


async def wait_until(pilot: Pilot, condition: Callable[[], object], timeout: float = WAIT_S,
                     what: str = "the app did not get there in time") -> None:
    """Let the app run until `condition()` holds; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} (waited {timeout:.0f} s)"
        await pilot.pause(0.02)


async def settle(pilot: Pilot, timeout: float = WAIT_S) -> None:
    """Let the app finish what it has started: the messages queued on the screen, every
    worker (and what their results start in turn) and the scheduled animations.

    A worker that fails or is cancelled counts as finished: the test checks what the app
    made of it. Not for a screen that keeps a worker running (a slow demo playing).
    """
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        await pilot.wait_for_scheduled_animations()
        busy = [worker for worker in app.workers if not worker.is_finished]
        if not busy:
            return
        left = deadline - time.monotonic()
        assert left > 0, f"workers still running after {timeout:.0f} s: " + ", ".join(
            f"{worker.name or '?'} ({worker.group})" for worker in busy)
        started = [worker for worker in busy if worker.state is not WorkerState.PENDING]
        if started:  # a pending one starts while the next round lets the app run
            waits = [asyncio.ensure_future(worker.wait()) for worker in started]
            done, _ = await asyncio.wait(waits, timeout=left)  # never cancels a worker
            for waited in done:
                if not waited.cancelled():
                    waited.exception()  # retrieved, not raised: see the docstring


def demo_laid_out(pane: DemoPane) -> bool:
    """The pane runs a demo and its plot has its size: a frame drawn before layout is drawn
    at a default size (other ticks), so tests step a demo only after this holds."""
    plots = pane.query("#demo-plot")
    return pane.demo is not None and bool(plots) and plots.first().size.width > 0


def first_command(app: App[Any]) -> str:
    """The palette's first suggestion ('' while it has none): wait for it before `enter`,
    which picks nothing while the palette is still searching."""
    found = app.screen.query(CommandList)
    if not found or found.first().option_count == 0:
        return ""
    return str(found.first().get_option_at_index(0).prompt)
