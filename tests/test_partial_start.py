"""Start-up with a big notes folder: the app opens on the first root (the bundled notes) and
loads the rest in a worker once the restored topic is on screen (`tui.run`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app_notices import recording
from app_waits import wait_until
from test_notes_watch_app import TOPIC
from workbench.content.loader import default_roots, load_library
from workbench.tui.app import WorkbenchApp
from workbench.tui.run import _first_library
from workbench.tui.widgets.reader import Reader
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.tui.widgets.topic_tree import TopicTree
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")


def notes_folder(tmp_path: Path) -> Path:
    content = tmp_path / "mine"
    (content / "01-extra").mkdir(parents=True)
    (content / "01-extra" / "01-zebra.md").write_text(TOPIC.format(answer="Camouflage."))
    return content


def test_the_first_library_is_the_first_root_unless_the_place_to_restore_is_elsewhere(
    tmp_path: Path,
) -> None:
    roots = default_roots([notes_folder(tmp_path)])
    first, partial = _first_library(roots, UiState("erm", None))
    assert partial and first.topic("erm") is not None and first.topic("zebra") is None
    assert _first_library(roots, UiState(None, None))[1]
    whole, partial = _first_library(roots, UiState("zebra", "zebra/why"))
    assert not partial and whole.topic("zebra") is not None


async def test_the_rest_of_the_notes_arrive_after_the_first_screen_and_are_indexed(
    tmp_path: Path,
) -> None:
    roots = default_roots([notes_folder(tmp_path)])
    first = load_library(roots[:1])
    app = WorkbenchApp(first, restore=UiState("erm", None), autoplay=False, roots=roots,
                       watch_interval=0.05, partial=True)
    messages = recording(app)
    async with app.run_test(size=(140, 40)) as pilot:
        reader = app.screen.query_one(Reader)
        tree = app.screen.query_one(TopicTree)
        panel = app.screen.query_one(SearchPanel)
        await wait_until(pilot, lambda: reader.topic is not None)
        erm = reader.topic
        await wait_until(pilot, lambda: tree.node_for("zebra") is not None)
        assert app.library.topic("zebra") is not None
        assert app.library.topic("erm") is erm  # the open topic is kept, not drawn again
        assert reader.topic is erm
        # the index may open on the first library and add the rest once it is in
        await wait_until(pilot, lambda: panel.index is not None and any(
            hit.topic_id == "zebra" for hit in panel.index.search("camouflage").hits))
        assert not any("reloaded" in told for told in messages)  # loading is not a change
