"""SVG snapshots of the review screen (answer hidden, revealed) and the stats screen.

Deterministic: a fixed clock and library, UTC as local time, a seeded `random` for FSRS fuzz.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from app_waits import settle
from study_app_fixture import FakeClock, make_app, make_library, seed_history
from workbench.study import Store

pytestmark = pytest.mark.usefixtures("prebuilt_index")


@pytest.fixture(autouse=True)
def utc_and_seeded(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC and the scheduler's fuzz draws the same numbers on every run."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    random.seed(7)
    yield
    monkeypatch.undo()
    time.tzset()


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys, letting every screen switch and store call a key starts finish first."""
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def test_review_question_hidden(snap_compare, store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        await press(pilot, "s")

    assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=run_before)


def test_review_answer_revealed(snap_compare, store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        await press(pilot, "s", "space", "3", "space")

    assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=run_before)


def test_stats_screen(snap_compare, store: Store, clock: FakeClock) -> None:
    library = make_library()
    seed_history(store, clock, library, days=120)

    async def run_before(pilot: Pilot) -> None:
        await press(pilot, "S")

    assert snap_compare(make_app(store, library), terminal_size=(120, 36),
                        run_before=run_before)
