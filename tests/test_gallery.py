"""The demo gallery under the Pilot: one entry per demo, the cursor drives the pane, keys, jumps."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, OptionList

from app_waits import demo_laid_out, settle, wait_until
from workbench.content.loader import default_roots, load_library
from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import _DEMOS, all_demos, register
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.gallery import GalleryScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.reader import Reader
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")

LIBRARY = load_library(default_roots())


def make_app() -> WorkbenchApp:
    return WorkbenchApp(LIBRARY, restore=UiState(), autoplay=False)


async def open_gallery(pilot: Pilot) -> GalleryScreen:
    """Press `g` on the main screen once it shows its topic; return the gallery."""
    def shown() -> bool:
        readers = pilot.app.screen.query(Reader)
        return bool(readers) and readers.first().topic is not None
    await wait_until(pilot, shown)
    await pilot.press("g")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, GalleryScreen)
    return screen


async def wait_for_demo(pilot: Pilot, pane: DemoPane, demo_id: str) -> None:
    await wait_until(pilot, lambda: pane.demo is not None and pane.demo.id == demo_id,
                     what=f"the pane never ran {demo_id}")


async def test_g_lists_every_demo_and_the_cursor_drives_the_pane() -> None:
    app = make_app()
    demos = all_demos()
    async with app.run_test(size=(120, 36)) as pilot:
        gallery = await open_gallery(pilot)
        listing = gallery.query_one(OptionList)
        assert listing.has_focus
        assert [listing.get_option_at_index(i).id for i in range(listing.option_count)] == [
            cls.id for cls in demos]
        await wait_for_demo(pilot, gallery.pane, demos[0].id)
        await pilot.press("down", "down")
        await wait_for_demo(pilot, gallery.pane, demos[2].id)
        await pilot.press("up")
        await wait_for_demo(pilot, gallery.pane, demos[1].id)


async def test_pane_keys_work_from_the_list() -> None:
    app = make_app()
    ids = [cls.id for cls in all_demos()]
    async with app.run_test(size=(120, 36)) as pilot:
        gallery = await open_gallery(pilot)
        gallery.query_one(OptionList).highlighted = ids.index("l1_vs_l2")
        await wait_for_demo(pilot, gallery.pane, "l1_vs_l2")
        demo = gallery.pane.demo
        assert demo is not None and demo.values["rho"] == pytest.approx(0.5)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert demo.values["rho"] == pytest.approx(0.6)
        assert "ρ=0.6" in str(gallery.pane.query_one("#demo-params").render())
        before = gallery.pane.frames_drawn
        await pilot.press("full_stop")
        assert gallery.pane.frames_drawn == before + 1
        assert gallery.query_one(OptionList).has_focus


async def test_enter_opens_the_demos_topic_on_the_main_screen() -> None:
    app = make_app()
    ids = [cls.id for cls in all_demos()]
    async with app.run_test(size=(120, 36)) as pilot:
        gallery = await open_gallery(pilot)
        gallery.query_one(OptionList).highlighted = ids.index("saddle_points")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.topic is not None
                         and reader.topic.id == "saddle-points")
        assert isinstance(app.screen, MainScreen)
        assert reader.topic is not None and reader.topic.id == "saddle-points"
        side = app.screen.query_one("#side", DemoPane)  # follows once the reader rests
        await wait_until(pilot, lambda: side.demo is not None and side.demo.id == "saddle_points",
                         what="the side pane never ran the topic's demo")


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_close_the_gallery_only(key: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        reader = app.screen.query_one(Reader)
        gallery = await open_gallery(pilot)
        before = reader.topic
        gallery.query_one(OptionList).highlighted = 5
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot)
        assert app.is_running
        assert reader.topic is before


async def test_palette_offers_the_gallery_on_the_main_screen() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Demo gallery" in commands
        commands["Demo gallery"].callback()
        await settle(pilot)
        assert "Demo gallery" not in {c.title for c in app.get_system_commands(app.screen)}


@pytest.mark.parametrize(("size", "beside"), [((80, 24), False), ((200, 60), True)])
async def test_layout_list_above_when_narrow_beside_when_wide(
    size: tuple[int, int], beside: bool
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        gallery = await open_gallery(pilot)
        listing = gallery.query_one(OptionList).region
        pane = gallery.pane.region
        plot = gallery.pane.query_one("#demo-plot").region
        state = gallery.pane.query_one("#demo-state").region
        assert not listing.overlaps(pane)
        assert plot.height >= 8
        assert state.bottom <= pane.bottom  # the last line of the pane is not cut off
        if beside:
            assert listing.right <= pane.x and pane.width > 2 * listing.width
        else:
            assert listing.bottom <= pane.y and pane.height > 2 * listing.height


class Marked(Demo):
    """A demo whose texts look like markup and carry control characters."""

    id = "marked_gallery_test"
    title = "[bold]loud[/bold]\x1b[31m"
    takeaway = "[red]not red[/red]"
    topic = "no-such-topic"
    params = (Param("x", "x", "float", 1.0, 0.0, 2.0, 0.5),)

    def _setup(self) -> None:
        pass

    def _advance(self) -> Frame:
        return Frame(title="t", caption="c", series=(Series("line", np.arange(3.0), np.ones(3)),))


@pytest.fixture
def marked() -> Iterator[type[Demo]]:
    register(Marked)
    yield Marked
    _DEMOS.pop(Marked.id, None)


@pytest.mark.usefixtures("marked")
async def test_entries_are_plain_text_and_a_demo_without_topic_stays_put() -> None:
    app = make_app()
    ids = [cls.id for cls in all_demos()]
    async with app.run_test(size=(120, 36)) as pilot:
        gallery = await open_gallery(pilot)
        listing = gallery.query_one(OptionList)
        prompt = listing.get_option_at_index(ids.index(Marked.id)).prompt
        shown = str(prompt)
        assert "[bold]loud[/bold]" in shown and "[red]not red[/red]" in shown
        assert "\x1b" not in shown and "(no topic)" in shown
        listing.highlighted = ids.index(Marked.id)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is gallery  # nowhere to go: the gallery stays, with a notice


@pytest.mark.usefixtures("steady_demo_state")
def test_snapshot_gallery_after_fixed_steps(snap_compare: object) -> None:
    async def steps(pilot: Pilot) -> None:
        gallery = await open_gallery(pilot)
        index = [cls.id for cls in all_demos()].index("depth_vs_width")
        gallery.query_one(OptionList).highlighted = index
        await wait_for_demo(pilot, gallery.pane, "depth_vs_width")
        await wait_until(pilot, lambda: demo_laid_out(gallery.pane))
        await settle(pilot)
        for _ in range(12):
            gallery.pane.advance()
        await settle(pilot)

    assert snap_compare(  # type: ignore[operator]
        make_app(), terminal_size=(120, 36), run_before=steps)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_gallery_footer_fits_without_a_cut_key(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        gallery = await open_gallery(pilot)
        await settle(pilot)
        footer = gallery.query_one(Footer)
        keys = list(footer.query("*"))
        assert footer.virtual_size.width <= footer.size.width
        regions = sorted((key.region for key in keys if key.region.width), key=lambda r: r.x)
        assert len(regions) >= 5 and "Palette" in str(keys[-1].render())
        for region in regions:
            assert footer.region.contains_region(region)
        for left, right in zip(regions, regions[1:], strict=False):
            assert left.right <= right.x, "footer keys overlap"
