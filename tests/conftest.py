"""Shared fixtures: every test runs with its own private user dirs."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from fake_clock import FakeClock
from workbench.study.store import Store


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point WORKBENCH_HOME at a fresh folder so no test touches the real user dirs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def fixed_global_random() -> None:
    """fsrs fuzzes intervals with the global `random`; seed it so every run shows the same."""
    random.seed(0)


@pytest.fixture
def clock() -> FakeClock:
    """A study clock the test moves by hand."""
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    """A progress store in the test's own folder, on the fake clock."""
    with Store.open(tmp_path / "progress.sqlite3", clock=clock) as opened:
        yield opened
