"""Command palette provider for study mode: review queues, bookmarks, notes, statistics."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from workbench.tui.host import workbench
from workbench.tui.keys import merged_bindings
from workbench.tui.screens.study_keys import StudyKeysScreen

STUDY_COMMANDS: list[tuple[str, str, str]] = [
    ("Study: everything due", "study", "due questions, then new ones"),
    ("Study this chapter", "study_chapter", "the chapter under the tree cursor"),
    ("Study bookmarked questions", "study_bookmarked", "only questions you starred"),
    ("Next due question", "next_due", "jump to it in the reader"),
    ("Toggle bookmark", "bookmark", "on the question in the reader"),
    ("Edit personal note", "edit_note", "on the question in the reader"),
    ("Study statistics", "stats", "counts, retention, forecast, coverage"),
    ("Predict, then watch the demo", "predict", "what will a change do? answer, then see"),
]
"""(palette title, action on the main screen, help line); the line ends with the action's
key as bound right now, when it has one."""


class StudyCommands(Provider):
    """Offers the study actions when the palette is opened from the main screen."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = self.screen
        if not isinstance(screen, StudyKeysScreen):
            return []
        ids = {binding.action: binding.id for bindings in merged_bindings(type(screen)).values()
               for binding in bindings if binding.id}
        app = workbench(self)
        return [(title, getattr(screen, f"action_{action}"),
                 help_text + (app.key_hint(type(screen), ids[action]) if action in ids else ""))
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
