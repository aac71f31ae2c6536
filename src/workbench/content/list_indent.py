"""Re-indent loosely nested lists so a Markdown parser nests them as the author meant.

GitBook-style notes often indent sub-items by two spaces under `8. Stem`, fewer than the
three CommonMark needs, so a parser reads them as siblings of the stem. Lines indented past
an item's marker but short of its content column are moved right to that column (and so is
everything nested under them). Only leading spaces change; lines keep their numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.content.fences import FenceTracker

INTERRUPT = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|>|```|~~~|(?:[-*_][ \t]*){3,}$)")
"""Lines that end a paragraph (and so a lazy list item) without a blank line."""
ITEM = re.compile(r"^(?P<indent> *)(?P<marker>\d{1,9}[.)]|[-*+])(?P<gap>[ ]{1,4}|$)")


@dataclass
class _Item:
    marker: int
    """Source column of the item's marker."""
    content: int
    """Source column where the item's text starts."""
    shift: int
    """Spaces added to lines inside this item."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def normalise_list_indents(lines: list[str]) -> list[str]:
    """The lines with loose sub-item indentation made exact (see module docstring)."""
    out: list[str] = []
    stack: list[_Item] = []
    fences = FenceTracker()
    fence_shift = 0
    previous_blank = False
    for line in lines:
        in_fence = fences.fence is not None
        fenced = fences.step(line)
        if in_fence:
            out.append(" " * fence_shift + line if line.strip() else line)
            continue
        if not line.strip():
            out.append(line)
            previous_blank = True
            continue
        indent = _indent(line)
        match = ITEM.match(line)
        if match or previous_blank or INTERRUPT.match(line):
            while stack and indent <= stack[-1].marker:
                stack.pop()
        shift = 0
        if stack and indent > stack[-1].marker:
            top = stack[-1]
            shift = top.shift + max(0, top.content - indent)
        if match:
            gap = len(match.group("gap")) or 1
            stack.append(_Item(indent, indent + len(match.group("marker")) + gap, shift))
        if fenced:
            fence_shift = shift
        out.append(" " * shift + line)
        previous_blank = False
    return out
