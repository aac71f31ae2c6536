"""The right-hand pane: the open topic's summary (the live demo pane takes this place)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from workbench.content import Topic


class TopicSummary(Static):
    """Summary, tags and demo name of the open topic."""

    def show_topic(self, topic: Topic) -> None:
        """Describe `topic`."""
        text = Text()
        text.append(topic.title + "\n\n", style="bold")
        text.append((topic.summary or "No summary.") + "\n\n")
        if topic.tags:
            text.append("tags  ", style="dim")
            text.append(", ".join(topic.tags) + "\n")
        if topic.aliases:
            text.append("aka   ", style="dim")
            text.append(", ".join(topic.aliases) + "\n")
        if topic.demo:
            text.append("demo  ", style="dim")
            text.append(topic.demo + "\n")
        self.update(text)
