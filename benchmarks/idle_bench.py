"""Is idle idle? CPU of the app (share of one core) in each state, and its memory.

Runs the real app headless at 120x40 in this process and measures process CPU time
(all threads) over a window in each state:

- a demo playing on the main screen, and in the gallery;
- the help screen (a modal) over a playing demo, the terminal unfocused, the pane hidden
  (each should cost next to nothing: no demo frames are drawn);
- nothing open (the bare app's idle, for reference).

Also counts the demo frames drawn in each window, and prints RSS at idle after start and
after a tour (search, five topics, gallery, stats). The last line is machine-readable.

Usage: python benchmarks/idle_bench.py [--seconds 4] [--topic erm]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("WORKBENCH_HOME", tempfile.mkdtemp(prefix="workbench-idle-"))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from textual.app import App  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Static  # noqa: E402

from workbench.content.loader import default_roots, load_library  # noqa: E402
from workbench.tui.app import WorkbenchApp  # noqa: E402
from workbench.tui.run import prepare_process  # noqa: E402
from workbench.tui.widgets.demo_pane import DemoPane  # noqa: E402
from workbench.tui.widgets.reader import Reader  # noqa: E402
from workbench.tui.widgets.search_panel import SearchPanel  # noqa: E402
from workbench.ui_state import UiState  # noqa: E402


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def cpu_share(pilot: Pilot, seconds: float) -> float:
    """Percent of one core this process used while the app ran for `seconds`."""
    cpu, wall = time.process_time(), time.perf_counter()
    await pilot.pause(seconds)
    return 100 * (time.process_time() - cpu) / (time.perf_counter() - wall)


async def wait_for(pilot: Pilot, condition: Callable[[], bool]) -> None:
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.05)
    raise SystemExit("the app did not get there in 20 s")


def pane_of(app: App[None]) -> DemoPane:
    return app.screen.query_one(DemoPane)


async def measure(pilot: Pilot, name: str, seconds: float, pane: DemoPane,
                  results: dict[str, float]) -> None:
    await pilot.pause(0.3)  # let the change settle
    before = pane.frames_drawn
    share = await cpu_share(pilot, seconds)
    results[f"{name}_cpu"] = share
    results[f"{name}_frames"] = pane.frames_drawn - before
    print(f"{name:16} {share:5.1f}% of a core   {pane.frames_drawn - before:3d} demo frames",
          flush=True)


def run_app(app: App[None], script: Callable[[Pilot], Awaitable[None]]) -> None:
    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await script(pilot)
    asyncio.run(main())


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--topic", default="erm", help="a topic with a demo")
    args = parser.parse_args()
    results: dict[str, float] = {}

    class Bare(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Static("hello")

    async def bare_idle(pilot: Pilot) -> None:
        await pilot.pause(0.5)
        results["bare_idle_cpu"] = await cpu_share(pilot, args.seconds)
        print(f"{'bare app idle':16} {results['bare_idle_cpu']:5.1f}% of a core", flush=True)

    run_app(Bare(), bare_idle)

    roots = default_roots()
    library = load_library(roots)
    prepare_process()  # as `workbench` starts; the app resumes the collector once shown
    app = WorkbenchApp(library, restore=UiState(args.topic, None), autoplay=True,
                       roots=roots,  # following the notes folders, as `workbench` does
                       collector_paused=True)

    async def tour(pilot: Pilot) -> None:
        reader = app.screen.query_one(Reader)
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: reader.topic is not None
                       and pane_of(app).demo is not None)
        await wait_for(pilot, lambda: panel.index is not None)  # not the index build's CPU
        await pilot.pause(1.0)
        results["rss_idle_mb"] = rss_mb()
        pane = pane_of(app)
        await measure(pilot, "main playing", args.seconds, pane, results)
        await pilot.press("question_mark")
        await measure(pilot, "help over demo", args.seconds, pane, results)
        await pilot.press("escape")
        app.app_focus = False
        await measure(pilot, "unfocused", args.seconds, pane, results)
        app.app_focus = True
        pane.display = False
        await measure(pilot, "pane hidden", args.seconds, pane, results)
        pane.display = True
        await pilot.press("g")
        await wait_for(pilot, lambda: pane_of(app) is not pane and pane_of(app).demo is not None)
        await measure(pilot, "gallery playing", args.seconds, pane_of(app), results)
        await pilot.press("escape")
        await pilot.press("slash", *"gradient", "escape", "escape")
        for topic in list(library.topics())[:5]:
            app.open_node(topic.id)
            await wait_for(pilot, lambda t=topic: reader.topic is t)  # type: ignore[misc]
        await pilot.press("S")
        await pilot.pause(1.0)
        results["rss_after_tour_mb"] = rss_mb()

    run_app(app, tour)
    print(f"RSS idle {results['rss_idle_mb']:.0f} MB, after search, 5 topics, gallery, stats "
          f"{results['rss_after_tour_mb']:.0f} MB")
    print("idle: " + " ".join(f"{k.replace(' ', '_')}={v:.1f}" for k, v in results.items()))


if __name__ == "__main__":
    main()
