"""Shared fixtures: every test runs with its own private user dirs."""

from __future__ import annotations

import random
import shutil
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


@pytest.fixture
def steady_demo_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """For snapshots: the demo pane's state line says 'slow steps' by the measured step
    time, so a loaded machine (tests in parallel) must not change the picture."""
    from workbench.tui.widgets import demo_pane

    monkeypatch.setattr(demo_pane, "SLOW_MS", float("inf"))


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search index of the bundled notes, built once per test process."""
    from workbench.content.loader import load_library
    from workbench.paths import bundled_content_dir
    from workbench.search.index import SearchIndex

    root = tmp_path_factory.mktemp("bundled-index") / "index"
    SearchIndex.open(load_library([bundled_content_dir()]), {}, root=root).close()
    return root


@pytest.fixture
def prebuilt_index(private_home: Path, bundled_index: Path) -> None:
    """Start the app with the bundled notes already indexed, as a returning learner does.

    Building the index takes about two seconds of CPU in a worker thread; without this every
    app test pays it, and waits for it (or leaves it running into the next test).
    """
    from workbench.search.index import default_root

    shutil.copytree(bundled_index, default_root())
