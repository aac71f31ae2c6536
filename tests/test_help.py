"""Help is generated from the bindings: every screen and widget that binds a key has a section,
every binding of ours has an id, a footer label and a help line, and help shows each one."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import re

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import Static

import workbench.tui
from workbench.content.loader import default_roots, load_library
from workbench.tui.app import WorkbenchApp
from workbench.tui.help_data import sections
from workbench.tui.keys import effective_keys, key_label, key_rows, owners_of
from workbench.tui.screens.help import ID_WIDTH, HelpScreen
from workbench.tui.widgets.topic_tree import TopicTree
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")

ID = re.compile(r"^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$")


def classes_with_bindings() -> list[type[DOMNode]]:
    """Every screen or widget class defined under workbench.tui that declares BINDINGS."""
    found: list[type[DOMNode]] = []
    for info in pkgutil.walk_packages(workbench.tui.__path__, prefix="workbench.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, DOMNode) and cls.__module__ == module.__name__
                    and "BINDINGS" in cls.__dict__):
                found.append(cls)
    return found


def make_app() -> WorkbenchApp:
    return WorkbenchApp(load_library(default_roots()), restore=UiState(), autoplay=False)


def own_bindings(owner: type[DOMNode]) -> list[Binding]:
    bindings = owner.__dict__["BINDINGS"]
    assert all(isinstance(b, Binding) for b in bindings), f"{owner.__name__}: use Binding(...)"
    return list(bindings)


def test_the_walk_finds_the_screens_and_widgets() -> None:
    names = {cls.__name__ for cls in classes_with_bindings()}
    assert {"WorkbenchApp", "MainScreen", "ReviewScreen", "GalleryScreen", "DemoPane",
            "TopicTree", "HelpScreen"} <= names


@pytest.mark.parametrize("owner", classes_with_bindings(), ids=lambda cls: cls.__name__)
def test_every_class_with_keys_has_a_help_section(owner: type[DOMNode]) -> None:
    assert owner in owners_of(sections(WorkbenchApp)), \
        f"{owner.__name__} binds keys but help_data.sections() does not list it"


@pytest.mark.parametrize("owner", classes_with_bindings(), ids=lambda cls: cls.__name__)
def test_every_binding_has_an_id_a_label_and_a_help_line(owner: type[DOMNode]) -> None:
    for binding in own_bindings(owner):
        assert binding.id and ID.match(binding.id), f"{owner.__name__} {binding.key}: id"
        assert len(binding.id) <= ID_WIDTH, f"{binding.id}: longer than help's id column"
        assert binding.description, f"{binding.id}: no description (footer label)"
        assert binding.tooltip, f"{binding.id}: no tooltip (help line)"


def test_binding_ids_are_unique_except_where_a_key_is_forwarded() -> None:
    """An id names one thing: the same id twice must be the same action (the gallery
    forwards the demo pane's keys under the pane's ids, so one keymap line moves both)."""
    seen: dict[str, tuple[str, str]] = {}
    for owner in classes_with_bindings():
        for binding in own_bindings(owner):
            assert binding.id is not None
            what = (binding.key, binding.action.removeprefix("forward(").strip("')\""))
            assert seen.setdefault(binding.id, what) == what, binding.id


def test_rows_merge_our_keys_with_textuals_for_one_action() -> None:
    owners = owners_of(sections(WorkbenchApp))
    rows = {row.action: row for row in key_rows(TopicTree, owners, {})}
    assert rows["cursor_down"].keys == ["j", "down"]
    assert rows["cursor_down"].binding_id == "tree.down"
    assert rows["select_cursor"].keys == ["enter"]  # Textual's own, listed too
    quit_row = next(r for r in key_rows(WorkbenchApp, owners, {}) if r.action == "quit")
    assert quit_row.keys == ["q", "ctrl+q"]


def rendered_help(app: WorkbenchApp) -> str:
    """The help screen's key table as plain text."""
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    console = Console(width=160, record=True, file=io.StringIO())
    for static in screen.query(Static):
        console.print(static.content)
    return console.export_text()


async def open_help(pilot: Pilot) -> str:
    await pilot.press("question_mark")
    await pilot.pause()
    return rendered_help(pilot.app)  # type: ignore[arg-type]


async def test_help_shows_every_binding_with_its_key_and_id() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = await open_help(pilot)
        lines = text.splitlines()
        for owner in classes_with_bindings():
            for binding in own_bindings(owner):
                assert binding.id is not None
                row = next((line for line in lines if line.rstrip().endswith(binding.id)), None)
                assert row is not None, f"{binding.id} not in help"
                for key in effective_keys(binding, {}):
                    assert key_label(key) in row.split(), f"{binding.id}: {key} not shown"
                assert binding.tooltip[:30] in " ".join(row.split()), binding.id
        assert "tree marks" in text and "prefix*" in text  # the prose rows stay


async def test_escape_q_and_question_mark_close_help() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("escape", "q", "question_mark"):
            await open_help(pilot)
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen), key


async def test_the_sections_of_the_focused_widget_and_screen_come_first() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.focused, TopicTree)
        titles = [line.split("  ")[0] for line in (await open_help(pilot)).splitlines()
                  if line.rstrip().endswith("(here)")]
        assert titles == ["Anywhere", "Main screen", "Topic tree", "Study (main screen)"]
