"""Pilot test: while the index is built the search box says how far it is, and search
answers from the questions indexed so far."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input

from search_fixture import write_notes
from study_app_fixture import wait_until
from workbench.content.loader import default_roots, load_library
from workbench.search import index as search_index
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.search_panel import SearchPanel
from workbench.ui_state import UiState

TOPICS, PER_TOPIC = 40, 25


def big_notes(root: Path) -> Path:
    files = {}
    for t in range(TOPICS):
        body = "\n".join(f"## [E] Why does numbat {t}-{n} dig? {{#q{n}}}\n\nBurrows {n}.\n"
                         for n in range(PER_TOPIC))
        files[f"01-numbats/{t:02d}-n{t}.md"] = (
            f'+++\nid = "numbat-{t}"\ntitle = "Numbats {t}"\ndifficulty = "E"\n+++\n\n{body}')
    return write_notes(root, files)


def status(app: WorkbenchApp) -> str:
    return str(app.screen.query_one("#search-status").render())


async def test_box_says_how_far_indexing_is_and_search_answers_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = load_library([*default_roots(), big_notes(tmp_path / "notes")])
    total = len(list(library.questions()))
    halfway = total // 2 + 100  # past the first part, which is searchable on its own
    # The build waits halfway until the test has looked (else it may finish first).
    looked = threading.Event()
    count = search_index._Counter.add

    def add(counter: search_index._Counter, questions: int) -> None:
        count(counter, questions)
        if counter.done >= halfway:
            looked.wait(timeout=60)

    monkeypatch.setattr(search_index._Counter, "add", add)
    app = WorkbenchApp(library, restore=UiState(), autoplay=False)
    async with app.run_test(size=(140, 40)) as pilot:
        panel = app.screen.query_one(SearchPanel)
        await pilot.press("slash", *"numbat")
        try:
            await wait_until(pilot, lambda: panel.indexing is not None
                             and panel.indexing[0] >= halfway, timeout=60)
            # The first part answers before the build is done, and the box says how far.
            await wait_until(pilot, lambda: panel.results is not None
                             and bool(panel.results.hits), timeout=30)
            done = panel.indexing[0]
            assert f"indexing {done:,} / {total:,}" in status(app)
            assert app.screen.query_one(Input).placeholder.endswith(
                f"indexing {done:,} / {total:,}")
            assert panel.index is not None
            assert 0 < len(panel.index.search("numbat", limit=1000).hits) < TOPICS * PER_TOPIC
        finally:
            looked.set()
        await wait_until(pilot, lambda: panel.indexing is None
                         and "indexing" not in status(app), timeout=60)
        assert app.screen.query_one(Input).placeholder == "/ search"
        assert panel.index is not None and panel.index.stats.documents == total
        assert len(panel.index.search("numbat", limit=1000).hits) == TOPICS * PER_TOPIC
        assert panel.results is not None and len(panel.results.hits) == 30
