"""The collector policy: full collections wait for the learner to be idle (`tui.collector`)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from app_waits import wait_until
from workbench.content.loader import default_roots, load_library
from workbench.tui import app as app_module
from workbench.tui import collector as collector_module
from workbench.tui.app import WorkbenchApp
from workbench.tui.collector import DUE_AFTER, FULL_AFTER, Collector
from workbench.tui.widgets.reader import Reader
from workbench.ui_state import UiState


class FakeTimer:
    def __init__(self, delay: float, callback: Callable[[], None]) -> None:
        self.delay, self.callback, self.stopped = delay, callback, False

    def stop(self) -> None:
        self.stopped = True


class Timers:
    """Timers that fire when the test says so."""

    def __init__(self) -> None:
        self.made: list[FakeTimer] = []

    def set_timer(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        self.made.append(FakeTimer(delay, callback))
        return self.made[-1]

    def live(self) -> list[FakeTimer]:
        return [timer for timer in self.made if not timer.stopped]


@pytest.fixture
def collector_state() -> Iterator[None]:
    """Put the process's collector back as it was."""
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*threshold)
    (gc.enable if enabled else gc.disable)()


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """A list that gets an entry for each full collection that runs."""
    seen: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            seen.append(1)

    gc.callbacks.append(callback)
    yield seen
    gc.callbacks.remove(callback)


def middle_collections(count: int) -> None:
    """Run `count` generation-1 collections (what counts towards a full one)."""
    for _ in range(count):
        gc.collect(1)


@pytest.mark.usefixtures("collector_state")
def test_start_enables_the_collector_with_full_collections_deferred() -> None:
    gc.disable()
    gc.set_threshold(700, 10, 10)
    timers = Timers()
    Collector(timers.set_timer).start()
    assert gc.isenabled()
    assert gc.get_threshold() == (700, 10, FULL_AFTER)
    assert len(timers.live()) == 1  # waiting for the first idle time


@pytest.mark.usefixtures("collector_state")
def test_each_input_starts_the_idle_wait_again(full_collections: list[int]) -> None:
    timers = Timers()
    collector = Collector(timers.set_timer)
    collector.start()
    gc.collect()
    full_collections.clear()
    middle_collections(DUE_AFTER)
    first = timers.live()[0]
    collector.input_seen()
    assert first.stopped and len(timers.live()) == 1
    assert full_collections == []  # an input never collects


@pytest.mark.usefixtures("collector_state")
def test_the_idle_wait_runs_a_full_collection_when_one_is_due(
        full_collections: list[int]) -> None:
    timers = Timers()
    collector = Collector(timers.set_timer)
    collector.start()
    gc.collect()
    full_collections.clear()
    middle_collections(DUE_AFTER - 1)
    timers.live()[0].callback()  # idle, but too little happened since the last one
    assert full_collections == [] and collector.idle_collections == 0
    collector.input_seen()
    middle_collections(1)
    timers.live()[0].callback()
    assert full_collections == [1] and collector.idle_collections == 1
    assert gc.get_count()[2] == 0


def test_inputs_before_start_arm_nothing() -> None:
    timers = Timers()
    Collector(timers.set_timer).input_seen()
    assert timers.made == []


@pytest.mark.usefixtures("collector_state")
async def test_the_app_runs_the_full_collection_once_keys_stop(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys reach the collector; once they stop, the app collects (the collector paused
    for start-up)."""
    monkeypatch.setattr(app_module, "COLLECTOR_PAUSE_MAX", 600.0)
    monkeypatch.setattr(collector_module, "IDLE", 0.05)
    app = WorkbenchApp(load_library(default_roots()), restore=UiState("erm", None),
                       autoplay=False, collector_paused=True)
    gc.disable()
    async with app.run_test(size=(120, 36)) as pilot:
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.topic is not None and app.collector.running)
        inputs: list[int] = []
        seen = app.collector.input_seen

        def counted() -> None:
            inputs.append(1)
            seen()

        monkeypatch.setattr(app.collector, "input_seen", counted)
        middle_collections(DUE_AFTER)
        before = app.collector.idle_collections
        await pilot.press("j")
        assert inputs
        await wait_until(pilot, lambda: app.collector.idle_collections > before)
