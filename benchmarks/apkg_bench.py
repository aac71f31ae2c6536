"""Reading an Anki package of 10,000 notes: how long `workbench import deck.apkg` takes
before it writes anything.

The package is written by genanki (collection.anki2) with 100 decks of 100 notes whose
fields hold HTML, MathJax and an image, as real decks do; it is then read twice and the
faster run kept. Times: the collection's notes out of SQLite alone, then the whole import
(HTML to Markdown, math, media). Last line is machine-readable:
`apkg_read notes=10000 seconds=..`
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import genanki

from workbench.content.importing.apkg import read_apkg, read_collection

NOTES = 10_000
DECKS = 100
RUNS = 2
T = TypeVar("T")


def build(path: Path, image: Path) -> None:
    """The benchmark deck: DECKS decks of NOTES / DECKS notes each."""
    model = genanki.Model(1_607_392_319, "Basic", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                                      "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
    decks = []
    for d in range(DECKS):
        deck = genanki.Deck(2_000_000_000 + d, f"Bench::Chapter {d // 10}::Topic {d}")
        for n in range(NOTES // DECKS):
            front = f"Question {d}.{n}: why is \\(x_{{{n}}}^2 &lt; {n + 1}\\)?"
            back = (f"<div>Because <b>squares</b> of small numbers stay small.</div>"
                    f"<ul><li>first reason</li><li>second, with \\(\\alpha = {n}\\)</li></ul>"
                    f"<div>\\[\\sum_{{i=1}}^{{{n}}} i = \\frac{{{n}({n}+1)}}{{2}}\\]</div>"
                    + ('<img src="plot.png">' if n == 0 else ""))
            deck.add_note(genanki.Note(model=model, fields=[front, back],
                                       tags=["bench", "difficulty::hard" if n % 3 else "E"]))
        decks.append(deck)
    genanki.Package(decks, media_files=[str(image)]).write_to_file(str(path))


def best(function: Callable[[], T]) -> tuple[float, T]:
    """The fastest of RUNS calls, and the last result."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        image = folder / "plot.png"
        image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2048))
        package = folder / "bench.apkg"
        start = time.perf_counter()
        build(package, image)
        print(f"wrote {NOTES} notes in {DECKS} decks with genanki in "
              f"{time.perf_counter() - start:.2f} s ({package.stat().st_size // 1024} KiB)")
        with zipfile.ZipFile(package) as archive:
            data = archive.read("collection.anki2")
        sql_seconds, notes = best(lambda: read_collection(data))
        assert len(notes) == NOTES
        print(f"notes out of SQLite: {sql_seconds:.3f} s")
        seconds, result = best(lambda: read_apkg(package))
        questions = result.questions()
        assert len(questions) == NOTES, len(questions)
        chapters = result.chapters
        print(f"whole import (HTML to Markdown, math, media): {seconds:.3f} s, "
              f"{seconds / NOTES * 1e6:.0f} us per note, {len(chapters)} chapters")
        print(f"apkg_read notes={NOTES} seconds={seconds:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
