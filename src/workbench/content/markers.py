"""Difficulty markers in the forms people write them: `[E]`, `[Easy]`, `(Easy)`, `**[M]**`, 🟢.

Shared by the notes importer (where a question starts) and the topic-file checks (a marker
left inside an answer). Something shaped like a marker but unknown (`[X]`, `[Expert]`) is
returned as such so callers can report it; it is never dropped.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from workbench.content.model import Difficulty

WORDS: dict[str, Difficulty] = {
    "e": "E", "easy": "E", "m": "M", "medium": "M", "med": "M", "h": "H", "hard": "H",
}
EMOJI: dict[str, Difficulty] = {"🟢": "E", "🟡": "M", "🔴": "H"}
MARKER = re.compile(
    r"^(?P<open>\*\*|__|\*|_)?"
    r"(?:\[(?P<bracket>[A-Za-z][A-Za-z ]{0,11})\]|\((?P<paren>easy|medium|hard)\)"
    r"|(?P<emoji>[🟢🟡🔴])\ufe0f?)"
    r"(?P<close>\*\*|__|\*|_)?(?![(\[])[ \t]*",
    re.IGNORECASE,
)


class Marker(NamedTuple):
    """What a line of text starts with: a known difficulty, an unknown marker, or neither."""

    difficulty: Difficulty | None
    rest: str
    """The text after a known marker (the whole text otherwise)."""
    unknown: str | None = None
    """The marker as written, when it looks like one but is not a difficulty."""


def split_marker(text: str) -> Marker:
    """Take a leading difficulty marker off `text`."""
    stripped = text.lstrip()
    match = MARKER.match(stripped)
    if match is None:
        return Marker(None, text)
    opened, closed = match.group("open") or "", match.group("close") or ""
    if closed and opened != closed:
        return Marker(None, text)
    rest = opened + stripped[match.end():] if opened and not closed else stripped[match.end():]
    word = (match.group("bracket") or match.group("paren") or "").strip().lower()
    if match.group("emoji"):
        return Marker(EMOJI[match.group("emoji")], rest)
    if word in WORDS:
        return Marker(WORDS[word], rest)
    if match.group("bracket") and " " not in match.group("bracket").strip():
        return Marker(None, text, match.group(0).strip())
    return Marker(None, text)
