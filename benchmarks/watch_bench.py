"""What following the notes folders costs: one poll with nothing changed (every 2 s while the
app runs), and the reload after one file of 1,000 was edited (catalog cache + carry-over),
beside parsing every file again as the reference, in the same process.

    PYTHONPATH=src python benchmarks/watch_bench.py [--topics 1000]

The last line is machine-readable: `watch: key=value ...`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench.content.catalog_cache import load_library_cached
from workbench.content.loader import load_library
from workbench.content.watch import FolderWatcher, carry_over


def generate(root: Path, topics: int, per_topic: int = 10) -> list[Path]:
    """`topics` topic files of `per_topic` questions, 50 to a chapter folder."""
    files = []
    for t in range(topics):
        chapter = root / f"{t // 50 + 1:03d}-generated"
        chapter.mkdir(parents=True, exist_ok=True)
        parts = [f'+++\nid = "gen-{t}"\ntitle = "Generated topic {t}"\ndifficulty = "M"\n+++\n']
        parts += [f"## [M] Question {t}.{q} about gradients {{#q{q}}}\n\nAnswer {t}.{q}: "
                  "the loss $L = \\sum_i (y_i - w x_i)^2$ falls as the model learns.\n"
                  for q in range(per_topic)]
        path = chapter / f"{t % 50 + 1:03d}-gen-{t}.md"
        path.write_text("\n".join(parts), "utf-8")
        files.append(path)
    return files


def median_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root, cache = Path(folder) / "notes", Path(folder) / "catalog.pickle"
        files = generate(root, args.topics)
        library = load_library_cached([root], cache)
        watcher = FolderWatcher([root])
        poll_s = median_of(20, watcher.poll)
        edited = files[len(files) // 2]

        def edit_and_reload() -> None:
            stat = edited.stat()
            edited.write_text(edited.read_text("utf-8") + "\nOne more line.\n", "utf-8")
            os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
            changes = watcher.poll()
            assert changes.modified == (edited,), changes
            reload = carry_over(library, load_library_cached([root], cache), changes)
            assert reload.changed == [f"gen-{len(files) // 2}"], reload.summary

        reload_s = median_of(5, edit_and_reload)
        full_s = median_of(3, lambda: load_library([root]))
    print(f"{len(files)} topic files, {len(files) // 50 + 1} chapter folders")
    print(f"poll, nothing changed:      {poll_s * 1000:8.2f} ms")
    print(f"reload after one edit:      {reload_s * 1000:8.1f} ms")
    print(f"parse everything (ref):     {full_s * 1000:8.1f} ms  "
          f"(reload is {reload_s / full_s:.2f}x of it)")
    print(f"watch: files={len(files)} poll_ms={poll_s * 1000:.2f} reload_ms={reload_s * 1000:.1f} "
          f"full_parse_ms={full_s * 1000:.1f} reload_ratio={reload_s / full_s:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
