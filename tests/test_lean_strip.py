"""`LeanStrip` relies on Textual's private Strip cache slots (`tui.widgets.lean_strip`):
these tests name them, and fail when a Textual upgrade changes them."""

from __future__ import annotations

import gc

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.cache import FIFOCache
from textual.strip import Strip

from workbench.tui.widgets.lean_strip import CACHE_SLOTS, LeanStrip

PLAIN = {"_segments", "_cell_length", "_render_cache", "_link_ids", "_cell_count"}


def segments() -> list[Segment]:
    return [Segment("hello ", Style(bold=True)), Segment("world", Style(color="red")),
            Segment("  ")]


def test_the_cache_slots_are_strips_own() -> None:
    strip = Strip(segments())
    caches = {name for name in Strip.__slots__ if isinstance(getattr(strip, name), FIFOCache)}
    assert caches == set(CACHE_SLOTS)
    assert set(Strip.__slots__) == PLAIN | caches  # nothing else for LeanStrip to set
    assert {name: getattr(strip, name)._maxsize for name in caches} == CACHE_SLOTS


def test_a_lean_strip_draws_as_a_strip_does() -> None:
    lean, full = LeanStrip(segments(), 13), Strip(segments(), 13)
    style = Style(bgcolor="blue")
    assert lean == full and lean.text == full.text and lean.cell_length == 13
    assert list(lean.apply_style(style)) == list(full.apply_style(style))
    assert list(lean.crop(2, 9)) == list(full.crop(2, 9))
    assert list(lean.crop_extend(1, 20, style)) == list(full.crop_extend(1, 20, style))
    assert [list(s) for s in lean.divide([3, 8])] == [list(s) for s in full.divide([3, 8])]
    assert list(lean.extend_cell_length(20)) == list(full.extend_cell_length(20))
    assert lean.render(Console()) == full.render(Console())
    assert lean.apply_style(style) is lean.apply_style(style)  # cached, once made


def test_a_lean_strip_tracks_fewer_objects_until_drawn() -> None:
    lean, full = LeanStrip(segments()), Strip(segments())
    assert len(gc.get_referents(lean)) < len(gc.get_referents(full))
    assert all(not isinstance(o, FIFOCache) for o in gc.get_referents(lean))
    assert isinstance(LeanStrip.blank(5), LeanStrip)  # Strip's constructors make the subclass
