"""Fenced code block tracking, shared so the loader and the importer agree on what is code."""

from __future__ import annotations

import re

FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")


class FenceTracker:
    """Follows ``` / ~~~ fences line by line; a fence closes only with the same character.

    With `math`, a display formula between two lines of `$$` counts as fenced too, so a
    formula line that happens to look like a heading is never read as one.
    """

    def __init__(self, *, math: bool = False) -> None:
        self.fence: str | None = None
        """The opening fence while inside a code block (or `$$` in a formula), else None."""
        self.math = math

    def step(self, line: str) -> bool:
        """Feed the next line; True if it is part of a fenced block (fence lines included)."""
        if self.math and self.fence in (None, "$$") and line.strip() == "$$":
            self.fence = None if self.fence else "$$"
            return True
        if self.fence == "$$":
            return True
        match = FENCE_OPEN.match(line)
        if self.fence is None:
            if match:
                self.fence = match.group("fence")
                return True
            return False
        if match and match.group("fence")[0] == self.fence[0] and (
            len(match.group("fence")) >= len(self.fence)
            and not line.strip().lstrip(self.fence[0])
        ):
            self.fence = None
        return True
