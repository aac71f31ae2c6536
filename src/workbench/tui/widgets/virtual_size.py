"""A line view's scrollable height changed without a layout of the screen.

Setting a scroll view's `virtual_size` asks Textual for a layout, and a layout arranges and
composes every widget on the screen again (a good part of a key's frame), though a line
view's place on screen does not depend on its virtual size. Only its vertical scrollbar
does: its thumb (set here), or, when the scrollbar comes or goes, the view's regions (a
layout then). The reader (a topic's lines) and the tree (a node expanded) use this.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def needs_layout(view: ScrollView, height: int) -> bool:
    """Whether `height` rows make `view`'s vertical scrollbar come or go (or `view` has
    not been laid out yet): a layout of the screen is needed then."""
    room = view.container_size.height
    return not view.is_mounted or not room or (height > room) != view.show_vertical_scrollbar


def set_height_quietly(view: ScrollView, size: Size) -> bool:
    """Give `view` the virtual `size` without a layout when its scrollbar stays as it is
    (True); else set it as usual, which lays the screen out (False)."""
    if needs_layout(view, size.height):
        view.virtual_size = size
        return False
    view.set_reactive(ScrollView.virtual_size, size)
    follow_height(view)
    return True


def follow_height(view: ScrollView) -> None:
    """Put the scrollbar's thumb and the scroll offset right for `view`'s virtual size
    (set without a layout)."""
    bar = view.vertical_scrollbar
    bar.window_virtual_size = view.virtual_size.height
    bar.window_size = view.container_size.height - view.scrollbar_size_horizontal
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
