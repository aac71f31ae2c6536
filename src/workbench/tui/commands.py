"""Command palette provider: "go to" every topic and question."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.markup import escape

from workbench.tui.host import workbench


class TopicCommands(Provider):
    """Fuzzy-find topics and questions by title and jump there."""

    def _entries(self) -> list[tuple[str, str, str]]:
        entries: list[tuple[str, str, str]] = []
        for topic in workbench(self).library.topics():
            entries.append((f"Go to: {topic.title}", topic.id, f"topic · {topic.difficulty}"))
            for question in topic.questions:
                entries.append((f"Go to: {question.title}", question.id, topic.title))
        return entries

    async def discover(self) -> Hits:
        """List topics when the palette opens empty."""
        for title, node_id, help_text in self._entries():
            if "/" not in node_id:
                yield DiscoveryHit(Text(title), partial(self._open, node_id), text=title,
                                   help=escape(help_text))

    async def search(self, query: str) -> Hits:
        """Topics and questions whose title matches the query."""
        matcher = self.matcher(query)
        for title, node_id, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), partial(self._open, node_id),
                          text=title, help=escape(help_text))

    def _open(self, node_id: str) -> None:
        workbench(self).open_node(node_id)


def _highlight(matcher: Matcher, title: str) -> Text:
    """Like `Matcher.highlight`, but never parses the title as markup (it comes from notes)."""
    text = Text(title)
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        text.stylize("bold underline", offset, offset + 1)
    return text
