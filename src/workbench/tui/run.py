"""Start the app from the command line."""

from __future__ import annotations

import gc
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
    # Start-up allocates hundreds of thousands of objects (Textual's classes and CSS, the
    # widgets, the library), none of them garbage: collecting them over and over took a
    # fifth of the CPU to the first screen. The app resumes the collector once it is shown.
    gc.disable()
    from workbench.allocator import return_large_blocks
    from workbench.content.loader import default_roots
    from workbench.tui.app import WorkbenchApp

    return_large_blocks()  # before the catalog is read (see workbench.allocator)
    roots = default_roots(content_dirs)
    library, partial = _first_library(roots, load_ui_state())
    WorkbenchApp(library, roots=roots, partial=partial, collector_paused=True).run()
    return 0


def _first_library(roots: list[Path], restore: UiState) -> tuple[Library, bool]:
    """The library to show first, and whether it is only the first root's."""
    from workbench.content.catalog_cache import load_library_cached

    if len(roots) > 1:
        first = load_library_cached(roots[:1], name=FIRST_CACHE)
        target = restore.question_id or restore.topic_id
        if target is None or first.question(target) or first.topic(target):
            return first, True
    return load_library_cached(roots), False
