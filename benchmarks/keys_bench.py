"""Key -> reader paint, inside the app: tree `j`, next question `n`, review reveal.

Runs the real app headless at 120x40 (demos paused, so only the keys' own work is timed).
Each press is a key event posted to the app; it is timed from the moment it is posted to
the end of the first frame the app paints in which the widget the key changes (the
reader; the tree on a chapter line; the answer on the review card) is drawn showing the
new state. The end of that frame is stamped inside the app: the widget's `render_line`
notes that it is drawing the new state and schedules a stamp for right after the frame's
(synchronous) composition. Nothing of Pilot's waiting is timed: between presses the app
is let go idle (and the side pane's demo is let follow), untimed.

Each press is timed in wall-clock ms and in CPU ms of the app's thread (`cpu`: what the
press cost the app, less inflated by other processes on a busy machine). With demos, the
side pane follows the reader once the cursor rests; `demo` times a tree press to the
pane's first frame of the new topic's demo. `--without-demos` leaves the pane empty.
Then holds `j` (about 30 presses posted at 30/s) and reports how long the app keeps working
after the last one, and how many topics the reader rendered.

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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("WORKBENCH_HOME", tempfile.mkdtemp(prefix="workbench-keys-"))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.strip import Strip  # noqa: E402
from textual.widget import Widget  # noqa: E402

from workbench.content import Question, Topic  # noqa: E402
from workbench.content.loader import default_roots, load_library  # noqa: E402
from workbench.tui.app import WorkbenchApp  # noqa: E402
from workbench.tui.run import prepare_process  # noqa: E402
from workbench.tui.widgets.demo_pane import DemoPane  # noqa: E402
from workbench.tui.widgets.reader import Reader  # noqa: E402
from workbench.tui.widgets.topic_tree import TopicTree  # noqa: E402
from workbench.ui_state import UiState  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def settle(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Until `condition` holds, then until the app is idle (untimed: between presses)."""
    for _ in range(2000):
        if condition():
            break
        await pilot.pause(0)
    await pilot.pause()


def shows(reader: Reader, data: object) -> bool:
    """The reader shows `data` (a chapter line changes nothing in it)."""
    if isinstance(data, Question):
        return reader.question is data
    if isinstance(data, Topic):
        return reader.topic is data
    return True


Sample = tuple[float, float]
"""Wall-clock and CPU milliseconds of one press."""

KEY_CHARS = {"space": " "}


