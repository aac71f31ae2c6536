"""The help screen lists every key the app binds itself (Textual's own defaults aside)."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from workbench.tui.app import WorkbenchApp
from workbench.tui.help_data import HELP
from workbench.tui.screens.gallery import GalleryScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.note_editor import NoteEditor
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.stats import StatsScreen
from workbench.tui.screens.study_keys import StudyKeysScreen
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.tui.widgets.topic_tree import TopicTree

pytestmark = pytest.mark.usefixtures("prebuilt_index")

SHOWN_AS = {
    "question_mark": "?", "slash": "/", "full_stop": ".", "left_square_bracket": "[",
    "right_square_bracket": "]", "left_curly_bracket": "{", "right_curly_bracket": "}",
    "less_than_sign": "<", "greater_than_sign": ">",
}
OURS = [WorkbenchApp, MainScreen, StudyKeysScreen, ReviewScreen, StatsScreen, GalleryScreen,
        NoteEditor, HelpScreen, DemoPane, SearchPanel, TopicTree, Reader]


def help_keys() -> set[str]:
    keys: set[str] = set()
    for _, rows in HELP:
        for key, _ in rows:
            keys.update(part for part in key.replace(",", " ").split() if part != "/")
            if "/" in key.split():
                keys.add("/")
    return keys


@pytest.mark.parametrize("owner", OURS, ids=lambda cls: cls.__name__)
def test_every_own_binding_is_in_help(owner: type) -> None:
    listed = help_keys()
    for binding in owner.__dict__.get("BINDINGS", []):
        assert isinstance(binding, Binding)
        for key in binding.key.split(","):
            assert SHOWN_AS.get(key, key) in listed, f"{owner.__name__}: '{key}' not in help"
