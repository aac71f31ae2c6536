"""`DrawnLines`: a tree's drawn lines kept by node, so a line that only moves is not drawn again.

Textual's Tree keeps its drawn lines by line number and forgets all of them whenever a node
is expanded, so `n` into the next topic drew every line below it from scratch (a third of a
millisecond each: guides, label, styles). A line shows the same thing wherever it is, but
for the line number the Tree puts in every segment's meta (`{"line": y}`, read on a click);
a line kept here that moved gets its new number in that meta (a few microseconds). The
meta's key is Tree's convention, named here once; `tests/test_topic_tree.py` checks a tree
drawn from these lines against one drawn from scratch.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

LINE_META = "line"
"""The key of the line number in the meta of Tree's segments."""


def renumbered(strip: Strip, line: int) -> Strip:
    """`strip` with `line` as the line number in its segments' meta."""
    number = Style.from_meta({LINE_META: line})
    return Strip([Segment(text, style + number if style is not None and LINE_META in style.meta
                          else style, control) for text, style, control in strip],
                 strip.cell_length)


class DrawnLines:
    """The last lines drawn for each node (two looks: the cursor comes and goes), for up
    to `size` nodes, with what they were drawn from."""

    LOOKS = 2

    def __init__(self, size: int) -> None:
        self._size = size
        self._lines: OrderedDict[object, list[tuple[Hashable, int, Strip]]] = OrderedDict()

    def get(self, node: object, look: Hashable, line: int) -> Strip | None:
        """The line drawn for `node` from `look`, numbered `line`; None if it was drawn
        from something else (or never)."""
        kept = self._lines.get(node)
        found = next((i for i, (was, _, _) in enumerate(kept) if was == look), None) \
            if kept is not None else None
        if kept is None or found is None:
            return None
        self._lines.move_to_end(node)
        _, at, strip = kept[found]
        if at != line:
            strip = renumbered(strip, line)
            kept[found] = (look, line, strip)
        return strip

    def keep(self, node: object, look: Hashable, line: int, strip: Strip) -> None:
        """Keep `strip`, drawn for `node` from `look` at `line` (forgetting the node
        drawn longest ago when full)."""
        kept = self._lines.get(node)
        if kept is None:
            kept = self._lines[node] = []
            if len(self._lines) > self._size:
                self._lines.popitem(last=False)
        else:
            self._lines.move_to_end(node)
        kept.insert(0, (look, line, strip))
        del kept[self.LOOKS:]

    def clear(self) -> None:
        self._lines.clear()
