"""`LeanStrip`: a Textual `Strip` that makes its small caches when first used.

A `Strip` makes seven caches as it is made (of its crops, styles, filters...): nine
objects the garbage collector tracks and about a kilobyte per line. The rendered topics
kept in `rendered_lines.MARKDOWN_CACHE` are thousands of lines, most never drawn again,
and full collections walk them all. A LeanStrip leaves those slots unset and makes each
cache on first use. This relies on the names and sizes of Strip's private cache slots,
listed here once; `tests/test_lean_strip.py` checks them against Textual's Strip.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from textual.cache import FIFOCache
from textual.strip import Strip

CACHE_SLOTS = {
    "_divide_cache": 4, "_crop_cache": 16, "_style_cache": 16, "_filter_cache": 4,
    "_line_length_cache": 4, "_crop_extend_cache": 4, "_offsets_cache": 4,
}
"""Strip's cache slots and their sizes (as Strip.__init__ makes them)."""


class LeanStrip(Strip):
    """A Strip whose caches are made when first used."""

    __slots__ = ()

    def __init__(self, segments: Iterable[Segment], cell_length: int | None = None) -> None:
        self._segments = list(segments)
        self._cell_length = cell_length
        self._render_cache = None
        self._link_ids = None
        self._cell_count = None

    def __getattr__(self, name: str) -> FIFOCache[object, object]:
        """An unset cache slot: make the cache now."""
        size = CACHE_SLOTS.get(name)
        if size is None:
            raise AttributeError(name)
        cache: FIFOCache[object, object] = FIFOCache(size)
        setattr(self, name, cache)
        return cache
