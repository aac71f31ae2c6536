"""Time the notes importer on synthetic notes of growing size, to show it stays linear.

Run: .venv/bin/python benchmarks/import_bench.py
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench.content.notes_format import escape_stray_dollars, parse_notes, write_topic_files

SECTION = (
    "# [M] Section {i}: why does $x_{i}$ matter?\n\n"
    "Intro with a price of $5 and math $a^2 + b^2$.\n\n"
    "1. [E] First question {i}?\n   1. Answer with $\\frac{{1}}{{n}}$.\n      - nested\n"
    "2. [H] Second question {i}?\n   ```python\n   # not a heading\n   ```\n"
)


def best_of(repeats: int, func: Callable[[], object]) -> float:
    """Best wall time of `repeats` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Print parse and write times per size, and a worst case for the dollar scanner."""
    print(f"{'sections':>9} {'lines':>8} {'parse s':>8} {'us/section':>10} {'write s':>8}")
    for count in (1_000, 5_000, 20_000, 50_000):
        text = "".join(SECTION.format(i=i) for i in range(count))
        parse = best_of(3, lambda text=text: parse_notes(text, Path("bench.md")))
        notes = parse_notes(text, Path("bench.md"))
        write = float("nan")
        if count <= 5_000:
            with tempfile.TemporaryDirectory() as folder:
                write = best_of(1, lambda n=notes, f=folder: write_topic_files(n.sections, Path(f)))
        print(f"{count:>9} {text.count(chr(10)):>8} {parse:>8.3f} "
              f"{parse / count * 1e6:>10.1f} {write:>8.3f}")
    for size in (10_000, 100_000, 1_000_000):
        paragraph = "$ " * (size // 2)
        seconds = best_of(3, lambda p=paragraph: escape_stray_dollars(p))
        print(f"escape_stray_dollars, {size:>9} chars of unmatched '$ ': {seconds:.3f} s")


if __name__ == "__main__":
    main()
