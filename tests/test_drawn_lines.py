"""`DrawnLines` gives a node's line back only for the look it was drawn from, renumbered
where the line moved (the meta a click on the tree reads)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from workbench.tui.widgets.drawn_lines import LINE_META, DrawnLines, renumbered


def tree_line(line: int) -> Strip:
    """A line as the Tree draws one: its number in every segment's meta, the node's id
    and the toggle in some."""
    base = Style(bgcolor="black") + Style.from_meta({LINE_META: line})
    return Strip([Segment("▼ ", base + Style.from_meta({"toggle": True, "node": 3})),
                  Segment("Topic", base + Style(bold=True) + Style.from_meta({"node": 3})),
                  Segment("   ", base)])


def test_a_moved_line_is_the_line_drawn_there() -> None:
    assert renumbered(tree_line(4), 9) == tree_line(9)
    assert [s.style.meta for s in renumbered(tree_line(4), 9)] == \
        [s.style.meta for s in tree_line(9)]  # type: ignore[union-attr]
    plain = Strip([Segment("x"), Segment("y", Style(bold=True))])
    assert renumbered(plain, 2) == plain  # no meta: nothing to renumber


def test_lines_are_given_back_for_the_look_they_were_drawn_from() -> None:
    lines, node = DrawnLines(2), object()
    assert lines.get(node, "plain", 4) is None
    strip = tree_line(4)
    lines.keep(node, "plain", 4, strip)
    assert lines.get(node, "plain", 4) is strip
    assert lines.get(node, "cursor", 4) is None
    assert lines.get(node, "plain", 7) == tree_line(7)  # moved

    lines.keep(node, "cursor", 7, tree_line(7))
    assert lines.get(node, "plain", 7) == tree_line(7)  # both looks kept
    lines.keep(node, "third", 7, tree_line(7))
    assert lines.get(node, "cursor", 7) is not None
    assert lines.get(node, "plain", 7) is None  # the oldest look went


def test_the_node_drawn_longest_ago_goes_first() -> None:
    lines = DrawnLines(2)
    a, b, c = object(), object(), object()
    for node in (a, b):
        lines.keep(node, "look", 0, tree_line(0))
    assert lines.get(a, "look", 0) is not None  # a is now the latest used
    lines.keep(c, "look", 0, tree_line(0))
    assert lines.get(b, "look", 0) is None
    assert lines.get(a, "look", 0) is not None and lines.get(c, "look", 0) is not None
    lines.clear()
    assert lines.get(a, "look", 0) is None
