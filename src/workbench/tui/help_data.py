"""The help screen's sections: which screen or widget each lists, in order, and the prose rows
that are not keys (search syntax, tree marks). The keys themselves come from the bindings."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.screen import Screen

from workbench.tui.keys import Section
from workbench.tui.screens.gallery import GalleryScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.import_notes import ImportPrompt, ImportReportView, ImportRunning
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.note_editor import NoteEditor
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.stats import StatsScreen
from workbench.tui.screens.study_keys import StudyKeysScreen
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.tui.widgets.topic_tree import TopicTree

SEARCH_SYNTAX = ("syntax", '"a phrase"  prefix*  -word  difficulty:H  tag:...  chapter:...')
TREE_MARKS = ("tree marks", "· new  ● due  ◐ learning  ✓ learned  ★ bookmarked")


def sections(app: type[DOMNode]) -> list[Section]:
    """Every section of help, `app`'s own keys (and every screen's) first."""
    return [
        Section("Anywhere", (app, Screen)),
        Section("Main screen", (MainScreen,)),
        Section("Search", (SearchPanel,), (SEARCH_SYNTAX,)),
        Section("Topic tree", (TopicTree,)),
        Section("Reader", (Reader,)),
        Section("Demo pane (tab to it)", (DemoPane,)),
        Section("Study (main screen)", (StudyKeysScreen,), (TREE_MARKS,)),
        Section("Review screen", (ReviewScreen,)),
        Section("Note editor", (NoteEditor,)),
        Section("Statistics screen", (StatsScreen,)),
        Section("Demo gallery", (GalleryScreen,)),
        Section("Import notes", (ImportPrompt, ImportRunning, ImportReportView)),
        Section("This help", (HelpScreen,)),
    ]
