"""The collector policy: full collections wait for the learner to be idle (`tui.collector`)."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from app_waits import wait_until
from workbench.content.loader import default_roots, load_library
from workbench.tui import app as app_module
from workbench.tui import collector as collector_module
from workbench.tui.app import WorkbenchApp
from workbench.tui.collector import DUE_AFTER, IDLE, MAX_WAIT, NEVER, QUIET, Collector
from workbench.tui.widgets.reader import Reader
from workbench.ui_state import UiState


class FakeTimer:
    def __init__(self, delay: float, callback: Callable[[], None]) -> None:
        self.delay, self.callback, self.stopped = delay, callback, False

    def stop(self) -> None:
        self.stopped = True


class Timers:
    """Timers (and after-frame callbacks) that fire when the test says so."""

    def __init__(self) -> None:
        self.made: list[FakeTimer] = []
        self.now = 100.0

    def clock(self) -> float:
        return self.now

    def collector(self) -> Collector:
        return Collector(self.set_timer, self.clock)

    def set_timer(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        self.made.append(FakeTimer(delay, callback))
        return self.made[-1]

    def live(self) -> list[FakeTimer]:
        return [timer for timer in self.made if not timer.stopped]

    def fire(self, delay: float = IDLE) -> None:
        """The time of the one live timer of `delay` has come."""
        (timer,) = [timer for timer in self.live() if timer.delay == delay]
        self.now += delay
        timer.stopped = True
        timer.callback()


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
async def test_start_enables_the_collector_without_full_collections_of_its_own() -> None:
    gc.disable()
    gc.set_threshold(700, 10, 10)
    timers = Timers()
    collector = timers.collector()
    collector.start()
    try:
        assert gc.isenabled()
        assert gc.get_threshold() == (700, 10, NEVER)
        assert len(timers.live()) == 1  # waiting for the first idle time
    finally:
        collector.stop()
    assert timers.live() == []


@pytest.fixture
async def collector(collector_state: None) -> AsyncIterator[tuple[Collector, Timers]]:
    """A started collector on fake timers, with start-up's collection done."""
    timers = Timers()
    collector = timers.collector()
    collector.start()
    timers.fire()
    yield collector, timers
    collector.stop()
    assert gc.get_freeze_count() == 0


async def test_each_input_starts_the_idle_wait_again(collector: tuple[Collector, Timers],
                                               full_collections: list[int]) -> None:
    policy, timers = collector
    full_collections.clear()
    middle_collections(DUE_AFTER)
    first = timers.live()[0]
    policy.input_seen()
    assert first.stopped and len(timers.live()) == 1
    assert full_collections == []  # an input never collects


async def test_the_idle_wait_collects_and_freezes_when_due(collector: tuple[Collector, Timers],
                                                     full_collections: list[int]) -> None:
    policy, timers = collector
    assert policy.idle_collections == 1 and gc.get_freeze_count() > 0
    full_collections.clear()
    middle_collections(DUE_AFTER - 1)
    timers.fire()  # idle, but too little happened since the last one
    assert full_collections == [] and policy.idle_collections == 1
    middle_collections(1)
    timers.fire()  # still idle: the wait went on
    assert full_collections == [1] and policy.idle_collections == 2
    timers.fire()
    assert full_collections == [1]  # nothing due since
    assert len(timers.live()) == 1


async def test_garbage_among_frozen_objects_goes_at_the_next_idle_collection(
        collector: tuple[Collector, Timers]) -> None:
    policy, timers = collector

    class Node:
        def __init__(self) -> None:
            self.me = self

    node = Node()
    policy.input_seen()  # a key: start again, with `node` in the heap
    middle_collections(DUE_AFTER)
    timers.fire()
    assert gc.is_tracked(node) and node not in gc.get_objects()  # frozen
    probe = weakref.ref(node)
    del node
    gc.collect()
    assert probe() is not None  # a full collection by Python leaves frozen cycles
    middle_collections(DUE_AFTER)
    timers.fire()
    assert probe() is None


def test_inputs_before_start_arm_nothing() -> None:
    timers = Timers()
    timers.collector().input_seen()
    assert timers.made == []


async def test_between_idle_times_what_is_not_frozen_is_collected_in_a_pause(
        collector: tuple[Collector, Timers], full_collections: list[int]) -> None:
    """Keys keep coming: the collections Python would make wait for a pause between keys
    (a key's frame is painted by then), and walk only what was made since the last idle
    time; garbage does not pile up meanwhile."""
    policy, timers = collector
    frozen = gc.get_freeze_count()
    full_collections.clear()
    middle_collections(DUE_AFTER)
    await asyncio.sleep(0)  # asked from the collector's callback, thread-safely
    assert full_collections == []
    policy.input_seen()  # a key, just now
    timers.now -= QUIET
    timers.fire(QUIET)
    assert full_collections == []  # not while keys come
    timers.now += QUIET / 2
    timers.fire(QUIET)  # a pause
    assert full_collections == [1] and policy.young_collections == 1
    assert gc.get_freeze_count() == frozen  # the frozen heap was not walked


async def test_a_due_collection_waits_for_a_pause_only_so_long(
        collector: tuple[Collector, Timers], full_collections: list[int]) -> None:
    policy, timers = collector
    full_collections.clear()
    middle_collections(DUE_AFTER)
    await asyncio.sleep(0)
    waited = 0.0
    while not full_collections:
        policy.input_seen()  # keys keep coming
        timers.fire(QUIET)
        waited += QUIET
        assert waited <= MAX_WAIT + 2 * QUIET
    assert waited >= MAX_WAIT


@pytest.mark.usefixtures("collector_state")
async def test_the_app_runs_the_full_collection_once_keys_stop(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys reach the collector; once they stop, the app collects everything (the
    collector paused for start-up), and what is not frozen when collections are due."""
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
        monkeypatch.setattr(collector_module, "IDLE", 600.0)
        await pilot.press("j")  # busy from now on: no idle collection
        young = app.collector.young_collections
        middle_collections(DUE_AFTER)  # as allocations between keys would
        await wait_until(pilot, lambda: app.collector.young_collections > young)
