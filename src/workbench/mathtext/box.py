"""A block of text lines with a baseline: the unit the 2-D layout joins and stacks."""

from __future__ import annotations

from typing import Literal, NamedTuple

from rich.cells import cell_len

Align = Literal["left", "center", "right"]


def pad(text: str, width: int, align: Align = "left") -> str:
    """`text` padded with spaces to `width` cells."""
    gap = max(0, width - cell_len(text))
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


class Box(NamedTuple):
    """Lines of equal cell width; `baseline` is the row that lines up with its neighbours."""

    lines: tuple[str, ...]
    baseline: int = 0

    @staticmethod
    def text(text: str) -> Box:
        """A one-line box."""
        return Box((text,), 0)

    @property
    def width(self) -> int:
        """Width in terminal cells."""
        return max((cell_len(line) for line in self.lines), default=0)

    @property
    def height(self) -> int:
        """Number of lines."""
        return len(self.lines)

    @property
    def below(self) -> int:
        """Rows under the baseline."""
        return self.height - self.baseline - 1


def hjoin(boxes: list[Box]) -> Box:
    """Boxes side by side, baselines on one row."""
    boxes = [b for b in boxes if b.lines]
    if not boxes:
        return Box(("",), 0)
    above = max(b.baseline for b in boxes)
    below = max(b.below for b in boxes)
    rows = [""] * (above + below + 1)
    for box in boxes:
        width = box.width
        top = above - box.baseline
        for r in range(len(rows)):
            inside = top <= r < top + box.height
            rows[r] += pad(box.lines[r - top] if inside else "", width)
    return Box(tuple(rows), above)


def vstack(boxes: list[Box], baseline_of: int, align: Align = "center") -> Box:
    """Boxes one above another, aligned; the baseline is that of box `baseline_of`."""
    width = max(b.width for b in boxes)
    lines: list[str] = []
    baseline = 0
    for index, box in enumerate(boxes):
        if index == baseline_of:
            baseline = len(lines) + box.baseline
        own = box.width
        lines.extend(pad(pad(line, own), width, align) for line in box.lines)
    return Box(tuple(lines), baseline)
