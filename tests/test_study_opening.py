"""The progress store opens in a thread once the first screen is up: the first paint waits
for no database (nor for FSRS to load), and a study key pressed before it is open says so."""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

import pytest

import workbench.study
from app_notices import recording
from app_waits import settle, wait_until
from study_app_fixture import make_library
from workbench.study import Store
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.reader import Reader
from workbench.ui_state import UiState


def watch_store_opening(monkeypatch: pytest.MonkeyPatch,
                        gate: threading.Event | None = None) -> list[threading.Thread]:
    """Record the thread each `Store.open` runs on (held until `gate` is set, if given)."""
    threads: list[threading.Thread] = []
    real_open = Store.open

    def open_store(cls: type[Store], *args: Any, **kwargs: Any) -> Store:
        threads.append(threading.current_thread())
        if gate is not None:
            gate.wait(30)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Store, "open", classmethod(open_store))
    return threads


async def test_the_store_opens_off_the_ui_thread_and_then_shows_the_marks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    library = make_library()
    question = next(library.questions())
    with Store.open() as store:  # the learner's store, as a last session left it
        store.set_bookmark(question.id, True)
    threads = watch_store_opening(monkeypatch)
    app = WorkbenchApp(library, restore=UiState(question_id=question.id), autoplay=False)
    assert app.study.opening and not threads  # making the app opens nothing
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.study.store is not None)
        assert threads and threading.main_thread() not in threads
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: question.id in reader.bookmarks)
        await settle(pilot)


async def test_a_study_key_before_the_store_is_open_says_so_and_works_after(
        monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    threads = watch_store_opening(monkeypatch, gate)
    app = WorkbenchApp(make_library(), restore=UiState(), autoplay=False)
    told = recording(app)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: bool(threads))  # opening, held at the gate
            await pilot.press("s")
            await wait_until(pilot, lambda: any("still opening" in m for m in told))
            assert not isinstance(app.screen, ReviewScreen)
            gate.set()
            await wait_until(pilot, lambda: app.study.store is not None)
            await pilot.press("s")
            await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
            assert not any("busy" in m for m in told)  # nobody held the lock
    finally:
        gate.set()


def test_every_name_the_study_package_exports_loads_on_first_use() -> None:
    for name in workbench.study.__all__:
        assert getattr(workbench.study, name) is not None
    with pytest.raises(AttributeError):
        _ = workbench.study.NoSuchThing


def test_naming_a_store_error_does_not_load_fsrs_the_store_or_sqlite() -> None:
    code = ("import sys\nfrom workbench.study import StoreError\n"
            "from workbench.study.errors import INTERACTIVE_BUDGET_S\n"
            "from workbench.study.states import DUE\n"
            "print(sorted(m for m in ('fsrs', 'workbench.study.store', 'workbench.study.session',"
            " 'workbench.study.db', 'sqlite3') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
