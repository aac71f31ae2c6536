"""Cost of switching demos in the gallery: build the demo, first step and draw, in the real app.

Run: OPENBLAS_NUM_THREADS=1 python benchmarks/gallery_bench.py [--rounds 3]
Target: a switch under 100 ms for every demo (the cursor waits 80 ms before it switches,
so a held arrow key never queues up demo builds).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


async def measure(rounds: int) -> dict[str, list[float]]:
    """Milliseconds per `show_demo` call (construct, step, draw) for each demo, `rounds` times."""
    from workbench.content.loader import default_roots, load_library
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.gallery import GalleryScreen
    from workbench.ui_state import UiState

    app = WorkbenchApp(load_library(default_roots()), restore=UiState(), autoplay=True)
    times: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.5)
        await pilot.press("g")
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, GalleryScreen)
        for _ in range(rounds):
            for index, entry in enumerate(screen.entries):
                screen.show_demo((index + 1) % len(screen.entries))  # away, then back
                started = time.perf_counter()
                screen.show_demo(index)
                times.setdefault(entry.demo_id, []).append((time.perf_counter() - started) * 1e3)
                await pilot.pause()
    return times


def main() -> None:
    """Print the switch time per demo (median and worst over the rounds) and overall."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ["WORKBENCH_HOME"] = tempfile.mkdtemp(prefix="workbench-bench-")
    times = asyncio.run(measure(args.rounds))
    print(f"{'demo':26s} {'median ms':>10s} {'worst ms':>9s}")
    for demo_id, values in times.items():
        print(f"{demo_id:26s} {statistics.median(values):10.1f} {max(values):9.1f}")
    every = [v for values in times.values() for v in values]
    print(f"{'all':26s} {statistics.median(every):10.1f} {max(every):9.1f}")


if __name__ == "__main__":
    main()
