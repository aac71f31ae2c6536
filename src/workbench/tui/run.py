"""Start the app from the command line."""

from __future__ import annotations

from pathlib import Path


def run_app(content_dirs: list[Path]) -> int:
    """Load the content and run the app until the user quits."""
    from workbench.content.catalog_cache import load_library_cached
    from workbench.content.loader import default_roots
    from workbench.tui.app import WorkbenchApp

    roots = default_roots(content_dirs)
    library = load_library_cached(roots)
    WorkbenchApp(library, roots=roots).run()
    return 0
