"""Study marks shared by the tree and the reader: per-question state, counts, bookmark star."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rich.text import Text

from workbench.study.states import DUE, LEARNED, LEARNING, NEW

STATE_MARKS: dict[str, tuple[str, str]] = {
    NEW: ("·", "dim"),
    DUE: ("●", "bold #ff8700"),
    LEARNING: ("◐", "yellow"),
    LEARNED: ("✓", "green"),
}
"""Glyph and style of each question state (see `tree_counts`)."""
BOOKMARK = ("★", "bold yellow")


def state_mark(state: str | None) -> Text:
    """One-cell mark for a question's study state (blank when unknown)."""
    glyph, style = STATE_MARKS.get(state or "", (" ", ""))
    return Text(glyph, style=style)


def bookmark_mark(marked: bool) -> Text:
    """A star when bookmarked, else nothing."""
    return Text(f" {BOOKMARK[0]}", style=BOOKMARK[1]) if marked else Text()


def count_badges(states: Iterable[str]) -> Text:
    """Compact counts for a topic or chapter: dim `3 new`, coloured `2 due`, green `✓1`."""
    counts = Counter(states)
    parts: list[Text] = []
    if counts[DUE]:
        parts.append(Text(f"{counts[DUE]} due", style=STATE_MARKS[DUE][1]))
    if counts[NEW]:
        parts.append(Text(f"{counts[NEW]} new", style="dim"))
    if counts[LEARNING]:
        parts.append(Text(f"◐{counts[LEARNING]}", style=STATE_MARKS[LEARNING][1]))
    if counts[LEARNED]:
        parts.append(Text(f"✓{counts[LEARNED]}", style=STATE_MARKS[LEARNED][1]))
    return Text(" ").join(parts)


def summary_state(states: list[str]) -> str:
    """One state for a group: DUE if any is due, the shared state if all agree, else LEARNING."""
    known = set(states) - {""}
    if DUE in known:
        return DUE
    if len(known) == 1:
        return known.pop()
    return LEARNING if known else ""
