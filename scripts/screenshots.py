"""Regenerate screenshots/ from the real app, driven headless by the Pilot.

Usage: python scripts/screenshots.py [--png]   (--png also writes PNGs, needs cairosvg)
Runs with a private WORKBENCH_HOME so the user's progress and state are untouched.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

OUT = Path(__file__).resolve().parents[1] / "screenshots"

Steps = Callable[[Pilot], Awaitable[None]]


async def _shoot(name: str, size: tuple[int, int], steps: Steps, png: bool,
                 autoplay: bool | None = None) -> None:
    from workbench.content.loader import default_roots, load_library
    from workbench.tui.app import WorkbenchApp
    from workbench.ui_state import UiState

    app = WorkbenchApp(load_library(default_roots()), restore=UiState(), autoplay=autoplay)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await steps(pilot)
        await pilot.pause(0.3)
        svg = app.export_screenshot(title=f"workbench — {name}")
    path = OUT / f"{name}.svg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg, "utf-8")
    if png:
        import cairosvg

        cairosvg.svg2png(bytestring=svg.encode(), write_to=str(path.with_suffix(".png")))
    print(f"wrote {path}")


async def _erm(pilot: Pilot) -> None:
    await _open(pilot, "erm/why-empirical")


async def _open(pilot: Pilot, node_id: str) -> None:
    from workbench.tui.app import WorkbenchApp

    app = pilot.app
    assert isinstance(app, WorkbenchApp)
    app.open_node(node_id)
    await pilot.pause(0.3)


async def _search(pilot: Pilot) -> None:
    await pilot.press("slash", *"why l1 sparse")
    await pilot.pause(1.0)
    await pilot.press("enter")


async def _review(pilot: Pilot) -> None:
    await pilot.press("s")
    await pilot.pause(0.3)
    await pilot.press("space")


async def _stats(pilot: Pilot) -> None:
    """Grade a few cards first, so the plots have something to show."""
    await pilot.press("s")
    for grade in "3413":
        await pilot.pause(0.2)
        await pilot.press("space", grade)
    await pilot.press("escape")
    await pilot.pause(0.2)
    await pilot.press("S")


async def _help(pilot: Pilot) -> None:
    await pilot.press("question_mark")


async def _nothing(pilot: Pilot) -> None:
    return None


def _midway(demo_id: str, limit: int = 120) -> int:
    """Half a sweep of the demo (at most `limit` steps): the experiment is under way."""
    from workbench.demos.registry import get

    cls = get(demo_id)
    assert cls is not None
    demo = cls(seed=0)
    for count in range(1, 2 * limit + 1):
        if demo.step().done:
            return max(count // 2, 1)
    return limit


def _gallery_at(demo_id: str) -> Steps:
    """Open the gallery, select `demo_id` and step it half a sweep (autoplay off)."""

    async def steps(pilot: Pilot) -> None:
        from textual.widgets import OptionList

        from workbench.tui.screens.gallery import GalleryScreen

        await pilot.press("g")
        await pilot.pause(0.2)
        screen = pilot.app.screen
        assert isinstance(screen, GalleryScreen)
        index = [e.demo_id for e in screen.entries].index(demo_id)
        screen.query_one(OptionList).highlighted = index
        screen.show_demo(index)
        await pilot.pause(0.2)
        demo = screen.pane.demo
        assert demo is not None
        for _ in range(_midway(demo_id) - 1):
            demo.step()  # undrawn steps: the state line's speed note stays out of the picture
        screen.pane.advance()

    return steps


async def _until(pilot: Pilot, condition: Callable[[], bool]) -> None:
    for _ in range(600):
        if condition():
            return
        await pilot.pause(0.05)
    raise SystemExit("the app did not get there in 30 s")


def _prediction(answer: str | None) -> Steps:
    """On the empirical-risk topic press P; then, with `answer`, answer and let it play."""

    async def steps(pilot: Pilot) -> None:
        from workbench.tui.widgets.demo_pane import DemoPane

        await _open(pilot, "erm/risk")
        pane = pilot.app.screen.query_one(DemoPane)
        await _until(pilot, lambda: pane.demo is not None and pane.demo.id == "empirical_risk")
        await pilot.press("P")
        await _until(pilot, lambda: pane.phase == "asking")
        if answer is not None:
            await pilot.press(answer)
            await _until(pilot, lambda: pane.phase == "revealed" and pane.recorded == "")

    return steps


def _demo_shots() -> list[tuple[str, tuple[int, int], Steps]]:
    """The gallery at three sizes, then one shot per registered demo under screenshots/demos/.

    Taken with autoplay off and a fixed number of steps, so each picture is reproducible.
    """
    from workbench.demos.registry import all_demos

    return [
        ("gallery", (120, 36), _gallery_at("bias_variance")),
        ("gallery-wide", (200, 60), _gallery_at("attention_vs_recurrence")),
        ("gallery-narrow", (80, 24), _gallery_at("l1_vs_l2")),
        *[(f"demos/{cls.id}", (120, 36), _gallery_at(cls.id)) for cls in all_demos()],
    ]


SHOTS: list[tuple[str, tuple[int, int], Steps]] = [
    ("main", (120, 36), _erm),
    ("main-wide", (200, 60), _erm),
    ("main-narrow", (80, 24), _nothing),
    ("search", (120, 36), _search),
    ("help", (100, 32), _help),
    ("review", (120, 36), _review),
    ("stats", (120, 36), _stats),
]

PREDICT_SHOTS: list[tuple[str, tuple[int, int], Steps]] = [
    ("predict-question", (120, 36), _prediction(None)),
    ("predict-result", (120, 36), _prediction("2")),
]
"""A prediction asked, then answered (wrongly) and played (autoplay off: reproducible)."""


def main() -> None:
    """Write every screenshot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--png", action="store_true", help="also write PNG files")
    parser.add_argument("only", nargs="*", help="names of shots to take (default: all)")
    args = parser.parse_args()
    os.environ["WORKBENCH_HOME"] = tempfile.mkdtemp(prefix="workbench-shots-")
    OUT.mkdir(exist_ok=True)
    for name, size, steps in SHOTS:
        if not args.only or name in args.only:
            asyncio.run(_shoot(name, size, steps, args.png))
    for name, size, steps in PREDICT_SHOTS:
        if not args.only or name in args.only:
            asyncio.run(_shoot(name, size, steps, args.png, autoplay=False))
    for name, size, steps in _demo_shots():
        if not args.only or name in args.only or "demos" in args.only:
            asyncio.run(_shoot(name, size, steps, args.png, autoplay=False))


if __name__ == "__main__":
    main()