class Stopwatch:
    """Time from a key's posting to the end of a frame the app paints."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.started, self._cpu = time.perf_counter(), time.thread_time()
        self._done: asyncio.Future[Sample] = self._loop.create_future()

    def stop(self) -> None:
        """Stamp now (the first stamp counts)."""
        if not self._done.done():
            self._done.set_result(((time.perf_counter() - self.started) * 1000,
                                   (time.thread_time() - self._cpu) * 1000))

    def stop_after_frame(self) -> None:
        """From inside a frame's composition: stamp once the frame is composed (it is
        composed synchronously, so a callback queued now runs right after it)."""
        self._loop.call_soon(self.stop)

    async def result(self, what: str) -> Sample:
        try:
            return await asyncio.wait_for(self._done, 10)
        except TimeoutError:
            raise SystemExit(f"keys_bench: {what} was never painted") from None


def paint_watch(widget: Widget, done: Callable[[], bool]) -> tuple[Stopwatch, Callable[[], None]]:
    """A stopwatch stopped by the end of the first frame that draws `widget` while `done()`
    holds, and the function that stops watching."""
    watch = Stopwatch()
    draw = widget.render_line

    def render_line(y: int) -> Strip:
        if done():
            watch.stop_after_frame()
        return draw(y)

    widget.render_line = render_line  # type: ignore[method-assign, assignment, unused-ignore]
    return watch, lambda: delattr(widget, "render_line")


def press(app: App[Any], key: str) -> None:
    """Post `key` to the app as the terminal driver would."""
    app.post_message(events.Key(key, KEY_CHARS.get(key, key)))


async def timed(app: App[Any], key: str, done: Callable[[], bool], widget: Widget,
                pane: DemoPane | None = None) -> tuple[Sample, Sample | None]:
    """Post `key`; time until the end of the first frame that draws `widget` with `done()`
    (the reader when the key changes what it shows, else the tree's cursor), and (given
    the side `pane`) until the frame after the pane is handed the new topic."""
    watch, unwatch = paint_watch(widget, done)
    demo = Stopwatch() if pane is not None else None
    if pane is not None and demo is not None:
        show = pane.show_topic

        def show_topic(demo_id: str | None, title: str, summary: str) -> None:
            show(demo_id, title, summary)
            pane.call_after_refresh(demo.stop)

        pane.show_topic = show_topic  # type: ignore[method-assign, assignment, unused-ignore]
    press(app, key)
    try:
        sample = await watch.result(f"{key} ({type(widget).__name__})")
        return sample, (await demo.result(f"{key} (the demo)") if demo is not None else None)
    finally:
        unwatch()
        if pane is not None:
            del pane.show_topic


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
        def no_demo(self: DemoPane, demo_id: str | None, title: str, summary: str) -> None:
            """Leave the pane as it is."""

        DemoPane.show_topic = no_demo  # type: ignore[method-assign, assignment, unused-ignore]
    from dataclasses import replace

    from workbench.study import Store

    with Store.open() as store:  # reveal is timed on questions: no prediction cards queued
        store.save_settings(replace(store.settings(), predictions=False))
    library = load_library(default_roots())
    first = next(library.questions())
    prepare_process()  # as `workbench` starts; the app resumes the collector once shown
    app = WorkbenchApp(library, restore=UiState(first.topic_id, first.id), autoplay=False,
                       collector_paused=True)
    results: dict[str, float] = {}

    async def run(pilot: Pilot) -> None:
        screen = app.screen
        reader = screen.query_one(Reader)
        tree = screen.query_one(TopicTree)
        pane = None if args.without_demos else screen.query_one(DemoPane)

        async def rest() -> None:
            """Untimed: until the side pane follows the reader and the app is idle."""
            await settle(pilot, lambda: not getattr(screen, "demo_pending", False))

        await settle(pilot, lambda: reader.question is first)
        await pilot.pause(1.0)
        j: list[Sample] = []
        n: list[Sample] = []
        demo: list[Sample] = []
        total = sum(1 for _ in library.topics()) + len(library.chapters)
        for _ in range(args.rounds):
            tree.select_id(f"chapter:{library.chapters[0].id}")
            await settle(pilot, lambda: tree.cursor_line == 0)
            await rest()
            for _ in range(total):
                node = tree.get_node_at_line(tree.cursor_line + 1)
                assert node is not None
                data = node.data
                topic = library.topic(data.topic_id) if isinstance(data, Question) else (
                    data if isinstance(data, Topic) else None)
                follows = topic is not None and topic is not reader.topic
                moves = follows or (isinstance(data, Question) and data is not reader.question)

                def on_node(node: object = node, data: object = data) -> bool:
                    return tree.cursor_node is node and shows(reader, data)

                sample, shown = await timed(app, "j", on_node, reader if moves else tree,
                                            pane if follows else None)
                j.append(sample)
                if shown is not None:
                    demo.append(shown)
                await rest()
            tree.select_id(first.id)
            await settle(pilot, lambda: reader.question is first)
            await rest()
            for _ in range(sum(1 for _ in library.questions()) - 1):
                def moved(before: object = reader.question) -> bool:
                    return reader.question is not before

                n.append((await timed(app, "n", moved, reader))[0])
                await rest()
        report("tree j", j, results)
        report("n", n, results)
        if demo:
            report("demo", demo, results)

        tree.select_id(f"chapter:{library.chapters[0].id}")
        await settle(pilot, lambda: tree.cursor_line == 0)
        await rest()
        shown_topics: list[object] = []
        original = reader.show_topic

        def counting(topic: Topic, question_id: str | None = None) -> None:
            if topic is not reader.topic:
                shown_topics.append(topic)
            original(topic, question_id)

        reader.show_topic = counting  # type: ignore[method-assign, assignment, unused-ignore]
        # about 30 repeats, stopping on a topic (so the last one changes what the reader shows)
        last = next((y for y in range(30, tree.last_line + 1)
                     if isinstance(getattr(tree.get_node_at_line(y), "data", None), Topic)),
                    min(30, tree.last_line))
        stop = tree.get_node_at_line(last)
        assert stop is not None
        watch, unwatch = paint_watch(
            reader, lambda: tree.cursor_node is stop and shows(reader, stop.data))
        for repeat in range(last):  # as a held key's repeats arrive
            if repeat:
                await asyncio.sleep(1 / 30)
            press(app, "j")
        pressed = time.perf_counter()
        wall, _ = await watch.result("the last held j")
        tail = wall - (pressed - watch.started) * 1000
        unwatch()
        results["hold_tail_ms"], results["hold_renders"] = tail, len(shown_topics)
        print(f"hold j ({last} repeats at 30/s): the reader painted {tail:.0f} ms after the "
              f"last repeat; it rendered {len(shown_topics)} topics on the way", flush=True)
        reader.show_topic = original  # type: ignore[method-assign, assignment, unused-ignore]
        await rest()

        reveal: list[Sample] = []
        from workbench.tui.screens.review import ReviewScreen

        for _ in range(10):
            await pilot.press("s")
            await settle(pilot, lambda: isinstance(app.screen, ReviewScreen)
                         and app.screen.session is not None
                         and app.screen.session.current is not None)
            review = app.screen
            assert isinstance(review, ReviewScreen)
            answer = review.query_one("#review-answer", Widget)
            def revealed(review: ReviewScreen = review) -> bool:
                return review.revealed

            reveal.append((await timed(app, "space", revealed, answer))[0])
            await settle(pilot, lambda: True)
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
