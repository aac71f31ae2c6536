"""Key -> reader paint, inside the app: tree `j`, next question `n`, review reveal.

Runs the real app headless at 120x40 (demos paused, so only the keys' own work is timed)
and times, for each key press, until the reader shows the node the key moved to and the
app is idle again (its screen painted): Pilot-based, so it includes Textual's own key
handling. Then holds `j` (30 presses queued at once) and reports how long the app keeps
working after the last one, and how many topics the reader actually rendered.

Each press is timed in wall-clock ms and in CPU ms of the app's thread (`cpu`: what the
press cost the app, less inflated by other processes on a busy machine). A topic change
also draws the side pane's demo (its first frame); `--without-demos` leaves the pane
empty so the figures are the tree, the reader and the review card alone.

Targets: tree j / n p50 <= 33 ms, p95 <= 100 ms; review reveal p50 <= 33 ms.
The last line is machine-readable.

Usage: python benchmarks/keys_bench.py [--rounds 2] [--without-demos]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("WORKBENCH_HOME", tempfile.mkdtemp(prefix="workbench-keys-"))

from textual import events  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from workbench.content import Question, Topic  # noqa: E402
from workbench.content.loader import default_roots, load_library  # noqa: E402
from workbench.tui.app import WorkbenchApp  # noqa: E402
from workbench.tui.widgets.reader import Reader  # noqa: E402
from workbench.tui.widgets.topic_tree import TopicTree  # noqa: E402
from workbench.ui_state import UiState  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def settle(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Until `condition` holds, then until the app is idle (the frame is painted)."""
    for _ in range(2000):
        if condition():
            break
        await pilot.pause(0)
    await pilot.pause()


def shows(reader: Reader, tree: TopicTree) -> bool:
    """The reader shows what the tree cursor is on (chapters change nothing)."""
    node = tree.cursor_node
    data = node.data if node is not None else None
    if isinstance(data, Question):
        return reader.question is data
    if isinstance(data, Topic):
        return reader.topic is data
    return True


Sample = tuple[float, float]
"""Wall-clock and CPU milliseconds of one press."""


async def timed(pilot: Pilot, key: str, done: Callable[[], bool]) -> Sample:
    start, cpu = time.perf_counter(), time.thread_time()
    await pilot.press(key)
    await settle(pilot, done)
    return (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000


def report(name: str, samples: list[Sample], results: dict[str, float]) -> None:
    for kind, values in (("", [s[0] for s in samples]), ("cpu ", [s[1] for s in samples])):
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        key = f"{name}_{kind.strip() + '_' if kind else ''}"
        results[f"{key}p50"], results[f"{key}p95"] = p50, p95
        print(f"{kind + name:12} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   "
              f"max {max(values):6.1f} ms   ({len(values)} presses)", flush=True)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2,
                        help="passes over the bundled tree (the first renders every topic)")
    parser.add_argument("--without-demos", action="store_true",
                        help="leave the demo pane empty (time the tree, reader and card alone)")
    args = parser.parse_args()
    if args.without_demos:
        from workbench.tui.widgets.demo_pane import DemoPane

        def no_demo(self: DemoPane, demo_id: str | None, title: str, summary: str) -> None:
            """Leave the pane as it is."""

        DemoPane.show_topic = no_demo
    from dataclasses import replace

    from workbench.study import Store

    with Store.open() as store:  # reveal is timed on questions: no prediction cards queued
        store.save_settings(replace(store.settings(), predictions=False))
    library = load_library(default_roots())
    first = next(library.questions())
    app = WorkbenchApp(library, restore=UiState(first.topic_id, first.id), autoplay=False)
    results: dict[str, float] = {}

    async def run(pilot: Pilot) -> None:
        reader = app.screen.query_one(Reader)
        tree = app.screen.query_one(TopicTree)
        await settle(pilot, lambda: reader.question is first)
        await pilot.pause(1.0)
        j: list[Sample] = []
        n: list[Sample] = []
        total = sum(1 for _ in library.topics()) + len(library.chapters)
        for _ in range(args.rounds):
            tree.select_id(f"chapter:{library.chapters[0].id}")
            await settle(pilot, lambda: tree.cursor_line == 0)
            for _ in range(total):
                j.append(await timed(pilot, "j", lambda: shows(reader, tree)))
            tree.select_id(first.id)
            await settle(pilot, lambda: reader.question is first)
            for _ in range(sum(1 for _ in library.questions()) - 1):
                before = reader.question
                n.append(await timed(pilot, "n", lambda b=before: reader.question is not b))
        report("tree j", j, results)
        report("n", n, results)

        tree.select_id(f"chapter:{library.chapters[0].id}")
        await settle(pilot, lambda: tree.cursor_line == 0)
        shown: list[object] = []
        original = reader.show_topic

        async def counting(topic: Topic, question_id: str | None = None) -> None:
            if topic is not reader.topic:
                shown.append(topic)
            await original(topic, question_id)

        reader.show_topic = counting  # type: ignore[method-assign]
        for _ in range(30):  # as a held key's repeats arrive: queued faster than handled
            app.post_message(events.Key("j", "j"))
            await asyncio.sleep(1 / 30)
        pressed = time.perf_counter()
        await settle(pilot, lambda: shows(reader, tree)
                     and tree.cursor_line == min(30, tree.last_line))
        tail = (time.perf_counter() - pressed) * 1000
        results["hold_tail_ms"], results["hold_renders"] = tail, len(shown)
        print(f"hold j (30 repeats at 30/s): done {tail:.0f} ms after the last repeat; "
              f"the reader rendered {len(shown)} topics on the way", flush=True)
        reader.show_topic = original  # type: ignore[method-assign]

        reveal: list[Sample] = []
        from workbench.tui.screens.review import ReviewScreen

        for _ in range(10):
            await pilot.press("s")
            await settle(pilot, lambda: isinstance(app.screen, ReviewScreen)
                         and app.screen.session.current is not None)
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            reveal.append(await timed(pilot, "space", lambda s=screen: s.revealed))
            await pilot.press("3")
            await pilot.press("escape")
            await settle(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        report("reveal", reveal, results)

    async def main_async() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await run(pilot)

    asyncio.run(main_async())
    print("keys: " + " ".join(f"{k.replace(' ', '_')}={v:.1f}" for k, v in results.items()))


if __name__ == "__main__":
    main()
