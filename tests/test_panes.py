"""One `.pane` rule: every bordered part of the main screen lights up while the focus is in it."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from study_app_fixture import wait_until
from workbench.content.loader import default_roots, load_library
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.reader import Reader
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")


async def test_the_focused_pane_alone_has_the_highlighted_border() -> None:
    app = WorkbenchApp(load_library(default_roots()), restore=UiState("erm", "erm/why-empirical"),
                       autoplay=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.query_one(Reader).topic is not None)
        panes = {pane.id: pane for pane in app.screen.query(".pane")}
        assert {"tree", "reader", "side"} <= set(panes)
        shown = [pane for pane in panes.values() if pane.display]
        for name in ("tree", "reader", "side"):
            panes[name].focus()
            await pilot.pause()
            lit = panes[name].styles.border_top
            assert [p.id for p in shown if p.styles.border_top == lit] == [name]

        await pilot.press("slash", *"loss")  # the results list comes with a query
        results = app.screen.query_one("#search-results", OptionList)
        await wait_until(pilot, lambda: results.option_count > 0)
        await pilot.press("down")
        await wait_until(pilot, lambda: results.has_focus)
        assert results.has_class("pane") and results.styles.border_top == lit
        assert panes["side"].styles.border_top != lit
