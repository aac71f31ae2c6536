"""The demo's first frame, saved at exit and shown in the next start's first paint."""

from __future__ import annotations

import json

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from app_waits import wait_until
from demo_import_gate import DemoImportGate
from workbench.content.loader import default_roots, load_library
from workbench.paths import cache_dir
from workbench.tui import demo_snapshot
from workbench.tui.app import WorkbenchApp
from workbench.tui.demo_snapshot import (
    SNAPSHOT_FILE,
    DemoSnapshot,
    load_snapshot,
    save_snapshot,
    snapshot_key,
)
from workbench.tui.widgets.demo_pane import DemoPane
from workbench.tui.widgets.plot_snapshot import PlotSnapshot
from workbench.ui_state import UiState

pytestmark = pytest.mark.usefixtures("prebuilt_index")

DEMO = "active_learning"
TOPIC = "learning-paradigms"


def a_snapshot(demo_id: str = DEMO, theme: str = "textual-dark") -> DemoSnapshot:
    key = snapshot_key(demo_id, theme)
    assert key is not None
    red = Style.parse("bold #ff0000 on #101010")
    plot = (Strip([Segment(" 1┤", red), Segment("▚▄  ", Style(color="blue"))]),
            Strip([Segment("  └┬───", None)]))
    caption = Text("2 labels: ", no_wrap=True, overflow="ellipsis")
    caption.append("chosen", style="italic green")
    return DemoSnapshot(key, (7, 2), plot, {"demo-caption": caption,
                                            "demo-title": Text("Demo: x")}, ("-can-predict",))


def test_a_saved_snapshot_reads_back_the_same() -> None:
    saved = a_snapshot()
    save_snapshot(saved)
    loaded = load_snapshot(DEMO, "textual-dark")
    assert loaded is not None
    assert loaded.key == saved.key and loaded.size == saved.size
    assert loaded.classes == ("-can-predict",)
    assert [list(strip) for strip in loaded.plot] == [list(strip) for strip in saved.plot]
    caption = loaded.texts["demo-caption"]
    assert caption.plain == "2 labels: chosen" and caption.no_wrap
    assert [(s.start, s.end, s.style) for s in caption.spans] == [
        (10, 16, Style.parse("italic green"))]


@pytest.mark.parametrize("demo_id, theme", [("bias_variance", "textual-dark"),
                                            (DEMO, "textual-light")])
def test_another_demo_or_theme_finds_nothing(demo_id: str, theme: str) -> None:
    save_snapshot(a_snapshot())
    assert load_snapshot(demo_id, theme) is None


def test_a_change_to_the_demo_code_makes_the_snapshot_stale(
        monkeypatch: pytest.MonkeyPatch) -> None:
    save_snapshot(a_snapshot())
    real = demo_snapshot.snapshot_key

    def changed(demo_id: str, theme: str) -> tuple[str, str, str] | None:
        key = real(demo_id, theme)
        return None if key is None else (key[0], key[1], key[2] + " edited")

    monkeypatch.setattr(demo_snapshot, "snapshot_key", changed)
    assert load_snapshot(DEMO, "textual-dark") is None


def test_no_module_of_that_name_has_no_key() -> None:
    assert snapshot_key("no_such_demo", "textual-dark") is None
    assert snapshot_key("../etc", "textual-dark") is None


def test_a_damaged_file_is_ignored_and_control_characters_never_come_back() -> None:
    save_snapshot(a_snapshot())
    path = cache_dir() / SNAPSHOT_FILE
    data = json.loads(path.read_text("utf-8"))
    data["plot"][0][0][0] = "\x1b[2J\x07 1┤"
    data["texts"]["demo-title"]["plain"] = "Demo\x1b]0;owned\x07"
    path.write_text(json.dumps(data), "utf-8")
    loaded = load_snapshot(DEMO, "textual-dark")
    assert loaded is not None
    assert "\x1b" not in loaded.plot[0].text and "\x07" not in loaded.plot[0].text
    assert "\x1b" not in loaded.texts["demo-title"].plain
    data["plot"][0][0][1] = "bold not-a-colour"
    path.write_text(json.dumps(data), "utf-8")
    assert load_snapshot(DEMO, "textual-dark") is None
    path.write_text("{not json", "utf-8")
    assert load_snapshot(DEMO, "textual-dark") is None


async def test_the_first_frame_is_saved_at_exit_and_shown_until_the_demo_runs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """First run: the demo's first frame is kept and saved when the app exits. Second run,
    with the demo's import held back: the pane shows that frame in the first paint (plot
    lines included), and hands its place to the live plot once the demo runs."""
    library = load_library(default_roots())
    app = WorkbenchApp(library, restore=UiState(TOPIC, None))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(DemoPane)
        await wait_until(pilot, lambda: pane.first_frame is not None)
        first = pane.first_frame
    assert first is not None and first.key[0] == DEMO
    saved = load_snapshot(DEMO, app.theme)
    assert saved is not None and saved.size == first.size
    assert [strip.text for strip in saved.plot] == [strip.text for strip in first.plot]
    assert any("┤" in strip.text for strip in saved.plot)

    gate = DemoImportGate(monkeypatch)
    app = WorkbenchApp(library, restore=UiState(TOPIC, None))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(DemoPane)
        await wait_until(pilot, lambda: pane.importing)
        snapshot = pane.query_one(PlotSnapshot)  # mounted after the reader's first paint
        await wait_until(pilot, lambda: snapshot.size == saved.size)
        assert snapshot.display and snapshot.size == saved.size
        assert [snapshot.render_line(y).text for y in range(saved.size[1])] == [
            strip.text for strip in saved.plot]
        assert not pane.query("#demo-plot")
        gate.open()
        await wait_until(pilot, lambda: pane.demo is not None and bool(pane.query("#demo-plot")))
        assert not snapshot.display
