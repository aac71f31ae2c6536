"""Start the app from the command line."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from workbench.content.model import Library
from workbench.ui_state import UiState, load_ui_state

FIRST_CACHE = "catalog-first.pickle"
"""The catalog cache of the first root alone (the bundled notes), read before the first paint."""


def run_app(content_dirs: list[Path]) -> int:
    """Load the content and run the app until the user quits.

    A big notes folder must not delay the first screen: when the place to restore is in
    the first root (the bundled notes), the app starts with that root alone and loads the
    rest in a worker once the restored topic is on screen (`NotesReloader`).
    """
    prepare_process()
    from workbench.content.loader import default_roots
    from workbench.tui.app import WorkbenchApp

    roots = default_roots(content_dirs)
    library, partial = _first_library(roots, load_ui_state())
    WorkbenchApp(library, roots=roots, partial=partial, collector_paused=True).run()
    return 0


def prepare_process() -> None:
    """Set the process up for the app, before anything is imported or read (benchmarks
    call it too, to start the app as `workbench` does; the app is then made with
    `collector_paused=True`).

    Start-up allocates hundreds of thousands of objects (Textual's classes and CSS, the
    widgets, the library), none of them garbage: collecting them over and over took a
    fifth of the CPU to the first screen, so the collector is paused until the app has
    shown it. And glibc is asked to give big freed blocks back (`workbench.allocator`).

    OpenBLAS (numpy's) is kept to one thread unless the user says otherwise: the demos'
    arrays are small, its threads would only compete with the UI for the cores, and
    starting them made importing numpy take about half as long again.
    """
    from workbench.allocator import return_large_blocks

    gc.disable()
    return_large_blocks()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _first_library(roots: list[Path], restore: UiState) -> tuple[Library, bool]:
    """The library to show first, and whether it is only the first root's."""
    from workbench.content.catalog_cache import load_library_cached

    if len(roots) > 1:
        first = load_library_cached(roots[:1], name=FIRST_CACHE)
        target = restore.question_id or restore.topic_id
        if target is None or first.question(target) or first.topic(target):
            return first, True
    return load_library_cached(roots), False
