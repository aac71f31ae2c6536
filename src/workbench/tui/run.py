"""Start the app from the command line."""

from __future__ import annotations

import gc
from pathlib import Path


def run_app(content_dirs: list[Path]) -> int:
    """Load the content and run the app until the user quits."""
    from workbench.content.catalog_cache import load_library_cached
    from workbench.content.loader import default_roots
    from workbench.tui.app import WorkbenchApp

    roots = default_roots(content_dirs)
    library = load_library_cached(roots)
    # The library lives as long as the app: kept out of the collector's generations, its
    # 100,000+ objects (at 20,000 questions) are not walked again by every full collection.
    gc.freeze()
    WorkbenchApp(library, roots=roots).run()
    return 0
