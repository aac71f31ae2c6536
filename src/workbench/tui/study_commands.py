"""Command palette provider for study mode: review queues, bookmarks, notes, statistics."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from workbench.tui.screens.study_keys import StudyKeysScreen

STUDY_COMMANDS: list[tuple[str, str, str]] = [
    ("Study: everything due", "study", "due questions, then new ones (s)"),
    ("Study this chapter", "study_chapter", "the chapter under the tree cursor"),
    ("Study bookmarked questions", "study_bookmarked", "only questions you starred"),
    ("Next due question", "next_due", "jump to it in the reader (D)"),
    ("Toggle bookmark", "bookmark", "on the question in the reader (b)"),
    ("Edit personal note", "edit_note", "on the question in the reader (e)"),
    ("Study statistics", "stats", "counts, retention, forecast, coverage (S)"),
    ("Predict, then watch the demo", "predict", "what will a change do? answer, then see (P)"),
]
"""(palette title, action on the main screen, help line)."""


class StudyCommands(Provider):
    """Offers the study actions when the palette is opened from the main screen."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = self.screen
        if not isinstance(screen, StudyKeysScreen):
            return []
        return [(title, getattr(screen, f"action_{action}"), help_text)
                for title, action, help_text in STUDY_COMMANDS]

    async def discover(self) -> Hits:
        """List the study commands when the palette opens empty."""
        for title, run, help_text in self._commands():
            yield DiscoveryHit(Text(title), run, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        """Study commands whose title matches the query."""
        matcher = self.matcher(query)
        for title, run, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)
