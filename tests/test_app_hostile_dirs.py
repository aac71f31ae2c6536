"""The app with unusable user dirs: it opens read-only, searches in memory, keeps defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from app_notices import recording
from app_waits import wait_until
from workbench.content.loader import default_roots, load_library
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens import main as main_screen
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.tui.widgets.topic_tree import TopicTree
from workbench.ui_state import UiState, save_ui_state


@pytest.fixture
def files_in_the_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home where `data`, `cache` and `config` are files, not folders."""
    for name in ("data", "cache", "config"):
        (tmp_path / name).write_text("not a folder", "utf-8")
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    return tmp_path


async def test_app_opens_read_only_with_a_banner(
    files_in_the_way: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved: list[UiState] = []

    def save(state: UiState) -> None:
        saved.append(state)
        save_ui_state(state)  # the real one, which finds no config dir

    monkeypatch.setattr(main_screen, "save_ui_state", save)
    app = WorkbenchApp(load_library(default_roots()), restore=None, autoplay=None)
    told = recording(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: any(banner.region.height
                                            for banner in app.screen.query("#read-only")),
                         timeout=30)
        banner = app.screen.query_one("#read-only", Static)
        assert str(banner.render()) == (
            f"Read-only: cannot use data folder {files_in_the_way / 'data'}: it is a file, "
            "not a folder. Progress will not be saved.")
        assert banner.region.height >= 1 and banner.region.y == 1  # right under the header
        assert not any("Study mode is off" in m for m in told)
        assert any("cannot use config folder" in m and "will not be remembered" in m
                   for m in told)

        await pilot.press("s")  # study: says why instead of crashing
        await wait_until(pilot, lambda: any("Study mode is unavailable" in m
                                            for m in told), timeout=30)
        assert any(f"cannot use data folder {files_in_the_way / 'data'}" in m
                   for m in told if "Study mode is unavailable" in m)

        panel = app.screen.query_one(SearchPanel)  # search: an index in memory
        await wait_until(pilot, lambda: panel.index is not None, timeout=60)
        assert panel.index is not None and panel.index.root is None
        assert panel.index.search("attention").hits
        await wait_until(pilot, lambda: any("in memory" in m for m in told))
        assert any("in memory" in m for m in told)

        app.screen.query_one(TopicTree).focus()
        await pilot.press("j", "j")  # moving saves the place later; no config dir, no crash
        await wait_until(pilot, lambda: bool(saved))
        await pilot.pause()
        assert saved and app.is_running
    assert (files_in_the_way / "config").read_text("utf-8") == "not a folder"


async def test_config_problems_are_notified_and_defaults_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    (tmp_path / "config").mkdir()
    config = tmp_path / "config" / "config.toml"
    config.write_text("# settings\nautoplay = \n", "utf-8")
    app = WorkbenchApp(load_library(default_roots()), restore=UiState(), autoplay=None)
    told = recording(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: bool(told))
        assert app.autoplay is True
        assert f"{config}:2: not valid TOML: Invalid value (column 12); using default settings" \
            in told
        assert not app.screen.query("#read-only")
