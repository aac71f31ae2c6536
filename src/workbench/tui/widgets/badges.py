"""Difficulty badges shared by the tree, the reader and search results."""

from __future__ import annotations

from rich.text import Text

BADGE_STYLES = {"E": "bold green", "M": "bold yellow", "H": "bold red"}


def badge(difficulty: str) -> Text:
    """A coloured one-letter difficulty badge."""
    return Text(difficulty, style=BADGE_STYLES.get(difficulty, "bold"))
