"""Time the notes importer on nested notes of growing size, to show it stays linear.

Each generated chapter is written the way online books lay questions out: numbered stems
with tagged sub-questions two and three levels deep, display math, an HTML table, a footer.
Run: PYTHONPATH=src python benchmarks/import_bench.py [--questions N]
The last line is machine-readable.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench.content.importing.imported import ImportedChapter
from workbench.content.importing.writer import ImportPlan, write_files
from workbench.content.loader import load_library
from workbench.content.notes_format import NotesSection, escape_stray_dollars, parse_notes

SECTION = """## Section {i}: why does $x_{i}$ matter?

Intro with a price of $5 and math $a^2 + b^2$.

<table><tr><th>k</th><th>v</th></tr><tr><td>{i}</td><td>$\\alpha$</td></tr></table>
Text after the table.

1. Stem {i}.
    $$\\frac{{1}}{{n}}\\sum_i x_i$$
    1. [E] First question {i}?
        The answer, with $\\frac{{1}}{{n}}$.
        - nested point
    2. **[M]** Second question {i} **without** a trick?<br>Explain.
        ```python
        # not a heading
        ```
    3. Deeper stem {i}.
        1. (Hard) Third question {i}?
            Answer three.
        2. 🟢 Fourth question {i}?
2. [M] Fifth question {i}?
   1. [E] Sixth question {i}, a sub-question?
      Answer six.

---

> Footer {i}.

"""
QUESTIONS_PER_SECTION = 6


def best_of(repeats: int, func: Callable[[], object]) -> float:
    """Best wall time of `repeats` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def import_plan(sections: list[NotesSection], root: Path) -> ImportPlan:
    """The files `workbench import` would write for `sections`, as one chapter."""
    plan = ImportPlan(root, set())
    plan.add(ImportedChapter("Bench", sections, [()] * len(sections)))
    return plan


def notes_text(sections: int) -> str:
    """A chapter file of `sections` sections under one `#` file heading."""
    return "# Generated chapter\n\n" + "".join(SECTION.format(i=i) for i in range(sections))


def main() -> int:
    """Print parse times per size, then write and load-back times for the largest size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()
    target = max(QUESTIONS_PER_SECTION, args.questions)
    print(f"{'questions':>9} {'lines':>8} {'parse s':>8} {'us/question':>11}")
    parse_s = 0.0
    notes = None
    for questions in (target // 10, target // 2, target):
        sections = max(1, questions // QUESTIONS_PER_SECTION)
        text = notes_text(sections)
        parse_s = best_of(2, lambda text=text: parse_notes(text, Path("bench.md")))
        notes = parse_notes(text, Path("bench.md"))
        found = sum(len(list(s.all_questions())) for s in notes.sections)
        assert found == sections * QUESTIONS_PER_SECTION, found
        print(f"{found:>9} {text.count(chr(10)):>8} {parse_s:>8.3f} "
              f"{parse_s / found * 1e6:>11.1f}")
    assert notes is not None
    found = sum(len(list(s.all_questions())) for s in notes.sections)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_s = best_of(1, lambda: write_files(import_plan(notes.sections, root).files,
                                                 force=False))
        started = time.perf_counter()
        library = load_library([root])
        load_s = time.perf_counter() - started
        assert library.problems == [], library.problems[:3]
        assert sum(1 for _ in library.questions()) == found
    print(f"write {len(notes.sections)} topic files: {write_s:.3f} s; "
          f"load them back: {load_s:.3f} s")
    for size in (10_000, 100_000, 1_000_000):
        paragraph = "$ " * (size // 2)
        seconds = best_of(3, lambda p=paragraph: escape_stray_dollars(p))
        print(f"escape_stray_dollars, {size:>9} chars of unmatched '$ ': {seconds:.3f} s")
    print(f"import: questions={found} parse_s={parse_s:.3f} "
          f"us_per_question={parse_s / found * 1e6:.1f} write_s={write_s:.3f} load_s={load_s:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
